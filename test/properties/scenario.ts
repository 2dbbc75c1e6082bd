import fc from 'fast-check';
import { startHarness, type Harness } from '../support/engineHarness.ts';
import type { OzmapState } from '../../sim/ozmap/ozmapFixture.ts';
import type { CycleReport } from '../../src/reconciler/runCycle.ts';
import type { ReplayResult } from '../../src/projections/replay.ts';
import { createKillSwitch } from './killSwitch.ts';
import { canonical, expectedAfterCancelAndSync, observationLines, type CanonState } from './desiredState.ts';
import type { Model, Real } from './engineModel.ts';
import { createLifecycleWatch } from './lifecycleInvariants.ts';
import { ozmapFixtureOf, sgpRecord, type SgpContract, type World } from './world.ts';

/** What one run saw: enough for each property to make its own assertion. */
export interface ScenarioResult {
  readonly trace: string[];
  /** Every cycle that ran to its end, in order (killed ones are in the trace only). */
  readonly cycles: readonly CycleReport[];
  /** Breaches of `stepInvariants` (duplicates, lost lines), each with the step after which it was seen. */
  readonly violations: string[];
  /** OZmap after the final cancel + sync cycles, and the states the model allows (usually one). */
  readonly actual: CanonState;
  readonly expected: readonly CanonState[];
  readonly finalCycles: readonly CycleReport[];
  /** The sync and cancel cycles run right after the final ones. */
  readonly repeatCycles: readonly CycleReport[];
  readonly writesBeforeRepeat: number;
  readonly writesAfterRepeat: number;
  readonly replay: ReplayResult;
  /** Property id -> the codes of the clients it has hosted, as the states seen after each step tell. */
  readonly hosted: ReadonlyMap<string, ReadonlySet<string>>;
  /** OZmap after the repeat cycles, raw, and SGP as the model left it (the life-cycle checks). */
  readonly finalState: OzmapState;
  readonly sgp: readonly SgpContract[];
}

const json = (response: { statusCode: number; body: string }, what: string, ok: number[]): void => {
  if (!ok.includes(response.statusCode)) throw new Error(`${what}: HTTP ${response.statusCode} ${response.body}`);
};

/** POST, PATCH and DELETE requests the OZmap simulator has counted (its write traffic). */
async function ozmapWrites(harness: Harness): Promise<number> {
  const response = await harness.ozmap.inject({ method: 'GET', url: '/__sim/counters' });
  const counts = (response.json() as { counts: Record<string, number> }).counts;
  return Object.entries(counts)
    .filter(([key]) => /^(POST|PATCH|DELETE) /.test(key) && !key.includes('/users/login'))
    .reduce((sum, [, n]) => sum + n, 0);
}

/**
 * The invariants of every step: one client per code (R3.2); no observation line written twice
 * on a property (R5.5), each in R5.2's exact form; and a property the engine detached from a
 * client of code N (only a cancellation sets `client` to null: hand edits here never do) holds a
 * line of N, because R5.2 writes the line before it detaches.
 * "Twice" is the same text twice, not two lines of one code: since issue 14 a code may be
 * cancelled twice on one property (R5.8 puts the reactivated contract's client back on it), each
 * time with a line of its own, and no two cancellations write the same text (R5.5 holds one
 * whose line would read as an earlier one's), so two equal lines are one line written twice.
 */
export function stepInvariants(state: OzmapState, hosted: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const client of state.ftthClients) seen.set(client.code, (seen.get(client.code) ?? 0) + 1);
  for (const [code, n] of seen) if (n > 1) problems.push(`${n} OZmap clients with code ${code}`);
  for (const property of state.properties) {
    const lines = observationLines(property.observation).filter((l) => l.startsWith('«removed '));
    const texts = property.observation
      .split('\n')
      .filter((l) => l.startsWith('Cliente removido pela integração SGP: '));
    const doubled = texts.filter((l, i) => texts.indexOf(l) !== i);
    if (doubled.length > 0) problems.push(`property ${property.id}: ${doubled.join(', ')} more than once`);
    if (lines.length !== (property.observation.match(/Cliente removido/g) ?? []).length) {
      problems.push(`property ${property.id}: a malformed observation line: ${JSON.stringify(property.observation)}`);
    }
    if (property.client === null) {
      for (const code of hosted.get(property.id) ?? []) {
        if (!lines.includes(`«removed ${code}»`))
          problems.push(`property ${property.id} was detached from client ${code} without the line of R5.2`);
      }
    }
  }
  return problems;
}

