import { describe, expect, test } from 'vitest';
import type { PlannedCommand } from '../../../src/domain/planner/commands.ts';
import { PLAN_GROUP_CODES, summarisePlan } from '../../../src/domain/planner/planSummary.ts';

const skip = (code: string, reason: 'box-not-found' | 'no-cto-in-sgp'): PlannedCommand => ({
  kind: 'skip',
  code,
  rule: 'R2.3',
  reason,
  detail: '',
  record: false,
});
const update = (code: string, fields: string[]): PlannedCommand => ({
  kind: 'update',
  code,
  rule: 'R4',
  reason: '',
  clientId: `c${code}`,
  propertyId: null,
  clientPatch: {},
  propertyPatch: {},
  changes: fields.map((field) => ({
    object: 'client' as const,
    field,
    from: 1,
    to: 2,
    rule: field === 'name' ? 'R4.1' : 'R4.6',
    cause: 'sgp' as const,
  })),
});

describe('summarisePlan: a plan grouped by kind and reason', () => {
  test('writes first, largest groups first within a kind; an update counts under each field it writes', () => {
    const summary = summarisePlan(
      [
        skip('1', 'box-not-found'),
        update('2', ['name', 'status']),
        skip('3', 'no-cto-in-sgp'),
        skip('4', 'no-cto-in-sgp'),
        update('5', ['name']),
      ],
      null,
      null,
    );
    expect(summary.writes).toBe(2);
    expect(summary.groups.map((g) => [g.kind, g.reason, g.count, g.codes])).toEqual([
      ['update', 'name', 2, ['2', '5']],
      ['update', 'status', 1, ['2']],
      ['skip', 'no-cto-in-sgp', 2, ['3', '4']],
      ['skip', 'box-not-found', 1, ['1']],
    ]);
    expect(summary).toMatchObject({ guard: null, blocked: null });
  });

  test('a group keeps its count whole and its first codes only; the guard verdict without its code list', () => {
    const many = Array.from({ length: 25 }, (_, i) => skip(String(100 + i), 'box-not-found'));
    const guard = { tripped: true, removals: 80, totalClients: 100, hash: 'abc', codes: ['1', '2'] };
    const summary = summarisePlan(many, guard, 'guard');
    expect(summary.groups[0]).toMatchObject({ count: 25, codes: many.slice(0, PLAN_GROUP_CODES).map((c) => c.code) });
    expect(summary.guard).toEqual({ tripped: true, removals: 80, totalClients: 100, hash: 'abc' });
    expect(summary.blocked).toBe('guard');
  });
});
