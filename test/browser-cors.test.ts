import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, type TestBrowser } from './helpers/browser';
import { startGateway, type TestGateway } from './helpers/gateway';
import { serveOnFreePort, type Served } from './helpers/serve';

/**
 * A real browser (Debian's Chromium): GraphiQL from the gateway with no other host reachable, and
 * a portal page on another origin calling the gateway, preflight and response cache included.
 */
const available = browserAvailable();

let browser: TestBrowser;
let gateway: TestGateway;
let listedOnly: TestGateway;
let portal: Served;
beforeAll(async () => {
  if (!available) return;
  portal = await serveOnFreePort(() => new Response('<!doctype html><title>portal</title><h1>portal</h1>', { headers: { 'content-type': 'text/html' } }));
  [browser, gateway, listedOnly] = await Promise.all([
    launchBrowser(),
    startGateway(),
    startGateway({ CORS_ORIGINS: 'https://portal.example,https://admin.example' }),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all([browser?.close(), gateway?.close(), listedOnly?.close(), portal?.close()]);
});

/** What the portal page's own script does: a JSON POST to the gateway (so a preflight first). */
async function queryFrom(page: Awaited<ReturnType<TestBrowser['page']>>, gatewayUrl: string, query: string) {
  return page.evaluate(
    async ({ url, query }) => {
      try {
        const res = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'accept-language': 'ja' },
          body: JSON.stringify({ query }),
        });
        return { status: res.status, cache: res.headers.get('x-cache'), requestId: res.headers.get('x-request-id'), body: await res.json() };
      } catch (error) {
        return { error: String(error) };
      }
    },
    { url: gatewayUrl, query },
  );
}

describe.runIf(available)('in Chromium', () => {
  it('renders GraphiQL from the gateway with no script error and no request to another host', async () => {
    const page = await browser.page();
    const host = new URL(gateway.url).host;
    const outside: string[] = [];
    await page.context().route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.protocol.startsWith('http') && url.host !== host) {
        outside.push(url.href);
        return route.abort();
      }
      return route.continue();
    });
    const res = await page.goto(`${gateway.url}/graphql`);
    expect(res?.status()).toBe(200);
    await page.waitForSelector('.graphiql-container', { timeout: 20_000 });
    await page.waitForSelector('.graphiql-editor', { timeout: 20_000 });
    await page.waitForTimeout(500);
    expect(await page.locator('#root').innerText()).not.toContain('Loading');
    await page.locator('.graphiql-execute-button').click();
    await page.waitForFunction(() => document.querySelector('.graphiql-response')?.textContent?.includes('productCount'), undefined, { timeout: 20_000 });
    expect(await page.locator('.graphiql-response').innerText()).toContain('"code"');
    expect(page.errors).toEqual([]);
    expect(outside).toEqual([]);
    await page.close();
  });

  it('lets a page on another origin query the gateway, the second answer from the response cache', async () => {
    const page = await browser.page();
    await page.goto(portal.url);
    const query = '{ economies { code name } }';
    const first = await queryFrom(page, gateway.url, query);
    const second = await queryFrom(page, gateway.url, query);
    expect(first).toMatchObject({ status: 200 });
    expect(second).toMatchObject({ status: 200, cache: 'hit' });
    expect((first as any).body.data.economies.length).toBeGreaterThan(3);
    expect((second as any).body).toEqual((first as any).body);
    expect((second as any).requestId).toBeTruthy();
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('refuses a page on an origin that CORS_ORIGINS does not list', async () => {
    const page = await browser.page();
    await page.goto(portal.url);
    const result = await queryFrom(page, listedOnly.url, '{ economies { code } }');
    expect(result).toHaveProperty('error');
    expect(String((result as any).error)).toMatch(/Failed to fetch/);
    expect(page.errors.join('\n')).toMatch(/CORS/);
    await page.close();
  });
});
