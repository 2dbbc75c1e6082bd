import { afterEach, describe, expect, it } from 'vitest';
import { runCycle, type CycleRequest } from '../../src/reconciler/runCycle.ts';
import type { Alert, EngineDeps } from '../../src/reconciler/engine.ts';
import { CYCLES_STREAM, contractStream } from '../../src/domain/events/streams.ts';
import { buildTimeline } from '../../src/projections/timeline.ts';
import { startHarness, type Harness } from '../support/engineHarness.ts';
import { sgpFixture } from '../support/sgpRecords.ts';
import { box, ftthClient, ozmapFixture, property, splitter } from '../support/ozmapRecords.ts';
import { withExitCode } from '../support/withExitCode.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Contract 1 to create, 2 and 3 cancelled in SGP with implanted clients in OZmap. */
const SGP = sgpFixture(
  { code: 1, cto: 'CTO-01', porta: 1 },
  { code: 2, status: 'Cancelado', cto: 'CTO-01', porta: 2 },
  { code: 3, status: 'Cancelado', cto: 'CTO-01', porta: 3 },
);
const OZMAP = ozmapFixture({
  boxes: [box('b1', 'CTO-01')],
  splitters: [splitter('s1', 'b1')],
  properties: [
    property('p2', 'b1', 'c2', { connections: [{ id: 's1', port: 2, fiber: 'f2' }] }),
    property('p3', 'b1', 'c3', { connections: [{ id: 's1', port: 3, fiber: 'f3' }] }),
  ],
  ftthClients: [ftthClient('c2', '2'), ftthClient('c3', '3')],
});

async function start(
  env: Record<string, string> = {},
  wrapGateway?: Parameters<typeof startHarness>[0]['wrapGateway'],
): Promise<Harness> {
  harness = await startHarness({ sgpFixture: SGP, ozmapFixture: OZMAP, env, ...(wrapGateway ? { wrapGateway } : {}) });
  return harness;
}

/** Runs one cycle on the harness engine's dependencies, with `change` applied and alerts kept. */
async function cycle(
  h: Harness,
  request: Omit<CycleRequest, 'trigger'>,
  change: (deps: EngineDeps) => Partial<EngineDeps> = () => ({}),
) {
  const alerts: Alert[] = [];
  // runCycle is called beside the engine's lease: every OZmap write is fenced by it.
  await h.engine.lease.tick();
  const deps = { ...h.engine.deps, alert: async (a: Alert) => void alerts.push(a) };
  const report = await runCycle({ ...deps, ...change(deps) }, { ...request, trigger: 'test' });
  const finished = (await h.store.readStream(CYCLES_STREAM)).filter(
    (e) => e.type === 'CycleFinished' && (e.data as { cycleId: string }).cycleId === report.cycleId,
  );
  return { report, alerts, finished: finished.map((e) => e.data as Record<string, unknown>) };
}

/** SGP as if a page kept failing: what was read, marked incomplete (R1.6). */
const sgpIncomplete = (deps: EngineDeps): Partial<EngineDeps> => ({
  sgp: {
    sweepContracts: async (o) => ({
      ...(await deps.sgp.sweepContracts(o)),
      complete: false,
      failures: [{ message: 'page 2: not JSON' }],
    }),
  },
});

