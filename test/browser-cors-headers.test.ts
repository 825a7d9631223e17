import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, type TestBrowser } from './helpers/browser';
import { startGateway, type TestGateway } from './helpers/gateway';
import { serveOnFreePort, type Served } from './helpers/serve';

/**
 * CORS_ALLOW_HEADERS in a real browser (Debian's Chromium): a portal page on another origin sends
 * Apollo Client's client-awareness headers and a header the operator configured, and is answered;
 * a header nobody named is refused by the browser's preflight check.
 */
const available = browserAvailable();

let browser: TestBrowser;
let gateway: TestGateway;
let portal: Served;
beforeAll(async () => {
  if (!available) return;
  portal = await serveOnFreePort(() => new Response('<!doctype html><title>portal</title><h1>portal</h1>', { headers: { 'content-type': 'text/html' } }));
  [browser, gateway] = await Promise.all([launchBrowser(), startGateway({ CORS_ALLOW_HEADERS: 'X-Portal-Tenant' })]);
}, 60_000);
afterAll(async () => {
  await Promise.all([browser?.close(), gateway?.close(), portal?.close()]);
});

async function queryWithHeaders(page: Awaited<ReturnType<TestBrowser['page']>>, url: string, headers: Record<string, string>) {
  return page.evaluate(
    async ({ url, headers }) => {
      try {
        const res = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query: '{ economies { code } }' }),
        });
        return { status: res.status, body: await res.json() };
      } catch (error) {
        return { error: String(error) };
      }
    },
    { url, headers },
  );
}

describe.runIf(available)('CORS request headers in Chromium', () => {
  it("answers Apollo's client-awareness headers and a configured header from another origin", async () => {
    const page = await browser.page();
    await page.goto(portal.url);
    const result = await queryWithHeaders(page, gateway.url, {
      'apollographql-client-name': 'ovop-portal',
      'apollographql-client-version': '1.2.3',
      'x-portal-tenant': 'jp',
    });
    expect(result).toMatchObject({ status: 200 });
    expect((result as any).body.data.economies.length).toBeGreaterThan(3);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('refuses a header that neither the defaults nor CORS_ALLOW_HEADERS name', async () => {
    const page = await browser.page();
    await page.goto(portal.url);
    const result = await queryWithHeaders(page, gateway.url, { 'x-unnamed-header': '1' });
    expect(String((result as any).error)).toMatch(/Failed to fetch/);
    expect(page.errors.join('\n')).toMatch(/x-unnamed-header/i);
    await page.close();
  });
});