/** Records which codes each property has hosted, as far as the states seen so far tell. */
function recordHosted(state: OzmapState, hosted: Map<string, Set<string>>): void {
  const codeOf = new Map(state.ftthClients.map((c) => [c.id, c.code]));
  for (const property of state.properties) {
    const code = property.client === null ? undefined : codeOf.get(property.client);
    if (code === undefined) continue;
    const codes = hosted.get(property.id) ?? new Set<string>();
    codes.add(code);
    hosted.set(property.id, codes);
  }
}

/** A clock that moves one second per reading: deterministic, and time still passes. */
function tickingClock(): { readonly now: () => Date; nextMinute(): void } {
  let tick = 0;
  const start = Date.parse('2026-11-29T17:00:00.000Z');
  return {
    now: () => new Date(start + 1000 * tick++),
    nextMinute: () => void (tick = Math.ceil((tick + 1) / 60) * 60),
  };
}

/**
 * Runs `commands` on a fresh world (both simulators, an engine on a memory store), then the
 * final phase every property looks at: faults cleared, one cancel and one sync cycle (compared
 * with the model), one more sync and cancel (idempotence), and a replay of the log.
 */
export async function runScenario(
  world: World,
  commands: Iterable<fc.AsyncCommand<Model, Real>>,
  /** `compare: false` when the run breaks records: the model does not say what OZmap becomes then. */
  options: {
    readonly compare?: boolean;
    readonly ozmapConcurrency?: number;
    /** Engine settings of the run (MOVE_ON_CTO_CHANGE...), over the harness's. */
    readonly env?: Readonly<Record<string, string>>;
    /** Adds the life-cycle invariants of issue 14 to every step (see `lifecycleInvariants.ts`). */
    readonly lifecycle?: boolean;
  } = {},
): Promise<ScenarioResult> {
  const kill = createKillSwitch();
  const clock = tickingClock();
  const harness = await startHarness({
    sgpFixture: { clientes: world.contracts.map(sgpRecord) },
    ozmapFixture: ozmapFixtureOf(world),
    // One request and one command at a time: fault indices and kill points then name the same
    // operation in every replay of a seed.
    // (`ozmapConcurrency` above one explores the interleavings of one cycle's commands instead.)
    env: { OZMAP_CONCURRENCY: String(options.ozmapConcurrency ?? 1), SGP_CONCURRENCY: '1', ...options.env },
    clock: clock.now,
    wrapGateway: kill.wrapGateway,
    wrapStore: kill.wrapStore,
  });
  const trace: string[] = [];
  const violations: string[] = [];
  const hosted = new Map<string, Set<string>>();
  const cycles: CycleReport[] = [];
  const lifecycle = options.lifecycle ? createLifecycleWatch() : undefined;
  // Records left unreadable by hand -> their `updatedAt` after the last hand edit: the service
  // must never write them (decision 0004), so it must not move.
  const broken = new Map<string, string | undefined>();
  const deletedByHand = new Set<string>();
  const updatedAtOf = async (collection: 'ftthClients' | 'properties', id: string): Promise<string | undefined> =>
    ((await harness.ozmapState())[collection] as readonly { id: string; updatedAt?: string }[]).find((o) => o.id === id)
      ?.updatedAt;
  const run = async (kind: 'sync' | 'cancel'): Promise<CycleReport> => {
    const before = kill.operations;
    const report = await harness.run(kind);
    cycles.push(report);
    trace.push(
      `  ${kind} (${kill.operations - before} ops): ${report.outcome} ${JSON.stringify(report.counts)}${report.error ? ` ${report.error}` : ''}`,
    );
    return report;
  };
  const real: Real = {
    async sgpEdit(code, edit) {
      json(
        await harness.sgp.inject({ method: 'PATCH', url: `/__sim/contracts/${code}`, payload: edit }),
        `edit ${code}`,
        [204],
      );
    },
    async sgpAdd(record) {
      json(
        await harness.sgp.inject({ method: 'POST', url: '/__sim/clientes', payload: record }),
        'add contract',
        [201],
      );
    },
    async sgpDelete(code) {
      json(await harness.sgp.inject({ method: 'DELETE', url: `/__sim/contracts/${code}` }), `delete ${code}`, [204]);
    },
    ozmapState: () => harness.ozmapState(),
    async ozmapEdit(collection, id, fields) {
      const url = `/__sim/objects/${collection}/${id}`;
      const response =
        fields === null
          ? await harness.ozmap.inject({ method: 'DELETE', url })
          : await harness.ozmap.inject({ method: 'PATCH', url, payload: fields });
      json(response, `hand edit ${url}`, [200, 204]);
      if (broken.has(`${collection}/${id}`)) broken.set(`${collection}/${id}`, await updatedAtOf(collection, id));
      if (fields === null && collection === 'ftthClients') deletedByHand.add(id);
    },
    async ozmapBreak(collection, id, fields) {
      await real.ozmapEdit(collection, id, fields);
      broken.set(`${collection}/${id}`, await updatedAtOf(collection, id));
    },
    async ozmapAdd(collection, record) {
      json(
        await harness.ozmap.inject({ method: 'POST', url: `/__sim/objects/${collection}`, payload: record }),
        `hand add ${collection}`,
        [200, 201],
      );
    },
    async setFaults(rules) {
      const response =
        rules.length === 0
          ? await harness.ozmap.inject({ method: 'DELETE', url: '/__sim/faults' })
          : await harness.ozmap.inject({ method: 'POST', url: '/__sim/faults', payload: { seed: 1, rules } });
      json(response, 'faults', [200, 204]);
    },
    async cycle(kind, stop) {
      if (stop !== null) kill.arm(stop);
      const before = kill.operations;
      try {
        await run(kind);
      } catch (error) {
        // Only the kill switch may stop a cycle: the engine itself never throws out of one.
        if (!kill.tripped) throw error;
        trace.push(`  ${kind}: killed after ${kill.operations - before} ops`);
      }
      const faults = (await harness.ozmap.inject({ method: 'GET', url: '/__sim/faults' })).json() as {
        injections: { method: string; path: string; kind: string; when: string }[];
      };
      if (faults.injections.length > 0)
        trace.push(
          `  faults so far: ${faults.injections.map((i) => `${i.kind}/${i.when} ${i.method} ${i.path}`).join('; ')}`,
        );
      if (stop !== null) {
        await kill.drain();
        await harness.restart();
      }
    },
    restart: () => harness.restart(),
    async observe(step) {
      trace.push(step);
      const state = await harness.ozmapState();
      recordHosted(state, hosted);
      for (const problem of stepInvariants(state, hosted)) violations.push(`after "${step}": ${problem}`);
      for (const problem of lifecycle?.observe(state) ?? []) violations.push(`after "${step}": ${problem}`);
      for (const [key, updatedAt] of broken) {
        const [collection, id] = key.split('/') as ['ftthClients' | 'properties', string];
        const now = (state[collection] as readonly { id: string; updatedAt?: string }[]).find((o) => o.id === id);
        if (!now) violations.push(`after "${step}": unreadable ${key} was deleted by the service`);
        else if (now.updatedAt !== updatedAt)
          violations.push(`after "${step}": unreadable ${key} was written by the service`);
        if (!now || now.updatedAt !== updatedAt) broken.delete(key);
      }
      if (options.compare === false) {
        // R5.2/R5.3 detach or delete the property before the client: a property still pointing at
        // a client the service deleted lost its line (issue 11, behaviour 2).
        const clients = new Set(state.ftthClients.map((c) => c.id));
        for (const p of state.properties) {
          if (p.client !== null && !clients.has(p.client) && !deletedByHand.has(p.client))
            violations.push(`after "${step}": property ${p.id} points at client ${p.client}, deleted by the service`);
        }
      }
    },
  };
  const model: Model = { sgp: new Map(world.contracts.map((c) => [c.code, structuredClone(c)])) };
  try {
    await real.observe('start');
    await fc.asyncModelRun(() => ({ model, real }), commands);
    // The final phase: no faults, no kill; what OZmap holds now is the model's starting point.
    await real.setFaults([]);
    kill.disarm();
    // A round later, in a minute of its own: a cancellation the run left waiting for the next
    // minute (R5.5, its line would read as an earlier one's) is then done by the final cancel.
    clock.nextMinute();
    trace.push('final: faults cleared, cancel, sync');
    const pre = await harness.ozmapState();
    const expected = options.compare === false ? [] : expectedAfterCancelAndSync(pre, model.sgp.values(), hosted);
    const finalCycles = [await run('cancel'), await run('sync')];
    const actual = canonical(
      await harness.ozmapState(),
      new Set([...pre.ftthClients, ...pre.properties].map((o) => o.id)),
    );
    await real.observe('final cancel + sync');
    const writesBeforeRepeat = await ozmapWrites(harness);
    trace.push('repeat: sync, cancel');
    const repeatCycles = [await run('sync'), await run('cancel')];
    const writesAfterRepeat = await ozmapWrites(harness);
    const replay = await harness.engine.replay();
    const finalState = await harness.ozmapState();
    return {
      finalState,
      sgp: [...model.sgp.values()],
      hosted,
      trace,
      cycles,
      violations,
      actual,
      expected,
      finalCycles,
      repeatCycles,
      writesBeforeRepeat,
      writesAfterRepeat,
      replay,
    };
  } finally {
    await harness.close();
  }
}
