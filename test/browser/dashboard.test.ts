import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, openDashboard, type DashboardBrowser } from './chromium.ts';
import { ADMIN_TOKEN, GUARD_HASH, OBSERVATION, XSS_NAME, startFakeApi, type FakeApi } from './fakeApi.ts';

// The dashboard (src/adapters/http/dashboard/) in Debian's Chromium, against a fake of the API
// with fixed data. Where Chromium is not installed the suite reports itself skipped.
// Its screenshots go to a temporary folder; `npm run screenshots` regenerates the README's.
describe.skipIf(!hasChromium())('dashboard in headless Chromium', () => {
  let fake: FakeApi;
  let browser: DashboardBrowser;
  let page: Page;
  const shots = mkdtempSync(join(tmpdir(), 'sgp-ozmap-screenshots-'));
  const pageErrors: string[] = [];
  // The README's picture is tracked: `npm test` must leave it (and so `git status`) alone.
  const readmePicture = fileURLToPath(new URL('../../docs/dashboard.png', import.meta.url));
  const pictureBefore = { bytes: readFileSync(readmePicture), mtimeMs: statSync(readmePicture).mtimeMs };

  const texts = (selector: string) => page.locator(selector).allTextContents();
  const text = async (selector: string) => (await page.locator(selector).first().textContent()) ?? '';
  const search = async (value: string) => {
    await page.fill('#search-q', value);
    await page.press('#search-q', 'Enter');
  };
  // The test's tsconfig has no DOM types: what runs in the page is passed as source text.
  const setHash = (hash: string) => page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
  const waitForHash = (hash: string) => page.waitForFunction(`location.hash === ${JSON.stringify(hash)}`);
  const waitForLang = (lang: string) =>
    page.waitForFunction(`document.documentElement.lang === ${JSON.stringify(lang)}`);
  const openOverview = async () => {
    await setHash('#clients');
    await page.locator('#overview').waitFor();
  };

  beforeAll(async () => {
    fake = await startFakeApi();
    browser = await openDashboard(fake.url, (message) => pageErrors.push(message));
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await fake?.app.close();
    rmSync(shots, { recursive: true, force: true });
  });

  it('loads in Portuguese (whatever the browser language) with the service state, DRY_RUN and next runs', async () => {
    expect(await page.getAttribute('html', 'lang')).toBe('pt-BR');
    expect(await text('h1')).toContain('Integração SGP → OZmap');
    expect(await text('#run-sync')).toBe('Sincronizar agora');
    expect(await text('#run-cancel')).toBe('Executar cancelamentos');
    expect(await text('#service-state')).toContain('Degradado');
    expect(await text('#ready-reasons')).toContain(GUARD_HASH);
    // The guard's reason in the page's language, not the API's English sentence.
    expect(await text('#ready-reasons')).toBe(
      `Proteção contra remoção em massa acionada: 62 remoções aguardam confirmação (hash ${GUARD_HASH})`,
    );
    expect(await page.isVisible('#dry-run')).toBe(true);
    // 17:10 UTC in America/Sao_Paulo, five minutes after the browser's fixed clock.
    expect(await text('#next-runs')).toContain('Sincronização14:10 (em 5 minutos)');
  });

  it('shows the fixed cycles with their counts, outcome and duration', async () => {
    const rows = page.locator('#cycles-table tbody tr');
    expect(await rows.count()).toBe(4);
    const cells = await rows.first().locator('td').allTextContents();
    expect(cells).toEqual([
      '29/11/2026 14:00',
      'Sincronização',
      'agendado',
      'Concluído',
      '12',
      '30',
      '0',
      '4',
      '1',
      '8,4 s',
    ]);
    expect(await rows.nth(1).textContent()).toContain('leitura do SGP incompleta');
    expect(await rows.nth(1).textContent()).toContain('manual (10.0.0.5)');
    expect(await rows.nth(2).textContent()).toContain('Proteção acionada');
    expect(await rows.nth(3).textContent()).toContain('SGP unreachable: ECONNREFUSED');
  });

  it('lists skip reasons in Portuguese, the unmatched CTOs with suggestions and the CTO_ALIASES snippet', async () => {
    const skipped = await text('#skipped');
    expect(skipped).toContain('Caixa não encontrada no OZmap');
    expect(skipped).toContain('Nenhuma caixa do OZmap tem exatamente o nome da CTO do SGP');
    expect(skipped).toContain('Porta ocupada');
    const unmatched = await text('#unmatched-table');
    expect(unmatched).toContain('“CTO CENTRO 01” (só espaços)');
    expect(unmatched).toContain('“CTO-NORTE-1” (2 caracteres diferentes)');
    expect(JSON.parse(await text('#aliases-snippet'))).toEqual({
      'CTO-CENTRO-01': 'CTO CENTRO 01',
      'cto-norte-7': 'CTO-NORTE-7',
    });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(shots, 'overview-pt.png') });
  });

  it('says how many codes a reason card leaves out from the group count, not from the 50 codes sent', async () => {
    const card = page.locator('.reason-card', { hasText: 'Cancelado no SGP' });
    expect(await card.locator('.count').textContent()).toBe('227 contratos');
    expect(await card.locator('.codes a').count()).toBe(12);
    expect(await card.locator('.codes').textContent()).toMatch(/5012 e mais 215$/);
  });

  it('shows a contract name holding markup as text, in the list and on its page', async () => {
    await search('onerror');
    await page.locator('#search-table').waitFor();
    expect(await text('#search-table td.name')).toBe(XSS_NAME);
    expect(await page.locator('#search-results img').count()).toBe(0);
    await search('6666');
    await waitForHash('#/client/6666');
    await page.locator('#client-title').waitFor();
    expect(await text('#client-title')).toContain(XSS_NAME);
    expect(await text('#pending')).toContain(XSS_NAME);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
  });

  it('opens a client by code and tells its timeline as a story in Portuguese', async () => {
    await openOverview();
    await search('1234');
    await waitForHash('#/client/1234');
    await page.locator('#timeline').waitFor();
    const story = await texts('#timeline .tl-text');
    expect(story[0]).toMatch(
      /^primeira leitura: nome “Maria Souza”, status Ativo, CTO “CTO-CENTRO-02” porta 3, RX -21,3 dBm, conexão online, coordenadas -23.550520, -46.633308, endereço “Rua das Flores, 120/,
    );
    expect(story).toContain(
      'criado como “Maria Souza” na caixa “CTO-CENTRO-02”, splitter “SPL-1x8-A” porta 3 em 10/11 09:00',
    );
    expect(story).toContain('renomeado de “Maria Souza” para “Maria Souza Lima” em 12/11 14:03');
    expect(story).toContain('RX -21,3 → -24,9 dBm em 12/11 14:03');
    expect(story).toContain('renomeado de “Maria Souza” para “Maria Souza Lima” (seguindo o SGP) em 12/11 14:03');
    expect(story).toContain('status mudou de Ativo para Cancelado em 29/11 14:00');
    expect(story).toContain(
      `cancelado: cliente “Maria Souza Lima” removido do imóvel, observação escrita '${OBSERVATION}' em 29/11 14:05`,
    );
    expect((await text('#timeline')).includes('English summary')).toBe(false);
    expect(await text('#seen')).toContain(OBSERVATION);

    // Time travel: 10:00 on 11/11 in São Paulo is 13:00 UTC; the minute is included.
    expect(await page.inputValue('#travel-at')).toBe('29/11/2026 14:05');
    await page.fill('#travel-at', '11/11/2026 10:00');
    await page.press('#travel-at', 'Enter');
    await page.locator('.client-view .notice').waitFor();
    expect(fake.atQueries.at(-1)).toBe('2026-11-11T13:00:59.999Z');
    expect(await text('#desired')).toContain('Maria Souza');
    expect(await text('#desired')).not.toContain('Maria Souza Lima');
    expect(await page.locator('#timeline .tl-entry.after').count()).toBe(6);

    await setHash('#/client/2001');
    await page.getByText('não criado:').waitFor();
    expect(await texts('#timeline .tl-text')).toContain(
      'não criado: caixa “CTO-CENTRO-01” não encontrada no OZmap em 10/11 09:00',
    );
  });

  it('switches to English, keeps the choice across a reload, and has every string in both languages', async () => {
    await setHash('#/client/1234');
    await page.locator('#timeline').waitFor();
    await page.click('#lang-switch');
    await waitForLang('en');
    await page.getByText('Timeline', { exact: true }).waitFor();
    expect(await text('#run-sync')).toBe('Sync now');
    expect(
      (await texts('#timeline .tl-text')).some((line) =>
        line.startsWith('renamed from “Maria Souza” to “Maria Souza Lima”'),
      ),
    ).toBe(true);

    await page.reload();
    await page.locator('body[data-loaded="yes"]').waitFor();
    await openOverview();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await text('#cycles-table thead')).toContain('Created');
    expect(await text('#service-state')).toContain('Degraded');
    expect(await text('#skipped')).toContain('Box not found in OZmap');

    const missing = await page.evaluate(`import('/i18n.js').then(({ messages }) => {
      const pt = Object.keys(messages.pt), en = Object.keys(messages.en);
      return [...pt.filter((k) => !en.includes(k)), ...en.filter((k) => !pt.includes(k))];
    })`);
    expect(missing).toEqual([]);

    await page.click('#lang-switch');
    await waitForLang('pt-BR');
    expect(await text('#run-sync')).toBe('Sincronizar agora');
  });

  it('shows dates in the service time zone, dd/mm/aaaa HH:mm in Portuguese, yyyy-mm-dd HH:mm in English, 24-hour', async () => {
    await openOverview();
    const firstCycle = () => page.locator('#cycles-table tbody tr').first().locator('td').first().textContent();
    expect(await firstCycle()).toBe('29/11/2026 14:00');
    await page.click('#lang-switch');
    await waitForLang('en');
    await page.getByText('Cycle history', { exact: true }).waitFor();
    expect(await firstCycle()).toBe('2026-11-29 14:00');
    expect(await text('#next-runs')).toContain('Sync14:10 (in 5 minutes)');
    expect(await text('#ready-reasons')).toBe(
      `Mass-deletion guard tripped: 62 removals await confirmation (hash ${GUARD_HASH})`,
    );
    expect(await page.locator('.reason-card', { hasText: 'Cancelled in SGP' }).locator('.codes').textContent()).toMatch(
      /5012 and 215 more$/,
    );
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(shots, 'overview-en.png') });

    // The time-travel field is the page's, not the browser's (an en-US browser would show 11/29/2026, 02:05 PM).
    await setHash('#/client/1234');
    await page.locator('#timeline').waitFor();
    expect(await page.getAttribute('#travel-at', 'type')).toBe('text');
    expect(await page.inputValue('#travel-at')).toBe('2026-11-29 14:05');
    expect(await page.getAttribute('#travel-at', 'placeholder')).toBe('yyyy-mm-dd HH:mm');
    await page.fill('#travel-at', '2026-11-11 22:30');
    await page.press('#travel-at', 'Enter');
    await page.locator('.client-view .notice').waitFor();
    expect(fake.atQueries.at(-1)).toBe('2026-11-12T01:30:59.999Z');
    expect(await text('.client-view .notice')).toContain('2026-11-11 22:30');
    expect(await page.inputValue('#travel-at')).toBe('2026-11-11 22:30');
    expect(await texts('#timeline .tl-when time')).toContain('11-12 14:03');

    await page.click('#lang-switch');
    await waitForLang('pt-BR');
    await page.locator('#timeline').waitFor();
    expect(await page.inputValue('#travel-at')).toBe('11/11/2026 22:30');
    expect(await page.getAttribute('#travel-at', 'placeholder')).toBe('dd/mm/aaaa HH:mm');
    await setHash('#clients');
  });

  it('confirms the guarded set by its hash with the admin token typed in the dialog', async () => {
    await setHash('#guard');
    expect(await text('#guard')).toContain('removeria 62 de 950 clientes');

    // Cancelling the confirmation sends nothing.
    await page.click('#guard-confirm');
    await page.locator('#confirm-dialog').waitFor();
    expect(await text('#confirm-dialog')).toContain(GUARD_HASH);
    await page.keyboard.press('Escape');
    await page.locator('#confirm-dialog').waitFor({ state: 'hidden' });
    expect(fake.unauthorized + fake.confirmations.length).toBe(0);

    await page.click('#guard-confirm');
    await page.click('#confirm-ok');
    await page.locator('#token-dialog').waitFor();
    await page.fill('#token-input', ADMIN_TOKEN);
    await page.press('#token-input', 'Enter');
    await expect.poll(() => fake.confirmations).toEqual([{ hash: GUARD_HASH, authorization: `Bearer ${ADMIN_TOKEN}` }]);
    expect(fake.unauthorized).toBe(1);
    await page.getByText('Conjunto confirmado').waitFor();
    await page.getByText('Nenhum conjunto de cancelamentos aguardando confirmação.').waitFor();

    // The token stays for the tab: "Sincronizar agora" does not ask again.
    await page.click('#run-sync');
    await expect.poll(() => fake.cycleRequests).toEqual([{ kind: 'sync', authorization: `Bearer ${ADMIN_TOKEN}` }]);
    await page.getByText('Sincronização enfileirada.').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('R9.2 lists the differences not written with their cause and each field policy; R9.3 an exclusion is added with the admin token', async () => {
    await setHash('#drift');
    await page.locator('#drift-table').waitFor();
    expect(await text('#drift')).toContain('endereço ozmap');
    expect(await text('#drift-table')).toContain('política ozmap: o OZmap manda');
    expect(await text('#exclusion-list')).toContain('CTO-CENTRO-9');
    await page.fill('#exclusion-value', '1002');
    await page.fill('#exclusion-reason', 'equipe de campo');
    await page.click('#exclusion-form button[type=submit]');
    await expect
      .poll(() => fake.exclusionChanges)
      .toEqual([
        {
          path: '/api/exclusions',
          body: { kind: 'contract', value: '1002', reason: 'equipe de campo' },
          authorization: `Bearer ${ADMIN_TOKEN}`,
        },
      ]);
    expect(pageErrors).toEqual([]);
  });

  it('R9.5 lists a contested field and resolves it with a button, after a confirmation', async () => {
    await setHash('#contested');
    await page.getByText('desfeito no OZmap 3 vezes').waitFor();
    expect(await text('#contested')).toContain('retido, não é escrito até decidir');
    await page.click('#contested button[data-resolution="ozmap"]');
    await page.locator('#confirm-dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('#confirm-dialog').waitFor({ state: 'hidden' });
    expect(fake.resolutions).toEqual([]);
    await page.click('#contested button[data-resolution="ozmap"]');
    await page.click('#confirm-ok');
    const tokenAsked = await page
      .locator('#token-dialog')
      .waitFor({ timeout: 2000 })
      .then(() => true)
      .catch(() => false);
    if (tokenAsked) {
      await page.fill('#token-input', ADMIN_TOKEN);
      await page.press('#token-input', 'Enter');
    }
    await expect
      .poll(() => fake.resolutions)
      .toEqual([
        { body: { code: '1234', field: 'name', resolution: 'ozmap' }, authorization: `Bearer ${ADMIN_TOKEN}` },
      ]);
    await page.getByText('Nenhum campo disputado').waitFor();
  });

  it('leaves the README picture docs/dashboard.png untouched: screenshots go to a temporary folder', () => {
    expect(statSync(readmePicture).mtimeMs).toBe(pictureBefore.mtimeMs);
    expect(readFileSync(readmePicture).equals(pictureBefore.bytes)).toBe(true);
  });
});
