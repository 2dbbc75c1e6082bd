import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTally, runNumbers, runSeed, type Campaign, type CampaignOptions, type Tally } from './campaign.ts';
import {
  startServiceInProcess,
  startWebhookReceiver,
  type RunningService,
  type WebhookReceiver,
} from './support/serviceInProcess.ts';
import { startSimWorld, totalOf, writeCounts, type SimWorld } from './support/simWorld.ts';
import { buildWorld, withEveryStatus, withoutCancellations } from './support/worlds.ts';

/**
 * Campaign 4, mass deletion: on a network of 1,000+ OZmap clients, SGP suddenly lists every
 * contract cancelled, or nothing at all, or breaks half-way through a sweep of cancellations.
 * The service, driven through its HTTP API, must delete nothing, record why, report itself not
 * ready and alert; a release confirmed with the plan's hash then runs, and removes exactly that set.
 */

const until = async (what: () => boolean, ms = 5_000): Promise<boolean> => {
  for (let waited = 0; waited < ms && !what(); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  return what();
};

interface Scene {
  readonly tally: Tally;
  readonly sims: SimWorld;
  readonly api: RunningService;
  readonly webhook: WebhookReceiver;
}

/** Runs a cancel cycle through the API on what SGP now says; checks it deleted nothing and said so. */
async function refusedCancellation(
  scene: Scene,
  name: string,
  expectAlert: string,
  expectReason: RegExp,
): Promise<Record<string, unknown>> {
  const { tally, sims, api, webhook } = scene;
  await sims.resetCounters('ozmap');
  const alertsBefore = webhook.alerts.length;
  const cycle = await api.cycle('cancel');
  const writes = writeCounts(await sims.counters('ozmap'));
  tally.check(`${name}: zero deletions (no OZmap write at all)`, totalOf(writes) === 0, () => JSON.stringify(writes));
  const ready = await api.call('GET', '/ready', { token: null });
  const reasons = ((ready.body as { reasons?: string[] }).reasons ?? []).join('; ');
  tally.check(
    `${name}: /ready degraded, saying why`,
    ready.status === 503 && expectReason.test(reasons),
    () => `${ready.status} ${ready.text}`,
  );
  const alerted = await until(() => webhook.alerts.slice(alertsBefore).some((a) => a['kind'] === expectAlert));
  tally.check(`${name}: an alert sent (${expectAlert})`, alerted, () =>
    JSON.stringify(webhook.alerts.slice(alertsBefore)).slice(0, 400),
  );
  return cycle;
}

async function massDeletionRun(tally: Tally, options: CampaignOptions, contracts: number, run: number): Promise<void> {
  const seed = runSeed(options.seed, run);
  tally.context(`mass-deletion run ${run} (seed ${seed})`);
  // A network with nothing to cancel yet (a generated one may hold more cancellations than the guard allows).
  const generated = buildWorld({ contracts, seed, cancelShare: 0 });
  const world = { ...generated, sgp: withoutCancellations(generated.sgp) };
  const dir = mkdtempSync(join(tmpdir(), 'sgp-ozmap-chaos-mass-'));
  const sims = await startSimWorld({ sgpFixture: world.sgp, ozmapFixture: world.ozmap });
  const webhook = await startWebhookReceiver();
  const api = await startServiceInProcess(
    sims.serviceEnv({
      EVENTSTORE_URL: `sqlite:${join(dir, 'events.db')}`,
      ALERT_WEBHOOK_URL: webhook.url,
      SGP_CONCURRENCY: '4',
    }),
  );
  const scene: Scene = { tally, sims, api, webhook };
  try {
    // 0. A normal start: both cycles on what SGP really says.
    const first = await api.cycle('sync');
    const baseline = await api.cycle('cancel');
    tally.check(
      'baseline cycles complete',
      first['outcome'] === 'completed' && baseline['outcome'] === 'completed',
      () => `${first['outcome']} ${baseline['outcome']} ${String(baseline['error'])}`,
    );
    const clients = (await sims.ozmapState()).ftthClients.length;
    tally.note(
      `run ${run}: ${(world.ozmap.ftthClients ?? []).length.toLocaleString('en')} OZmap clients in the fixture, ${clients.toLocaleString('en')} after the first sync`,
    );
    const allCancelled = withEveryStatus(world.sgp, 'Cancelado');

    // 1. A sweep of cancellations that breaks half-way: no cancellation on an incomplete sweep.
    await sims.setSgp(allCancelled);
    const pages = Math.ceil(allCancelled.clientes.length / 100);
    const from = Math.max(2, Math.ceil(pages / 2));
    await sims.faults('sgp', {
      rules: [
        {
          match: { route: '/api/ura/clientes' },
          fault: { kind: 'status', status: 503 },
          when: 'before',
          sequence: Array.from({ length: 500 }, (_, i) => from + i),
        },
      ],
    });
    tally.fault();
    const broken = await refusedCancellation(scene, 'sweep broken half-way', 'cycle-incomplete', /incomplete/i);
    tally.check(
      'sweep broken half-way: recorded incomplete, nothing cancelled',
      broken['outcome'] === 'incomplete' && broken['sweepComplete'] === false,
      () => JSON.stringify(broken),
    );
    await sims.faults('sgp', null);

    // 2. SGP answers an empty list.
    await sims.setSgp({ clientes: [] });
    tally.fault();
    const empty = await refusedCancellation(scene, 'empty list', 'guard-tripped', /guard|vanish|empty/i);
    tally.check('empty list: the guard recorded', String(empty['outcome']) !== 'completed', () =>
      JSON.stringify(empty),
    );
    await sims.setSgp(world.sgp);
    await api.cycle('sync');

    // 3. Every contract cancelled: the guard holds the set and names it by a hash.
    await sims.setSgp(allCancelled);
    tally.fault();
    const tripped = await refusedCancellation(scene, 'every contract cancelled', 'guard-tripped', /guard/i);
    const guard = (await api.call('GET', '/api/guard')).body as {
      pending: { hash: string; removals: number; codes: string[] } | null;
    };
    tally.check(
      'every contract cancelled: the guard recorded with its hash',
      tripped['outcome'] === 'guard-tripped' && guard.pending !== null && guard.pending.removals >= clients * 0.9,
      () =>
        JSON.stringify({ tripped, pending: guard.pending && { ...guard.pending, codes: guard.pending.codes.length } }),
    );
    const hash = guard.pending?.hash ?? '0000000000000000';
    // A release needs the admin token and exactly that hash.
    const noToken = await api.call('POST', '/api/cancellations/confirm', { token: null, body: { hash } });
    const wrongToken = await api.call('POST', '/api/cancellations/confirm', {
      token: 'not-the-admin-token',
      body: { hash },
    });
    const wrongHash = await api.call('POST', '/api/cancellations/confirm', {
      body: { hash: hash.replace(/^./, (c) => (c === '0' ? '1' : '0')) },
    });
    tally.check(
      'a release without the admin token, or with a wrong one, is refused',
      noToken.status === 401 && wrongToken.status === 401,
      () => `${noToken.status} ${wrongToken.status}`,
    );
    tally.check(
      'a release naming another hash is refused',
      wrongHash.status === 409,
      () => `${wrongHash.status} ${wrongHash.text}`,
    );
    const stillNothing = totalOf(writeCounts(await sims.counters('ozmap')));
    tally.check('refused releases delete nothing', stillNothing === 0, () => `${stillNothing} writes`);
    // 4. The confirmed release runs, and removes exactly the set it named.
    const before = await sims.ozmapState();
    const released = await api.call('POST', '/api/cancellations/confirm', { body: { hash } });
    const after = await sims.ozmapState();
    const remaining = new Set(after.ftthClients.map((c) => c.id));
    const removed = before.ftthClients.filter((c) => !remaining.has(c.id)).map((c) => c.code);
    const named = new Set(guard.pending?.codes ?? []);
    tally.check(
      'the confirmed release runs',
      released.status === 200 && (released.body as { outcome?: string }).outcome === 'completed',
      () => `${released.status} ${released.text.slice(0, 300)}`,
    );
    tally.check(
      'the release removes exactly the set it named',
      removed.length === guard.pending?.removals && removed.every((code) => named.has(code)),
      () => `${removed.length} removed, ${guard.pending?.removals} named`,
    );
    const ready = await api.call('GET', '/ready', { token: null });
    tally.check('ready again after the release', ready.status === 200, () => ready.text);
  } finally {
    await api.stop().catch(() => undefined);
    await webhook.close();
    await sims.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const massDeletionCampaign: Campaign = {
  name: 'mass-deletion',
  title: 'all cancelled / empty / broken sweep',
  async run(options) {
    const started = Date.now();
    const tally = createTally('mass-deletion');
    const runs = runNumbers(options, options.scale === 'full' ? 3 : 1);
    for (const run of runs) {
      tally.run();
      try {
        await massDeletionRun(tally, options, options.scale === 'full' ? 2_000 : 150, run);
      } catch (error) {
        tally.check('the run completes', false, () =>
          error instanceof Error ? (error.stack ?? error.message) : String(error),
        );
      }
      options.log(`mass-deletion: run ${run}/${runs.length} done`);
    }
    tally.context('');
    return tally.result(Date.now() - started);
  },
};
