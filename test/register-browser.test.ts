import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, type TestBrowser } from './helpers/browser';
import { startGateway, type TestGateway } from './helpers/gateway';
import { serveOnFreePort, type Served } from './helpers/serve';

/**
 * Issue 32 in Chromium: /register given the economy key alone lists the economy's connectors with
 * their last harvest and its issues, in the visitor's language; outcomes read in plain words.
 */
const ADMIN = 'operator-token-for-the-register-browser-suite';
const run = browserAvailable();

const good = (n: number) => ({ code: `TH-${String(n).padStart(2, '0')}`, name: `ผ้าไหม ${n}`, price: '฿1,250.00', category: 'textile' });
const ten = [...Array.from({ length: 8 }, (_, i) => good(i + 1)), { ...good(9), price: 'ask us' }, { ...good(10), category: 'spaceship' }];

let catalogue: Served;
let gateway: TestGateway;
let browser: TestBrowser;
let thKey: string;
const manifest = () => ({
  id: 'th-otop',
  economy: 'TH',
  programme: 'OTOP',
  name: 'Thailand OTOP',
  source: { url: `${catalogue.url}/items.json`, format: 'json', items: 'data.items' },
  defaults: { currency: 'THB', language: 'th' },
  mapping: { localId: 'code', name: 'name', price: 'price', category: 'category' },
});

beforeAll(async () => {
  if (!run) return;
  catalogue = await serveOnFreePort(new Hono().get('/items.json', (c) => c.json({ data: { items: ten } })).fetch);
  [gateway, browser] = await Promise.all([startGateway({ GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true' }), launchBrowser()]);
  const { data } = await gateway.graphql('mutation { createEconomyKey(economy: "TH") { key } }', {}, { authorization: `Bearer ${ADMIN}` });
  thKey = data.createEconomyKey.key;
}, 120_000);
afterAll(async () => {
  await Promise.all([browser?.close(), gateway?.close(), catalogue?.close()]);
});

async function open(locale = 'en-US') {
  const context = await browser.browser.newContext({ locale });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${gateway.url}/register`);
  return { page, errors, close: () => context.close() };
}

describe.skipIf(!run)('/register in Chromium', () => {
  it('registers with 2 rejected records as a success with a list to fix, then lists the connector and its last harvest for the key alone', async () => {
    const { page, errors, close } = await open();
    await page.fill('input[name=key]', thKey);
    await page.fill('textarea[name=manifest]', JSON.stringify(manifest(), null, 2));
    await Promise.all([page.waitForLoadState('load'), page.click('button[name=register]')]);
    const outcome = page.locator('section[role=status]');
    expect(await outcome.getAttribute('data-outcome')).toBe('success');
    expect(await outcome.getAttribute('class')).toBe('notice ok');
    expect(await outcome.locator('h3').innerText()).toBe('2 record(s) to fix');
    expect(await page.locator('table.issues tbody tr').count()).toBe(2);

    // The key alone: the manifest box may stay empty (the button skips the form's own checks).
    await page.fill('textarea[name=manifest]', '');
    await page.fill('input[name=key]', thKey);
    await Promise.all([page.waitForLoadState('load'), page.click('button[name=connectors]')]);
    await page.waitForSelector('#connectors');
    expect(await page.locator('#connectors h2').innerText()).toBe('Connectors of Thailand');
    const connector = page.locator('article[data-connector="th-otop"]');
    expect(await connector.locator('.harvest').getAttribute('data-harvest')).toBe('COMPLETE');
    expect(await connector.locator('.harvest [data-count=records]').innerText()).toBe('10');
    expect(await connector.locator('.harvest [data-count=accepted]').innerText()).toBe('8');
    expect(await connector.locator('.harvest [data-count=quarantined]').innerText()).toBe('2');
    const rows = connector.locator('table.issues tbody tr');
    expect(await rows.count()).toBe(2);
    expect((await rows.locator('td:first-child').allInnerTexts()).sort()).toEqual(['TH-09', 'TH-10']);
    expect(await page.locator('article[data-connector="jp-ovop"]').count()).toBe(0);
    expect(await page.content()).not.toContain(thKey);
    expect(errors).toEqual([]);
    await close();
  });

  it('speaks the visitor’s language: Thai headings and harvest results', async () => {
    const { page, close } = await open('th-TH');
    await page.fill('input[name=key]', thKey);
    await Promise.all([page.waitForLoadState('load'), page.click('button[name=connectors]')]);
    expect(await page.locator('#connectors h2').innerText()).toBe('ตัวเชื่อมต่อของ ไทย');
    expect(await page.locator('article[data-connector="th-otop"] .harvest [data-status]').innerText()).toBe('ครบถ้วน');
    await close();
  });

  it('says a JSON mistake by line and column, and a wrong key in plain words', async () => {
    const { page, close } = await open();
    await page.fill('input[name=key]', thKey);
    await page.fill('textarea[name=manifest]', '{\n  "id": "th-otop"\n  "economy": "TH"\n}');
    await Promise.all([page.waitForLoadState('load'), page.click('button[name=dryRun]')]);
    expect(await page.locator('#outcome-h').innerText()).toBe('The manifest needs changes');
    expect(await page.locator('#json-mistake').innerText()).toContain('on line 3, column 3');

    await page.fill('input[name=key]', 'ovop_th_not-a-key');
    await page.fill('textarea[name=manifest]', JSON.stringify(manifest()));
    await Promise.all([page.waitForLoadState('load'), page.click('button[name=dryRun]')]);
    expect(await page.locator('#outcome-h').innerText()).toBe('The economy key was not accepted');
    const text = await page.locator('section[role=alert]').innerText();
    expect(text).not.toMatch(/UNAUTHENTICATED|bearer token/);
    await close();
  });
});
