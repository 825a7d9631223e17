import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, type TestBrowser } from './helpers/browser';
import { startGateway, type TestGateway } from './helpers/gateway';

/**
 * A first run as a newcomer sees it, in Chromium: the search page's pictures are the sample
 * catalogues' own, served by the gateway itself; every one loads, and no request leaves the machine.
 */
const available = browserAvailable();

let browser: TestBrowser;
let gateway: TestGateway;
beforeAll(async () => {
  if (!available) return;
  [browser, gateway] = await Promise.all([launchBrowser(), startGateway()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([browser?.close(), gateway?.close()]);
});

describe.runIf(available)('first run in Chromium', () => {
  it('every picture on the first search page loads from the gateway, and nothing leaves the machine', async () => {
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
    // Tall enough that no picture of the page is left lazy.
    await page.setViewportSize({ width: 1280, height: 12_000 });
    const res = await page.goto(`${gateway.url}/?lang=en`);
    expect(res?.status()).toBe(200);
    const count = await page.locator('img').count();
    expect(count).toBeGreaterThan(5);
    await page.waitForFunction(() => [...document.images].every((img) => img.complete), undefined, { timeout: 20_000 });
    const images = await page.evaluate(() => [...document.images].map((img) => ({ src: img.currentSrc, width: img.naturalWidth })));
    for (const image of images) {
      expect(image.width, image.src).toBeGreaterThan(0);
      expect(new URL(image.src).host).toBe(host);
    }
    expect(outside).toEqual([]);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
