import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OzmapState } from '../../../sim/ozmap/ozmapFixture.ts';
import { formatBrazilianDateTime } from '../../../src/domain/planner/observationLine.ts';
import { buildTimeline, type TimelineEntry } from '../../../src/projections/timeline.ts';
import { sgpFixture } from '../../support/sgpRecords.ts';
import { box, ftthClient, ozmapFixture, property, splitter } from '../../support/ozmapRecords.ts';
import { startCliRig, writesOf, type CliResult, type CliRig } from './cliRig.ts';

/**
 * R5 end to end: `cancel --once` as a child process, with each option, an interrupted run, and
 * a contract that vanishes from SGP. Clients 301-307 sit on ports 1-7 of CTO-A; each phase
 * cancels one or two of them in SGP and checks exactly what changed in OZmap.
 */

const TIMEZONE = 'America/Manaus'; // UTC-4 all year: one hour from the default, so the option shows
const on = (port: number, extra: Record<string, unknown> = {}) => ({
  connections: [{ id: 'sA', port, fiber: `f${port}` }],
  ...extra,
});
const OZMAP = ozmapFixture({
  boxes: [box('bA', 'CTO-A')],
  splitters: [
    { ...splitter('sA', 'bA'), connectables: { input: [], output: ['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', null] } },
  ],
  properties: [
    property('p301', 'bA', 'c301', on(1, { observation: 'Poste 12, casa azul' })),
    ...[2, 3, 4, 5, 6, 7].map((n) => property(`p30${n}`, 'bA', `c30${n}`, on(n))),
  ],
  ftthClients: [
    ftthClient('c301', '301', { name: 'Maria S. (OZmap)' }),
    ftthClient('c302', '302', { implanted: false }),
    ...[3, 4, 5, 6, 7].map((n) => ftthClient(`c30${n}`, `30${n}`)),
  ],
});
const SGP = sgpFixture(
  { code: 301, nome: 'Maria da Silva', status: 'Cancelado', cto: 'CTO-A', porta: 1 },
  { code: 302, status: 'Inviabilidade Técnica', cto: 'CTO-A', porta: 2 },
  ...[3, 4, 5, 6, 7].map((n) => ({ code: 300 + n, cto: 'CTO-A', porta: n })),
);

let rig: CliRig;
beforeAll(async () => {
  rig = await startCliRig({ sgpFixture: SGP, ozmapFixture: OZMAP, env: { TIMEZONE } });
});
afterAll(async () => {
  await rig.close();
});

const HOOK = 60_000;
const codes = (state: OzmapState) => state.ftthClients.map((c) => c.code).sort();
const prop = (state: OzmapState, id: string) => state.properties.find((p) => p.id === id);
const portFiber = (state: OzmapState, port: number) =>
  state.splitters.find((s) => s.id === 'sA')?.connectables?.output?.[port - 1];
const LINE = /^Cliente removido pela integração SGP: (.+) \(código (\d+)\) em (\d{2}\/\d{2}\/\d{4} \d{2}:\d{2})$/;

/** Runs `cancel --once` and returns the minutes (in TIMEZONE) its observation line may carry. */
async function cancelOnce(env: Record<string, string> = {}): Promise<{ result: CliResult; minutes: string[] }> {
  const before = new Date();
  const result = await rig.cli(['cancel', '--once'], env);
  const after = new Date();
  return { result, minutes: [formatBrazilianDateTime(before, TIMEZONE), formatBrazilianDateTime(after, TIMEZONE)] };
}

describe('cancel --once, default options', () => {
  let result: CliResult;
  let minutes: string[];
  let state: OzmapState;
  let history: CliResult;
  beforeAll(async () => {
    ({ result, minutes } = await cancelOnce());
    state = await rig.ozmapState();
    history = await rig.cli(['history', '301']);
  }, HOOK);

  it('completes with exit 0 and touches only the cancelled contracts', () => {
    expect(result.code).toBe(0);
    expect(codes(state)).toEqual(['303', '304', '305', '306', '307']);
  });

  it('R5.2 implanted client leaves its property, which stays connected to its splitter port', () => {
    expect(prop(state, 'p301')).toMatchObject({
      client: null,
      connections: [expect.objectContaining({ id: 'sA', port: 1 })],
    });
    expect(portFiber(state, 1)).toBe('f1');
  });

  it('R5.2 the observation line is exact, on a line of its own after the existing text, with the OZmap name and the date in TIMEZONE', () => {
    const [existing, line, ...rest] = (prop(state, 'p301')?.observation ?? '').split('\n');
    expect(existing).toBe('Poste 12, casa azul');
    expect(rest).toEqual([]);
    const match = LINE.exec(line ?? '');
    expect(match?.slice(1, 3)).toEqual(['Maria S. (OZmap)', '301']);
    expect(minutes).toContain(match?.[3]);
  });

  it('R5.3 a client never implanted is removed with its property, and its port is freed', () => {
    expect(prop(state, 'p302')).toBeUndefined();
    expect(portFiber(state, 2)).toBeNull();
  });

  it('R6 history shows the cancellation with the exact observation text, times in TIMEZONE', () => {
    expect(history.code).toBe(0);
    expect(history.stdout).toContain(`(times in ${TIMEZONE})`);
    const line = prop(state, 'p301')?.observation.split('\n')[1];
    expect(history.stdout).toContain(
      `[R5.2] cancelled: client removed from property p301, observation written: '${line}'`,
    );
  });
});

