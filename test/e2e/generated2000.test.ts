import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFixtures } from '../../sim/generate/generateFixtures.ts';
import type { OzmapState } from '../../sim/ozmap/ozmapFixture.ts';
import { openEventStore } from '../../src/adapters/eventstore/openEventStore.ts';
import type { CycleReport } from '../../src/reconciler/runCycle.ts';
import type {
  CancelClientCommand,
  CreateClientCommand,
  UpdateClientCommand,
} from '../../src/domain/planner/commands.ts';
import { contractStream } from '../../src/domain/events/streams.ts';
import { buildTimeline, type TimelineEntry } from '../../src/projections/timeline.ts';
import { contractListState } from '../../src/projections/contractRow.ts';
import { startHarness, type Harness } from '../support/engineHarness.ts';

/**
 * A full sync, then a cancel, over the generator's 2,000-contract network (seed 7), in process.
 *
 * The numbers decide the cancel outcome: the sync leaves 1,576 FTTH clients in OZmap (1,029
 * there before plus 547 created) and 78 of them belong to cancelled contracts. The guard trips
 * only above 50 AND above 5% of the clients read (78.8): 78 is under, so the cancel completes.
 * (Run before the sync, 78 of 1,029 would be 7.6% and trip it; the order is part of the test.)
 */

const ROOT = resolve(import.meta.dirname, '../..');
const fixtures = generateFixtures({ contracts: 2000, seed: 7 });

let harness: Harness;
let sync: CycleReport;
let cancel: CycleReport;
let afterSync: OzmapState;
let afterCancel: OzmapState;
/** Each contract's list state right after the first sync. */
let statesAfterSync: Map<string, string>;
beforeAll(async () => {
  harness = await startHarness({ sgpFixture: fixtures.sgp as { clientes: unknown[] }, ozmapFixture: fixtures.ozmap });
  sync = await harness.run('sync');
  statesAfterSync = new Map(
    [...harness.engine.deps.readModels.contracts()].map((row) => [row.code, contractListState(row)]),
  );
  afterSync = await harness.ozmapState();
  cancel = await harness.run('cancel');
  afterCancel = await harness.ozmapState();
}, 120_000);
afterAll(async () => {
  await harness.close();
});

const duplicates = (state: OzmapState): string[] => {
  const seen = new Set<string>();
  return state.ftthClients.map((c) => c.code).filter((code) => seen.has(code) || !seen.add(code));
};
const timelineOf = async (code: string): Promise<TimelineEntry[]> =>
  buildTimeline(await harness.store.readStream(contractStream(code)));
const first = <T extends { kind: string }>(commands: readonly { kind: string }[], kind: T['kind']): T => {
  const found = commands.find((c) => c.kind === kind);
  if (!found) throw new Error(`no ${kind} command in the cycle`);
  return found as T;
};

