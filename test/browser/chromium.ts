import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { NOW } from './fakeApi.ts';

// Debian's Chromium driven by playwright-core (docs/TESTING.md), shared by the browser test and
// the script that regenerates the README's picture.
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = (): boolean => existsSync(CHROMIUM);
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface DashboardBrowser {
  readonly page: Page;
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Opens the dashboard at `url` in a fresh profile, the browser's clock fixed at the fake API's
 * NOW; `onPageError` hears every uncaught error of the page, those of the first load included.
 */
export async function openDashboard(
  url: string,
  onPageError: (message: string) => void = () => {},
): Promise<DashboardBrowser> {
  // A fresh profile each run (Playwright takes it as the user data dir, not as a flag).
  const profile = mkdtempSync(join(tmpdir(), 'sgp-ozmap-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => onPageError(error.message));
  await page.clock.setFixedTime(new Date(NOW));
  await page.goto(url);
  await page.locator('body[data-loaded="yes"]').waitFor();
  return {
    page,
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
