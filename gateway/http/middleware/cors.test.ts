import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { cors } from './cors';
import { standardHeader } from './header';
import { requestContext, respond } from './request-context';

function app(origins: '*' | string[]) {
  const app = new Hono();
  app.use('*', cors({ origins, header: standardHeader }));
  app.use(
    '*',
    requestContext(() => '', standardHeader),
  );
  app.get('/fresh', (c) => c.json({ ok: true }, 200, { vary: 'Accept' }));
  app.get('/built', (c) => respond(c, { body: '{}', headers: { 'content-type': 'application/json' }, timings: () => '' }));
  return app;
}
const preflight = { method: 'OPTIONS', headers: { origin: 'https://a.example', 'access-control-request-method': 'POST' } };

describe('cors', () => {
  it('answers any preflight with 204 and never allows credentials', async () => {
    const res = await app('*').request('/anything', preflight);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('gives fresh answers and answers built at once the same headers', async () => {
    for (const path of ['/fresh', '/built']) {
      const res = await app(['https://a.example']).request(path, { headers: { origin: 'https://a.example' } });
      expect(res.headers.get('access-control-allow-origin'), path).toBe('https://a.example');
      expect(res.headers.get('vary'), path).toMatch(/Origin/);
    }
    expect((await app(['https://a.example']).request('/fresh', { headers: { origin: 'https://a.example' } })).headers.get('vary')).toBe('Accept, Origin');
  });

  it('tells an unlisted origin nothing, but still varies on Origin', async () => {
    const listed = app(['https://a.example']);
    for (const init of [{ headers: { origin: 'https://b.example' } }, {}]) {
      const res = await listed.request('/built', init);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('vary')).toBe('Origin');
    }
    const pre = await listed.request('/built', { ...preflight, headers: { ...preflight.headers, origin: 'https://b.example' } });
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.headers.get('access-control-allow-headers')).toBeNull();
  });

  it("allows Apollo's client-awareness headers by default, and the configured ones besides", async () => {
    const configured = new Hono();
    configured.use('*', cors({ origins: '*', allowHeaders: ['X-Portal-Tenant'], header: standardHeader }));
    const plain = await app('*').request('/anything', preflight);
    const allowed = (plain.headers.get('access-control-allow-headers') ?? '').split(', ');
    for (const name of ['apollographql-client-name', 'apollographql-client-version', 'apollo-require-preflight', 'traceparent', 'x-request-id']) {
      expect(allowed).toContain(name);
    }
    expect(allowed).not.toContain('x-portal-tenant');
    const res = await configured.request('/anything', preflight);
    expect((res.headers.get('access-control-allow-headers') ?? '').split(', ')).toContain('x-portal-tenant');
  });
});
