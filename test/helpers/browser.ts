import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, which `.ci/run` installs when it is missing. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/**
 * Whether the browser suites can run: Chromium is present. Without it they fail loudly in CI and
 * are skipped with a printed reason elsewhere, as the Redis suites are.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const reason = `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
  if (process.env.CI) throw new Error(`browser tests cannot run: ${reason}`);
  console.warn(`skipping browser tests: ${reason}`);
  return false;
}

export interface TestBrowser {
  browser: Browser;
  /** A new page that records every script error and failed console message it sees. */
  page(): Promise<Page & { errors: string[] }>;
  close(): Promise<void>;
}

/** Launches Debian's Chromium headless through playwright-core (which gives it a fresh profile). */
export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  return {
    browser,
    async page() {
      const page = (await browser.newPage()) as Page & { errors: string[] };
      page.errors = [];
      page.on('pageerror', (error) => page.errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') page.errors.push(message.text());
      });
      return page;
    },
    close: () => browser.close(),
  };
}
