import { describe, expect, test } from 'vitest';
import type { DomainEvent, EventPayload } from '../../src/domain/events/catalogue.ts';
import {
  applyCycleEvent,
  applyGuardEvent,
  emptyGuardState,
  RELEASES_KEPT,
  type CycleRow,
  type GuardState,
} from '../../src/projections/cycleProjection.ts';
import { plannedUpdate } from './projectionEvents.ts';

const started = (cycleId: string, kind: 'sync' | 'cancel' = 'sync', dryRun = false): DomainEvent => ({
  type: 'CycleStarted',
  data: { v: 1, cycleId, kind, at: '2026-11-29T17:00:00.000Z', dryRun, trigger: 'schedule' },
});

const finished = (cycleId: string, overrides: Partial<EventPayload<'CycleFinished'>> = {}): DomainEvent => ({
  type: 'CycleFinished',
  data: {
    v: 1,
    cycleId,
    kind: 'sync',
    at: '2026-11-29T17:00:12.500Z',
    outcome: 'completed',
    durationMs: 12_500,
    sweepComplete: true,
    ozmapComplete: true,
    dryRun: false,
    counts: { created: 2, updated: 5 },
    error: null,
    ...overrides,
  },
});

const planned = (cycleId: string, n: number): DomainEvent => ({
  type: 'CyclePlanned',
  data: {
    v: 1,
    cycleId,
    at: '2026-11-29T17:00:05.000Z',
    commands: Array.from({ length: n }, (_, i) => plannedUpdate(String(i))),
  },
});

const tripped = (cycleId: string, hash: string): DomainEvent => ({
  type: 'CancellationGuardTripped',
  data: { v: 1, cycleId, at: '2026-11-29T17:30:00.000Z', hash, removals: 80, totalClients: 1000, codes: ['1', '2'] },
});

const released = (hash: string, by = 'ana'): DomainEvent => ({
  type: 'CancellationGuardReleased',
  data: { v: 1, at: '2026-11-29T18:00:00.000Z', hash, by },
});

const foldCycle = (events: DomainEvent[]): CycleRow | undefined =>
  events.reduce<CycleRow | undefined>((row, e) => applyCycleEvent(row, e), undefined);
const foldGuard = (events: DomainEvent[]): GuardState => events.reduce(applyGuardEvent, emptyGuardState());

describe('cycle fold', () => {
  test('CycleStarted -> a running row with its kind, trigger and dry-run flag', () => {
    expect(foldCycle([started('c1', 'cancel', true)])).toEqual({
      cycleId: 'c1',
      kind: 'cancel',
      trigger: 'schedule',
      dryRun: true,
      startedAt: '2026-11-29T17:00:00.000Z',
      finishedAt: null,
      outcome: 'running',
      durationMs: null,
      counts: {},
      sweepComplete: null,
      ozmapComplete: null,
      error: null,
      plannedCommands: null,
    });
  });

  test('CycleFinished -> outcome, duration, counts and completeness', () => {
    const row = foldCycle([
      started('c1'),
      finished('c1', { outcome: 'incomplete', sweepComplete: false, error: 'SGP page 3 failed' }),
    ]);
    expect(row).toMatchObject({
      outcome: 'incomplete',
      finishedAt: '2026-11-29T17:00:12.500Z',
      durationMs: 12_500,
      counts: { created: 2, updated: 5 },
      sweepComplete: false,
      ozmapComplete: true,
      error: 'SGP page 3 failed',
      trigger: 'schedule',
    });
  });

  test('CyclePlanned -> plannedCommands adds up the dry run plans', () => {
    expect(foldCycle([started('c1', 'sync', true), planned('c1', 3), planned('c1', 4)])?.plannedCommands).toBe(7);
    expect(foldCycle([started('c1', 'sync', true), planned('c1', 0)])?.plannedCommands).toBe(0);
  });

  test('a finish without its start still gives a row, placed at finish minus duration', () => {
    expect(foldCycle([finished('c9')])).toMatchObject({
      cycleId: 'c9',
      startedAt: '2026-11-29T17:00:00.000Z',
      outcome: 'completed',
      trigger: 'unknown',
    });
  });

  test('guard events do not touch cycle rows', () => {
    expect(applyCycleEvent(undefined, released('h'))).toBeUndefined();
  });
});

describe('R5.6 guard fold', () => {
  test('a trip records the pending set with its hash and cycle', () => {
    expect(foldGuard([tripped('c1', 'h1')]).pending).toEqual({
      hash: 'h1',
      removals: 80,
      totalClients: 1000,
      codes: ['1', '2'],
      cycleId: 'c1',
      at: '2026-11-29T17:30:00.000Z',
    });
  });

  test('a release naming the pending hash clears it and is remembered', () => {
    const guard = foldGuard([tripped('c1', 'h1'), released('h1')]);
    expect(guard.pending).toBeNull();
    expect(guard.released).toEqual([{ hash: 'h1', at: '2026-11-29T18:00:00.000Z', by: 'ana' }]);
  });

  test('a release naming another hash leaves the pending set', () => {
    expect(foldGuard([tripped('c1', 'h1'), released('h0')]).pending?.hash).toBe('h1');
  });

  test(`only the last ${RELEASES_KEPT} releases are kept`, () => {
    const guard = foldGuard(Array.from({ length: 25 }, (_, i) => released(`h${i}`)));
    expect(guard.released.map((r) => r.hash)).toEqual(Array.from({ length: 20 }, (_, i) => `h${i + 5}`));
  });

  test('a later completed cancel cycle that did not trip clears the pending set', () => {
    expect(foldGuard([tripped('c1', 'h1'), finished('c2', { kind: 'cancel' })]).pending).toBeNull();
  });

  test('the tripping cycle finishing, a sync cycle or an incomplete cancel cycle keep it', () => {
    expect(
      foldGuard([tripped('c1', 'h1'), finished('c1', { kind: 'cancel', outcome: 'guard-tripped' })]).pending?.hash,
    ).toBe('h1');
    expect(
      foldGuard([tripped('c1', 'h1'), finished('c1', { kind: 'cancel', outcome: 'completed' })]).pending?.hash,
    ).toBe('h1');
    expect(foldGuard([tripped('c1', 'h1'), finished('c2', { kind: 'sync' })]).pending?.hash).toBe('h1');
    expect(
      foldGuard([tripped('c1', 'h1'), finished('c2', { kind: 'cancel', outcome: 'incomplete' })]).pending?.hash,
    ).toBe('h1');
  });

  test('events that do not concern the guard return the same state object', () => {
    const guard = foldGuard([tripped('c1', 'h1')]);
    expect(applyGuardEvent(guard, started('c2'))).toBe(guard);
  });
});