describe('R5.4 options', () => {
  let removeCompletely: CliResult;
  let afterRemove: OzmapState;
  let disconnect: CliResult;
  let afterDisconnect: OzmapState;
  let disabled: CliResult;
  let afterDisabled: OzmapState;
  beforeAll(async () => {
    await rig.editSgp(303, { status: 3 });
    ({ result: removeCompletely } = await cancelOnce({ REMOVE_PROPERTY_COMPLETELY: 'true' }));
    afterRemove = await rig.ozmapState();
    await rig.editSgp(304, { status: 3 });
    ({ result: disconnect } = await cancelOnce({ DISCONNECT_CANCELLED_PROPERTY: 'true' }));
    afterDisconnect = await rig.ozmapState();
    await rig.editSgp(305, { status: 3 });
    ({ result: disabled } = await cancelOnce({ CANCEL_CLIENTS: 'false' }));
    afterDisabled = await rig.ozmapState();
    await rig.editSgp(305, { status: 1 });
  }, HOOK);

  it('R5.4 REMOVE_PROPERTY_COMPLETELY: an implanted client goes with its property, as in R5.3', () => {
    expect(removeCompletely.code).toBe(0);
    expect(codes(afterRemove)).not.toContain('303');
    expect(prop(afterRemove, 'p303')).toBeUndefined();
    expect(portFiber(afterRemove, 3)).toBeNull();
  });

  it('R5.4 DISCONNECT_CANCELLED_PROPERTY: the property stays, with its line, and its splitter port is freed', () => {
    expect(disconnect.code).toBe(0);
    expect(codes(afterDisconnect)).not.toContain('304');
    expect(prop(afterDisconnect, 'p304')).toMatchObject({ client: null, connections: [] });
    expect(prop(afterDisconnect, 'p304')?.observation).toMatch(
      /^Cliente removido pela integração SGP: Cliente 304 \(código 304\) em /,
    );
    expect(portFiber(afterDisconnect, 4)).toBeNull();
  });

  it('R5.4 CANCEL_CLIENTS=false disables R5 entirely', () => {
    expect(disabled.code).toBe(0);
    expect(codes(afterDisabled)).toContain('305');
    expect(prop(afterDisabled, 'p305')).toMatchObject({ client: 'c305', observation: '' });
  });
});

describe('R5.5 a cancellation interrupted after the client delete took effect; R5.7 a contract gone from SGP', () => {
  let interrupted: CliResult;
  let afterInterrupted: OzmapState;
  let resumed: CliResult;
  let afterResumed: OzmapState;
  let writesOnResume: Record<string, number>;
  let history: TimelineEntry[];
  let history307: CliResult;
  beforeAll(async () => {
    await rig.editSgp(306, { status: 3 });
    // Every DELETE of a client is applied, then its answer replaced by a 503: the service
    // cannot know the client is gone.
    await rig.faults('ozmap', {
      rules: [
        {
          match: { method: 'DELETE', route: '/api/v2/ftth-clients' },
          fault: { kind: 'status', status: 503 },
          when: 'after',
        },
      ],
    });
    ({ result: interrupted } = await cancelOnce());
    afterInterrupted = await rig.ozmapState();
    await rig.faults('ozmap', null);
    // R5.7 rides on the same run (one CLI start less): 307 vanishes from SGP before it.
    await rig.deleteSgp(307);
    await rig.resetCounters();
    ({ result: resumed } = await cancelOnce());
    afterResumed = await rig.ozmapState();
    writesOnResume = writesOf(await rig.ozmapCounters());
    // Read in process: the CLI's history is exercised on 301 and 307.
    history = buildTimeline(await rig.contractEvents(306));
    history307 = await rig.cli(['history', '307']);
  }, HOOK);

  it('the interrupted run records the failure at its step', () => {
    expect(interrupted.stdout).toContain('failed=1');
    expect(codes(afterInterrupted)).not.toContain('306');
    expect(history.filter((e) => e.kind === 'failed').map((e) => e.details.step)).toEqual(['delete-client']);
  });

  it('R5.5 run again, the job is finished with the observation line written once and nothing else touched', () => {
    expect(resumed.code).toBe(0);
    const observation = prop(afterResumed, 'p306')?.observation ?? '';
    expect(observation.split('\n').filter((l) => l.includes('(código 306)'))).toHaveLength(1);
    expect(prop(afterResumed, 'p306')).toMatchObject({
      client: null,
      connections: [expect.objectContaining({ port: 6 })],
    });
    expect(prop(afterResumed, 'p306')).toEqual(prop(afterInterrupted, 'p306'));
    expect(writesOnResume).toEqual({});
  });

  it('R6 the history of the interrupted cancellation ends with the cancellation and its line', () => {
    const line = prop(afterResumed, 'p306')?.observation;
    expect(history.at(-1)).toMatchObject({
      kind: 'cancelled',
      details: expect.objectContaining({ observationLine: line }),
    });
  });

  it('R5.7 a contract that disappears from SGP is not a cancellation: nothing is removed', () => {
    expect(codes(afterResumed)).toContain('307');
    expect(prop(afterResumed, 'p307')).toMatchObject({ client: 'c307', observation: '' });
  });

  it('R5.7 its history says it vanished and that nothing was removed', () => {
    expect(history307.code).toBe(0);
    expect(history307.stdout).toContain('[R5.7] SGP: contract no longer listed by a complete sweep; nothing removed');
  });
});
