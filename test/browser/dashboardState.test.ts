import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, GUARD_HASH, NOW, startFakeApi, type FakeApi } from './fakeApi.ts';

// What the client page says about a contract's state (issue 12): linked clients, skipped
// contracts without a client, cancelled ones, in both languages. Skipped without Chromium.
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// Retried: under a loaded 2-core machine a step has hung once in a few full runs (a wait that
// never saw its element, 30 s), alone it never has. A step now gives up after 10 s naming its
// selector, and the test runs again on the same page; a real regression fails all three times.
describe.skipIf(!existsSync(CHROMIUM))('dashboard: contract states in headless Chromium', { retry: 2 }, () => {
  let fake: FakeApi;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const pageErrors: string[] = [];

  const texts = (selector: string) => page.locator(selector).allTextContents();
  const text = async (selector: string) => (await page.locator(selector).first().textContent()) ?? '';
  const openClient = async (code: string) => {
    await page.evaluate(`location.hash = ${JSON.stringify(`#/client/${code}`)}`);
    await page.locator(`#client-title:has-text("${code}")`).waitFor();
    await page.locator('#timeline, #client-view .muted').first().waitFor();
  };
  const setLang = async (lang: 'pt-BR' | 'en') => {
    if ((await page.getAttribute('html', 'lang')) !== lang) await page.click('#lang-switch');
    await page.waitForFunction(`document.documentElement.lang === ${JSON.stringify(lang)}`);
  };

  beforeAll(async () => {
    fake = await startFakeApi();
    profile = mkdtempSync(join(tmpdir(), 'sgp-ozmap-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 900 },
      locale: 'en-US',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.clock.setFixedTime(new Date(NOW));
    await page.goto(fake.url);
    await page.locator('body[data-loaded="yes"]').waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await fake?.app.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('a skipped contract whose client is not in OZmap does not say "OZmap is as SGP asks"', async () => {
    await setLang('pt-BR');
    await openClient('3001');
    expect(await text('#pending')).not.toContain('o OZmap está como o SGP pede');
    expect(await text('#pending')).toContain('Nenhum cliente com este código no OZmap');
    expect(await text('#pending')).toContain('Caixa não encontrada no OZmap');
    await setLang('en');
    await page.locator('#pending:has-text("No client with this code in OZmap")').waitFor();
    expect(await text('#pending')).not.toContain('OZmap is as SGP asks');
  });

  it("a cancelled contract's trail does not end as if its client never existed", async () => {
    await setLang('pt-BR');
    await openClient('7001');
    const story = await texts('#timeline .tl-text');
    expect(story.at(-1)).not.toMatch(/^não criado/);
    expect(story.at(-1)).toMatch(/^continua removido do OZmap: o contrato está cancelado no SGP/);
    expect(await text('#pending')).toContain('removido no cancelamento');
    await setLang('en');
    await page.locator('#timeline .tl-text:has-text("stays removed")').waitFor();
    expect((await texts('#timeline .tl-text')).at(-1)).toMatch(
      /^stays removed from OZmap: the contract is cancelled in SGP/,
    );
  });

  it('a linked contract shows its state, its OZmap ids and the link in its trail', async () => {
    await setLang('pt-BR');
    await openClient('8001');
    expect(await text('#desired')).toContain('Vinculado no OZmap');
    expect(await text('#desired')).toContain('oc-8');
    expect(await text('#desired')).toContain('op-8');
    expect(await texts('#timeline .tl-text')).toContainEqual(
      expect.stringMatching(/^cliente oc-8 encontrado no OZmap com este código \(imóvel op-8\)/),
    );
    expect(pageErrors).toEqual([]);
  });

  it('the plan view shows the plans the last cycles recorded, grouped, with the guard verdict', async () => {
    await setLang('pt-BR');
    await page.evaluate('location.hash = "#plan"');
    await page.locator('#plan-body table').first().waitFor();
    const plan = await text('#plan');
    expect(plan).toContain('Plano');
    const rows = (await texts('#plan-body tr')).join('\n');
    expect(rows).toContain('Criar');
    expect(rows).toContain('Caixa não encontrada no OZmap');
    expect(rows).toMatch(/Não criar.*3/);
    expect(plan).toContain('Proteção acionada: 62 de 950 clientes');
    expect(plan).toContain(GUARD_HASH);
    expect(fake.livePlans).toEqual([]);
  });

  it('a live plan is computed only on request, with the admin token', async () => {
    await page.click('#plan-live');
    await page.locator('#token-dialog').waitFor();
    await page.fill('#token-input', ADMIN_TOKEN);
    await page.press('#token-input', 'Enter');
    await expect.poll(() => fake.livePlans).toEqual([{ authorization: `Bearer ${ADMIN_TOKEN}` }]);
    await page.locator('#plan-live-body table').waitFor();
    expect(await text('#plan-live-body')).toContain('Caixa sem splitter');
    await setLang('en');
    await page.locator('#plan:has-text("Guard tripped: 62 of 950 clients")').waitFor();
    expect(await text('#plan')).toContain('Box not found in OZmap');
    expect(pageErrors).toEqual([]);
  });
});
