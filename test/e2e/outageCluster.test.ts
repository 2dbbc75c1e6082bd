import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startServiceInProcess,
  startWebhookReceiver,
  type RunningService,
  type WebhookReceiver,
} from '../../chaos/support/serviceInProcess.ts';
import { startSimWorld, type SimWorld } from '../../chaos/support/simWorld.ts';
import { buildWorld, withoutCancellations } from '../../chaos/support/worlds.ts';
import { OUTAGES_STREAM } from '../../src/domain/events/streams.ts';

// Issue 16 end to end: the SGP simulator takes one box's clients offline and brings them back;
// the service suspects an outage (event, alert, API, dashboard) and clears it, each alert once.
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
// Screenshots go to a temp dir (git status stays clean); `npm run screenshots` sets SCREENSHOT_DIR=docs.
const SCREENSHOT_DIR = process.env['SCREENSHOT_DIR'] ?? mkdtempSync(join(tmpdir(), 'sgp-ozmap-shots-'));

interface ContratoJson {
  contrato: unknown;
  status: unknown;
  servicos?: { onu?: { splitter?: { nome?: unknown } } }[];
}

describe('outage clusters end to end', () => {
  let sims: SimWorld;
  let api: RunningService;
  let webhook: WebhookReceiver;
  let box = '';
  let codes: string[] = [];

  const edit = async (code: string, body: Record<string, unknown>) => {
    const response = await sims.sgp.inject({ method: 'PATCH', url: `/__sim/contracts/${code}`, payload: body });
    expect(response.statusCode).toBe(204);
  };
  const outageAlerts = () =>
    webhook.alerts.filter(
      (a) => String(a['kind']).startsWith('outage-') && (a['details'] as { placeKind?: string }).placeKind === 'box',
    );

  beforeAll(async () => {
    const world = buildWorld({ contracts: 60, seed: 16 });
    const sgp = withoutCancellations(world.sgp);
    // The box with the most contracts: all of them are taken offline together.
    const byBox = new Map<string, string[]>();
    for (const client of sgp.clientes as { contratos?: ContratoJson[] }[]) {
      for (const c of client.contratos ?? []) {
        const name = c.servicos?.find((s) => s.onu?.splitter?.nome)?.onu?.splitter?.nome;
        if (typeof name === 'string') byBox.set(name, [...(byBox.get(name) ?? []), String(c.contrato)]);
      }
    }
    [box, codes] = [...byBox].sort((a, b) => b[1].length - a[1].length)[0]!;
    sims = await startSimWorld({ sgpFixture: sgp, ozmapFixture: world.ozmap });
    webhook = await startWebhookReceiver();
    for (const code of codes) await edit(code, { online: true });
    api = await startServiceInProcess(sims.serviceEnv({ EVENTSTORE_URL: 'memory:', ALERT_WEBHOOK_URL: webhook.url }));
    await api.cycle('sync');
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await sims?.close();
    await webhook?.close();
    if (!process.env['SCREENSHOT_DIR']) rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
  });

  it('has a box with enough clients for an outage', () => {
    expect(codes.length).toBeGreaterThanOrEqual(3);
  });

  it("suspects an outage when the box's clients go offline in one cycle: one event, one alert, the API lists it", async () => {
    for (const code of codes) await edit(code, { online: false });
    await api.cycle('sync');
    const events = await api.service.engine.store.readStream(OUTAGES_STREAM);
    expect(
      events
        .filter((e) => e.type === 'OutageSuspected' && (e.data as { placeKind: string }).placeKind === 'box')
        .map((e) => (e.data as { place: string }).place),
    ).toEqual([box]);
    expect(outageAlerts()).toEqual([
      expect.objectContaining({ kind: 'outage-suspected', message: expect.stringContaining(`box ${box}`) }),
    ]);
    const { body } = await api.call('GET', '/api/insights/outages', { token: null });
    const outage = (
      body as { outages: { placeKind: string; place: string; clients: string[]; clearedAt: string | null }[] }
    ).outages.find((o) => o.placeKind === 'box');
    expect(outage).toMatchObject({ place: box, clearedAt: null });
    expect([...outage!.clients].sort()).toEqual([...codes].sort());
    // Another cycle with the same state: no second alert.
    await api.cycle('sync');
    expect(outageAlerts()).toHaveLength(1);
  }, 60_000);

  it.skipIf(!existsSync(CHROMIUM))(
    'shows the outage on the dashboard and the box strip (Chromium)',
    async () => {
      const profile = mkdtempSync(join(tmpdir(), 'sgp-ozmap-chromium-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: FLAGS,
        viewport: { width: 1280, height: 900 },
        locale: 'pt-BR',
      });
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`${api.url}/#outages`);
        await page.locator('body[data-loaded="yes"]').waitFor();
        await page.locator('#outages-table').waitFor();
        expect(await page.locator('#outages-table').textContent()).toContain(`Caixa ${box}`);
        expect(await page.locator('#outages-table').textContent()).toContain('Em andamento');
        mkdirSync(SCREENSHOT_DIR, { recursive: true });
        await page.locator('#outages').screenshot({ path: join(SCREENSHOT_DIR, 'insights-outages.png') });
        await page.goto(`${api.url}/#/place/box/${encodeURIComponent(box)}`);
        await page.locator('#place-strips').waitFor();
        expect(await page.locator('#place-strips li').count()).toBe(codes.length);
        expect(await page.locator('#place-strips rect.strip-offline').count()).toBe(codes.length);
        await page.screenshot({ path: join(SCREENSHOT_DIR, 'insights-box.png') });
        await page.goto(`${api.url}/#/client/${codes[0]}`);
        await page.locator('#rx-chart svg').waitFor();
        expect(await page.locator('#rx-chart line.mark-offline').count()).toBe(1);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    },
    60_000,
  );

  it('the insights cost no request to SGP or OZmap: a steady sync sends the same requests with the insights read as without', async () => {
    const total = async () => ({ sgp: await sims.counters('sgp'), ozmap: await sims.counters('ozmap') });
    await Promise.all([sims.resetCounters('sgp'), sims.resetCounters('ozmap')]);
    await api.cycle('sync');
    const plain = await total();
    expect(Object.keys(plain.sgp).length && Object.keys(plain.ozmap).length).toBeGreaterThan(0);
    await Promise.all([sims.resetCounters('sgp'), sims.resetCounters('ozmap')]);
    for (const path of [
      '/api/insights/rx',
      '/api/insights/rx.csv',
      '/api/insights/outages',
      `/api/insights/clients/${codes[0]}`,
      `/api/insights/place?kind=box&name=${encodeURIComponent(box)}`,
    ]) {
      expect((await api.call('GET', path, { token: null })).status).toBe(200);
    }
    expect(await total()).toEqual({ sgp: {}, ozmap: {} });
    await api.cycle('sync');
    expect(await total()).toEqual(plain);
  }, 60_000);

  it('clears it when most clients are back, with one clearing alert; replay rebuilds the insights identically', async () => {
    for (const code of codes) await edit(code, { online: true });
    await api.cycle('sync');
    expect(outageAlerts().map((a) => a['kind'])).toEqual(['outage-suspected', 'outage-cleared']);
    await api.cycle('sync');
    expect(outageAlerts()).toHaveLength(2);
    const { body } = await api.call('GET', '/api/insights/outages', { token: null });
    expect(
      (body as { outages: { placeKind: string; clearedAt: string | null }[] }).outages.find(
        (o) => o.placeKind === 'box',
      )?.clearedAt,
    ).not.toBeNull();
    const before = JSON.stringify(await api.call('GET', '/api/insights/outages', { token: null }));
    const replayed = await api.call('POST', '/api/replay');
    expect(replayed.body).toMatchObject({ identical: true });
    expect(JSON.stringify(await api.call('GET', '/api/insights/outages', { token: null }))).toBe(before);
  }, 60_000);
});
