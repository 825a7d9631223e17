import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from './helpers/gateway';

/** Issue 28, row 8: every /register input that cannot be used is the form with a message, never a 500. */
let gw: TestGateway;
const logs: string[] = [];

beforeAll(async () => {
  gw = await startGateway({}, { log: (level, message, fields) => void logs.push(JSON.stringify({ level, message, ...fields })) });
});
afterAll(() => gw?.close());

const post = (form: Record<string, string>) =>
  fetch(`${gw.url}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', accept: 'text/html' },
    body: new URLSearchParams(form),
  });

describe('/register with keys no header can carry (attack)', () => {
  it.each([
    ['a line break', 'ovop_key\nX-Injected: 1'],
    ['a carriage return', 'ovop_key\rmore'],
    ['NUL', 'ovop\u0000key'],
    ['Cyrillic', 'ключ-экономики'],
    ['an emoji', 'key-🔑'],
    ['a lone surrogate', 'key-\ud800'],
  ])('a key with %s is the form with a message', async (_, key) => {
    const response = await post({ key, manifest: '{}', dryRun: '1' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('data-code="BAD_USER_INPUT"');
    expect(html).toContain('<textarea id="manifest" name="manifest"');
    expect(html).toMatch(/economy key/i);
  });

  it('logs no unexpected error for them', () => {
    expect(logs.filter((l) => l.includes('"level":"error"'))).toEqual([]);
  });
});

describe('/register with other unusable input (attack)', () => {
  it.each([
    ['no key', { manifest: '{}', dryRun: '1' }],
    ['no manifest', { key: 'k', dryRun: '1' }],
    ['a manifest that is not JSON', { key: 'k', manifest: '{', dryRun: '1' }],
    ['a manifest that is a JSON array', { key: 'k', manifest: '[1,2]', dryRun: '1' }],
    ['a manifest that is JSON null', { key: 'k', manifest: 'null', register: '1' }],
  ])('%s is the form with a message', async (_, form) => {
    const response = await post(form as Record<string, string>);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await response.text()).toContain('<textarea id="manifest" name="manifest"');
  });

  it('a multipart form with a file for the key is the form with a message', async () => {
    const body = new FormData();
    body.set('key', new Blob(['secret']), 'key.txt');
    body.set('manifest', '{}');
    const response = await fetch(`${gw.url}/register`, { method: 'POST', headers: { 'sec-fetch-site': 'same-origin' }, body });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('data-code="BAD_USER_INPUT"');
  });
});
