import { describe, expect, it } from 'vitest';
import type { FieldChange, PlannedCommand } from '../../../src/domain/planner/commands.ts';
import { writeBudget, writeBudgetWarning } from '../../../src/domain/planner/writeBudget.ts';

const change = (field: string, from: unknown, to: unknown, rule: string, object = 'property'): FieldChange =>
  ({ object, field, from, to, rule }) as FieldChange;
const update = (code: string, changes: FieldChange[]): PlannedCommand =>
  ({
    kind: 'update',
    code,
    rule: 'R4',
    reason: 'differs',
    clientId: 'c',
    propertyId: 'p',
    clientPatch: {},
    propertyPatch: {},
    changes,
  }) as PlannedCommand;
const rxUpdate = (code: string, from: number, to: number) => update(code, [change('potencyRead', from, to, 'R4.2')]);
const create = (code: string) => ({ kind: 'create', code }) as unknown as PlannedCommand;

describe('write budget: the writes a sync needs against SYNC_INTERVAL at OZMAP_MAX_RPS (issue 18)', () => {
  it('fits: no warning', () => {
    const budget = writeBudget([rxUpdate('1', -20, -20.01), create('2')], {
      maxRps: 10,
      intervalMs: 1_000,
      rxDeadbandDb: 0,
    });
    expect(budget).toMatchObject({ writes: 2, requests: 3, fits: true, deadbandThatFits: null });
    expect(writeBudgetWarning(budget, 10)).toBeNull();
  });

  it('too many RX-only updates: names the smallest deadband that spares enough of them', () => {
    // 6 RX-only updates (deltas 0.01 x3, 0.02 x2, 0.30) and one name change; room for 3 requests.
    const plan = [
      rxUpdate('1', -20, -20.01),
      rxUpdate('2', -20, -19.99),
      rxUpdate('3', -21.5, -21.51),
      rxUpdate('4', -20, -20.02),
      rxUpdate('5', -20, -19.98),
      rxUpdate('6', -20, -20.3),
      update('7', [change('name', 'A', 'B', 'R4.1', 'client')]),
    ];
    const budget = writeBudget(plan, { maxRps: 1, intervalMs: 3_000, rxDeadbandDb: 0 });
    // Sparing the 0.01s leaves 4 > 3; sparing the 0.02s too leaves 2: deadband 0.03.
    expect(budget).toMatchObject({ writes: 7, requests: 7, fits: false, rxOnlyUpdates: 6, deadbandThatFits: 0.03 });
    expect(writeBudgetWarning(budget, 1)).toContain('RX_DEADBAND_DB=0.03 would make them fit');
  });

  it('no deadband fits when the other writes alone outlast the interval', () => {
    const plan = [create('1'), create('2'), rxUpdate('3', -20, -20.01)];
    const budget = writeBudget(plan, { maxRps: 1, intervalMs: 2_000, rxDeadbandDb: 0 });
    expect(budget).toMatchObject({ requests: 5, fits: false, deadbandThatFits: null });
    expect(writeBudgetWarning(budget, 1)).toContain('no RX_DEADBAND_DB would make them fit');
  });

  it('an RX written where OZmap has none is not spared by a deadband (R4.2 writes it whatever the band)', () => {
    const plan = [update('1', [change('potencyRead', null, -20, 'R4.2')]), rxUpdate('2', -20, -20.01)];
    const budget = writeBudget(plan, { maxRps: 1, intervalMs: 1_000, rxDeadbandDb: 0 });
    expect(budget).toMatchObject({ rxOnlyUpdates: 1, deadbandThatFits: 0.02 });
  });
});