describe('generated network, 2,000 contracts, seed 7', () => {
  it('the sync completes, creates and updates, and leaves no code twice in OZmap', () => {
    expect(sync).toMatchObject({ outcome: 'completed', contractsWithFailedWrites: 0, error: null });
    expect(sync.counts).toMatchObject({ contractsRead: 2000, rejected: 0, created: 547, updated: 287 });
    expect(sync.counts.failed).toBeUndefined();
    expect(afterSync.ftthClients).toHaveLength(1576);
    expect(duplicates(afterSync)).toEqual([]);
  });

  it('R5.6 the cancel stays under the guard (78 of 1,576 is 4.95%) and completes, removing exactly those clients', () => {
    expect(cancel).toMatchObject({
      outcome: 'completed',
      contractsWithFailedWrites: 0,
      guard: { tripped: false, removals: 78, totalClients: 1576 },
    });
    expect(cancel.counts).toMatchObject({ cancelled: 78 });
    expect(cancel.counts.failed).toBeUndefined();
    const removed = new Set(
      afterSync.ftthClients.map((c) => c.code).filter((code) => !afterCancel.ftthClients.some((c) => c.code === code)),
    );
    expect([...removed].sort()).toEqual([...(cancel.guard?.codes ?? [])].sort());
    expect(duplicates(afterCancel)).toEqual([]);
  });

  it('after the first sync no contract whose client is in OZmap is pending: it is created, linked or cancelled', () => {
    const inOzmap = new Set(afterSync.ftthClients.map((c) => c.code));
    const pending = [...statesAfterSync].filter(([code, state]) => inOzmap.has(code) && state === 'pending');
    expect(pending).toEqual([]);
    const counts = (state: string) => [...statesAfterSync.values()].filter((s) => s === state).length;
    // Every contract whose code had a client before the sync is linked (cancelled ones too), the
    // 547 it created are created: the fixture's other clients have codes SGP does not list.
    const before = new Set((fixtures.ozmap as { ftthClients: { code: string }[] }).ftthClients.map((c) => c.code));
    expect(counts('created')).toBe(547);
    expect(counts('linked')).toBe([...statesAfterSync.keys()].filter((code) => before.has(code)).length);
    expect(counts('linked')).toBe(964);
  });

  it('R6 a created contract: its trail tells the first observation, the intent and the creation', async () => {
    const created = first<CreateClientCommand>(sync.commands, 'create');
    const trail = await timelineOf(created.code);
    expect(trail.map((e) => e.kind)).toEqual(['observed', 'issued', 'created']);
    expect(trail[2]?.summary).toContain(`OZmap: created client "${created.client.name}" on box "${created.boxName}"`);
  });

  it('R6 an updated contract: its trail has each field written with old and new values', async () => {
    const updated = first<UpdateClientCommand>(sync.commands, 'update');
    const entries = (await timelineOf(updated.code)).filter((e) => e.kind === 'updated');
    expect(entries.map((e) => ({ field: e.details.field, from: e.details.from, to: e.details.to }))).toEqual(
      updated.changes.map((c) => ({ field: c.field, from: c.from, to: c.to })),
    );
  });

  it('R6 a cancelled contract: its trail ends with the cancellation and the exact text written', async () => {
    const cancelled = cancel.commands.find((c): c is CancelClientCommand => c.kind === 'cancel' && c.mode === 'detach');
    if (!cancelled) throw new Error('no detach cancellation in the cycle');
    const trail = await timelineOf(cancelled.code);
    const observation = afterCancel.properties.find((p) => p.id === cancelled.propertyId)?.observation ?? '';
    expect(observation.split('\n')).toContain(cancelled.observationLine);
    expect(trail.at(-1)).toMatchObject({ kind: 'cancelled', rule: 'R5.2' });
    expect(trail.at(-1)?.summary).toContain(`observation written: '${cancelled.observationLine}'`);
  });

  it('R6 the same trail through the CLI: history reads it from a SQLite log', async () => {
    const code = first<CreateClientCommand>(sync.commands, 'create').code;
    const dir = mkdtempSync(join(tmpdir(), 'sgp-ozmap-2000-'));
    try {
      // The harness log is in memory: copy this contract's stream, ids and order kept.
      const sqlite = await openEventStore({ kind: 'sqlite', path: join(dir, 'events.db') });
      for (const event of await harness.store.readStream(contractStream(code))) {
        await sqlite.append(event.streamId, [{ id: event.id, type: event.type, data: event.data }], {
          expectedRevision: event.revision === 0 ? 'no_stream' : event.revision - 1,
        });
      }
      await sqlite.close();
      const env = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        EVENTSTORE_URL: `sqlite:${join(dir, 'events.db')}`,
        LOG_LEVEL: 'warn',
      };
      const { stdout } = await promisify(execFile)(join(ROOT, 'bin/sgp-ozmap'), ['history', code], { cwd: ROOT, env });
      expect(stdout).toMatch(new RegExp(`^contract ${code}: 3 entries`));
      expect(stdout).toMatch(/ created +\[R2\.[45]\] OZmap: created client /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