describe('runCycle outcomes and exit codes', () => {
  it('CONFIG a cycle that did everything is completed, exit 0, and recorded started and finished', async () => {
    const h = await start();
    const { report, alerts, finished } = await cycle(h, { kind: 'sync' });
    expect(withExitCode(report)).toMatchObject({ outcome: 'completed', exitCode: 0, error: null });
    expect(report.counts).toMatchObject({ contractsRead: 3, created: 1 });
    expect(finished).toEqual([
      expect.objectContaining({ outcome: 'completed', sweepComplete: true, ozmapComplete: true }),
    ]);
    expect((await h.store.readStream(CYCLES_STREAM)).map((e) => e.type)).toEqual([
      'CycleStarted',
      'CyclePlanSummarised',
      'CycleFinished',
    ]);
    expect(alerts).toEqual([]);
  });

  it('R1.6 an incomplete SGP sweep ends a sync cycle incomplete, exit 3, with an alert', async () => {
    const h = await start();
    const { report, alerts, finished } = await cycle(h, { kind: 'sync' }, sgpIncomplete);
    expect(withExitCode(report)).toMatchObject({ outcome: 'incomplete', exitCode: 3 });
    expect(finished).toEqual([expect.objectContaining({ outcome: 'incomplete', sweepComplete: false })]);
    expect(alerts.map((a) => a.kind)).toEqual(['cycle-incomplete']);
  });

  it('R1.6 a cancel cycle on an incomplete SGP sweep removes nothing, exit 3', async () => {
    const h = await start();
    const { report } = await cycle(h, { kind: 'cancel' }, sgpIncomplete);
    expect(withExitCode(report)).toMatchObject({ outcome: 'incomplete', exitCode: 3, commands: [] });
    expect((await h.ozmapState()).ftthClients.map((c) => c.code).sort()).toEqual(['2', '3']);
  });

  it('R1.6 an incomplete OZmap read allows no creation, exit 3', async () => {
    const h = await start();
    const { report } = await cycle(h, { kind: 'sync' }, (deps) => ({
      ozmap: {
        ...deps.ozmap,
        readActual: async (o) => {
          const read = await deps.ozmap.readActual(o);
          return { ...read, actual: { ...read.actual, complete: false } };
        },
      },
    }));
    expect(withExitCode(report)).toMatchObject({ outcome: 'incomplete', exitCode: 3 });
    expect(report.commands.filter((c) => c.kind === 'create')).toEqual([]);
    expect((await h.ozmapState()).ftthClients.map((c) => c.code)).not.toContain('1');
  });

  it('R5.6 a cancel cycle over the guard removes nothing, exit 2, and records the pending set and its hash', async () => {
    const h = await start({ CANCEL_GUARD: '1,1%' });
    const { report, alerts } = await cycle(h, { kind: 'cancel' });
    expect(withExitCode(report)).toMatchObject({
      outcome: 'guard-tripped',
      exitCode: 2,
      guard: { tripped: true, removals: 2, codes: ['2', '3'] },
    });
    const tripped = (await h.store.readStream(CYCLES_STREAM))
      .filter((e) => e.type === 'CancellationGuardTripped')
      .map((e) => e.data);
    expect(tripped).toEqual([expect.objectContaining({ hash: report.guard?.hash, removals: 2, codes: ['2', '3'] })]);
    expect(alerts.map((a) => a.kind)).toEqual(['guard-tripped']);
    expect((await h.ozmapState()).ftthClients).toHaveLength(2);
  });

  it('R5.6 the same cycle with the confirmed hash releases exactly that set, exit 0', async () => {
    const h = await start({ CANCEL_GUARD: '1,1%' });
    const { report: tripped } = await cycle(h, { kind: 'cancel' });
    const { report } = await cycle(h, { kind: 'cancel', confirmHash: tripped.guard?.hash ?? '' });
    expect(withExitCode(report)).toMatchObject({ outcome: 'completed', exitCode: 0 });
    expect(report.counts.cancelled).toBe(2);
    expect((await h.ozmapState()).ftthClients).toEqual([]);
  });

  it('CONFIG SGP refusing the credentials fails the cycle, exit 1, with a message naming the variables and not the token', async () => {
    const h = await start({ SGP_TOKEN: 'wrong-token-8f3a' });
    const { report, alerts, finished } = await cycle(h, { kind: 'sync' });
    expect(withExitCode(report)).toMatchObject({ outcome: 'failed', exitCode: 1 });
    expect(report.error).toContain('SGP_TOKEN');
    expect(report.error).not.toContain('wrong-token-8f3a');
    expect(finished).toEqual([expect.objectContaining({ outcome: 'failed', error: report.error })]);
    expect(alerts.map((a) => a.kind)).toEqual(['credentials-rejected']);
  });
});

describe('runCycle: a cancellation whose last answer was lost (regression)', () => {
  it('R5.5 the next cycle records it finished, once, so the trail ends with the cancellation and its line', async () => {
    let loseAnswers = true;
    const h = await start({}, (gateway) => ({
      ...gateway,
      deleteClient: async (id) => {
        const done = await gateway.deleteClient(id);
        if (loseAnswers)
          throw Object.assign(new Error('socket hang up'), { code: 'UPSTREAM_NETWORK', retryable: true });
        return done;
      },
    }));
    const interrupted = await cycle(h, { kind: 'cancel' });
    expect(interrupted.report.counts).toMatchObject({ failed: 2 });
    expect((await h.ozmapState()).ftthClients).toEqual([]);
    loseAnswers = false;
    const resumed = await cycle(h, { kind: 'cancel' });
    expect(resumed.report).toMatchObject({ outcome: 'completed', commands: [] });
    expect(resumed.report.counts.cancelled).toBe(2);
    const timeline = buildTimeline(await h.store.readStream(contractStream('2')));
    const line = (await h.ozmapState()).properties.find((p) => p.id === 'p2')?.observation;
    expect(timeline.at(-1)).toMatchObject({
      kind: 'cancelled',
      rule: 'R5.2',
      details: expect.objectContaining({ observationLine: line }),
    });
    expect(h.engine.deps.readModels.getContract('2')).toMatchObject({
      pendingCancellation: null,
      cancelledAt: expect.any(String),
    });
    const again = await cycle(h, { kind: 'cancel' });
    expect(again.report.counts.cancelled).toBeUndefined();
    expect(buildTimeline(await h.store.readStream(contractStream('2')))).toHaveLength(timeline.length);
  });
});
