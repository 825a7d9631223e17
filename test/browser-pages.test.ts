import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import jsonld from 'jsonld';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, type TestBrowser } from './helpers/browser';
import { startEconomyServer, thManifest, type EconomyServer } from './helpers/economy-server';
import { startGateway, type TestGateway } from './helpers/gateway';

const ADMIN = 'operator-token-for-the-browser-suite';
// The README's screenshots are rewritten only on request (`npm run screenshots`, with Debian's
// fonts-noto-cjk and fonts-thai-tlwg for Japanese and Thai); a plain test run keeps the tree clean.
const SHOTS = process.env.UPDATE_SCREENSHOTS
  ? new URL('../docs/screenshots/', import.meta.url)
  : pathToFileURL(`${mkdtempSync(join(tmpdir(), 'ovop-shots-'))}/`);
const run = browserAvailable();

let gateway: TestGateway;
let economy: EconomyServer;
let browser: TestBrowser;
let economyKey: string;

beforeAll(async () => {
  if (!run) return;
  [gateway, economy, browser] = await Promise.all([
    startGateway({ GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true' }),
    startEconomyServer(),
    launchBrowser(),
  ]);
  const { data } = await gateway.graphql('mutation { createEconomyKey(economy: "TH") { key } }', {}, { authorization: `Bearer ${ADMIN}` });
  economyKey = data.createEconomyKey.key;
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);
afterAll(async () => {
  await Promise.all([browser?.close(), gateway?.close(), economy?.close()]);
});

/** Product photos live on the economies' hosts; the suite answers them with a drawn placeholder. */
function photo(url: string): string {
  let hash = 0;
  for (const ch of url) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},55%,78%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},50%,58%)"/></linearGradient></defs>
<rect width="400" height="300" fill="url(#g)"/><circle cx="${120 + (hash % 160)}" cy="150" r="70" fill="hsla(${(hue + 180) % 360},40%,96%,.55)"/></svg>`;
}

async function open(options: { width?: number; javaScript?: boolean; locale?: string } = {}): Promise<Page & { errors: string[] }> {
  const context = await browser.browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    javaScriptEnabled: options.javaScript ?? true,
    locale: options.locale ?? 'en-US',
  });
  const page = (await context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') page.errors.push(message.text());
  });
  await context.route('https://samples.ovop.example/**', (route) =>
    route.fulfill({ status: 200, contentType: 'image/svg+xml', body: photo(route.request().url()) }),
  );
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: new URL(`${name}.png`, SHOTS).pathname, fullPage: false });

describe.runIf(run)('the portal pages in Chromium', () => {
  it('searches in Vietnamese for "lap suon", priced in USD', async () => {
    const page = await open({ locale: 'vi-VN' });
    await page.goto(`${gateway.url}/?lang=vi&currency=USD`);
    await page.fill('input[name=q]', 'lap suon');
    await Promise.all([page.waitForURL(/q=lap\+suon/), page.press('input[name=q]', 'Enter')]);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    const first = page.locator('ol.results article').first();
    expect(await first.locator('h2').innerText()).toContain('Lạp sườn Bích Trâm');
    const price = await first.locator('.price').innerText();
    expect(price).toMatch(/US\$|\$/);
    expect(price).toMatch(/\d/);
    expect(await page.locator('select[name=currency]').inputValue()).toBe('USD');
    expect(page.errors).toEqual([]);
  });

  it('finds かぼす typed into the search box, and takes the search page screenshot', async () => {
    const page = await open({ locale: 'ja-JP' });
    await page.goto(`${gateway.url}/?lang=ja`);
    await page.locator('input[name=q]').pressSequentially('かぼす');
    await Promise.all([page.waitForURL(/q=/), page.click('form.search button[type=submit]')]);
    const names = await page.locator('ol.results h2').allInnerTexts();
    expect(names.length).toBeGreaterThan(0);
    expect(names.some((n) => /かぼす|カボス/.test(n))).toBe(true);
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    expect(page.errors).toEqual([]);

    const en = await open();
    await en.goto(`${gateway.url}/?lang=en&currency=USD`);
    await en.waitForLoadState('networkidle');
    await shot(en, 'search');
    expect(en.errors).toEqual([]);
  });

  it('opens a product, reads its story and its embedded JSON-LD (a schema.org Product)', async () => {
    const page = await open();
    await page.goto(`${gateway.url}/?lang=en&currency=USD&q=lap+suon`);
    await Promise.all([page.waitForURL(/\/products\//), page.locator('ol.results h2 a').first().click()]);
    const story = await page.locator('section[aria-labelledby=story-h] p').innerText();
    expect(story).toMatch(/Đồng Mỏ|Dong Mo|family/);
    const text = await page.locator('script[type="application/ld+json"]').textContent();
    const document = JSON.parse(text!);
    expect(document.identifier).toBe('vn-ocop:LS-0001');
    const [expanded] = (await jsonld.expand(document)) as Array<Record<string, unknown>>;
    expect(expanded!['@type']).toContain('https://schema.org/Product');
    expect(await page.locator('.rate').innerText()).toMatch(/VND.*USD/);
    await page.waitForLoadState('networkidle');
    await shot(page, 'product');
    expect(page.errors).toEqual([]);
  });

  it('follows a GS1 Digital Link to the product page, in the language it carries', async () => {
    const page = await open();
    await page.goto(`${gateway.url}/01/08936042100014?lang=vi&currency=VND`);
    expect(new URL(page.url()).pathname).toBe('/products/vn-ocop%3ALS-0001');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('vi');
    expect(await page.locator('h1').innerText()).toContain('Lạp sườn Bích Trâm');
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    expect(page.errors).toEqual([]);
  });

  it('opens a compliance checklist from the destination picker, without JavaScript too', async () => {
    for (const javaScript of [true, false]) {
      const page = await open({ javaScript });
      await page.goto(`${gateway.url}/products/${encodeURIComponent('vn-ocop:LS-0001')}?lang=en`);
      await page.selectOption('select[name=destination]', 'JP');
      await Promise.all([page.waitForURL(/\/compliance\/JP/), page.click('form.pick button')]);
      expect(await page.locator('[data-status]').first().getAttribute('data-status')).toMatch(/^(READY|GAPS|BLOCKED)$/);
      const rows = page.locator('table.checks tbody tr');
      expect(await rows.count()).toBeGreaterThan(3);
      expect(await rows.first().locator('td').nth(3).innerText()).not.toBe('');
      if (javaScript) {
        await shot(page, 'compliance');
        expect(page.errors).toEqual([]);
      }
    }
  });

  it('dry-runs a manifest with broken records in /register and shows each issue; the key is never shown', async () => {
    const page = await open();
    await page.goto(`${gateway.url}/register?lang=en`);
    await page.fill('input[name=key]', economyKey);
    await page.fill('textarea[name=manifest]', JSON.stringify(thManifest(economy.url), null, 2));
    await Promise.all([page.waitForLoadState('load'), page.click('button[name=dryRun]')]);
    await page.waitForSelector('#counts');
    expect(await page.locator('[data-count=sampled]').innerText()).toBe('16');
    expect(await page.locator('[data-count=accepted]').innerText()).toBe('14');
    expect(await page.locator('[data-count=rejected]').innerText()).toBe('2');
    const issues = page.locator('table.issues tbody tr');
    expect(await issues.count()).toBeGreaterThanOrEqual(2);
    for (const row of await issues.all()) {
      const [record, path, message] = await row.locator('td').allInnerTexts();
      expect(record).toMatch(/\S/);
      expect(path).toMatch(/\S/);
      expect(message).toMatch(/\S/);
    }
    expect(page.url()).not.toContain(economyKey);
    expect(await page.content()).not.toContain(economyKey);
    expect(await page.inputValue('input[name=key]')).toBe('');
    await shot(page, 'register');

    await page.fill('input[name=key]', economyKey);
    await Promise.all([page.waitForLoadState('load'), page.click('button[name=register]')]);
    await page.waitForSelector('#connector');
    expect(await page.locator('#connector [data-status]').innerText()).toMatch(/UP|DEGRADED/);
    expect(await page.content()).not.toContain(economyKey);
    expect(page.errors).toEqual([]);
  });

  it('works at phone width (375 px): nothing wider than the screen, controls labelled', async () => {
    for (const path of [
      '/?lang=th&currency=THB',
      `/products/${encodeURIComponent('jp-ovop:OITA-0001')}?lang=ja`,
      `/products/${encodeURIComponent('vn-ocop:LS-0001')}/compliance/JP`,
      '/register',
    ]) {
      const page = await open({ width: 375 });
      await page.goto(`${gateway.url}${path}`);
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      const unlabelled = await page.evaluate(
        () =>
          [...document.querySelectorAll('input:not([type=hidden]), select, textarea')].filter(
            (el) => !(el.id && document.querySelector(`label[for="${el.id}"]`)) && !el.getAttribute('aria-label'),
          ).length,
      );
      expect(unlabelled, path).toBe(0);
      if (path.startsWith('/products/jp')) await shot(page, 'product-phone');
      expect(page.errors, path).toEqual([]);
    }
  });

  it('searches with JavaScript off', async () => {
    const page = await open({ javaScript: false });
    await page.goto(`${gateway.url}/?lang=en`);
    await page.fill('input[name=q]', 'batik');
    await page.selectOption('select[name=currency]', 'MYR');
    await Promise.all([page.waitForURL(/q=batik/), page.click('form.search button[type=submit]')]);
    expect(await page.locator('ol.results article').count()).toBeGreaterThan(0);
    expect(await page.locator('ol.results .price').first().innerText()).toMatch(/RM|MYR/);
  });
});
