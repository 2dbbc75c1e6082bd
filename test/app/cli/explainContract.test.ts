import { describe, expect, test } from 'vitest';
import { explainContract } from '../../../src/app/cli/explainContract.ts';
import type { PlanPreview } from '../../../src/reconciler/previewPlan.ts';
import type { CreateClientCommand, PlannedCommand } from '../../../src/domain/planner/commands.ts';
import { emptyContractRow } from '../../../src/projections/contractRow.ts';

const guard = { tripped: false, removals: 0, totalClients: 10, hash: 'e3b0c44298fc1c14', codes: [] as string[] };
const preview = (sync: PlannedCommand[], extra: Partial<PlanPreview> = {}): PlanPreview => ({
  at: '2026-11-29T17:00:00.000Z',
  sweepComplete: true,
  ozmapComplete: true,
  contractsRead: 1,
  sync,
  cancel: { commands: [], skips: [], guard, blocked: null },
  ...extra,
});
const create: CreateClientCommand = {
  kind: 'create',
  code: '203',
  rule: 'R2.5',
  reason: 'box "CTO-A", splitter "SPL-sA" port 3',
  boxId: 'bA',
  boxName: 'CTO-A',
  boxProject: null,
  connection: { splitterId: 'sA', splitterName: 'SPL-sA', port: 3 },
  unconnectedReason: null,
  property: { address: '', coords: null, potencyRead: null },
  client: { code: '203', name: 'x', implanted: true, status: 0 },
};

describe('plan --code N: why not N', () => {
  test('what the next sync would do', () => {
    expect(explainContract('203', preview([create]), undefined)).toEqual([
      'contract 203: the next sync would create it: box "CTO-A", splitter "SPL-sA" port 3 [R2.5]',
    ]);
  });

  test('a skip already recorded is still told (R2.7 hides it from the plain listing only)', () => {
    const skip: PlannedCommand = {
      kind: 'skip',
      code: '201',
      rule: 'R2.3',
      reason: 'box-not-found',
      detail: 'no OZmap box named "X"',
      record: false,
    };
    expect(explainContract('201', preview([skip]), undefined)).toEqual([
      'contract 201: not created (box-not-found): no OZmap box named "X" [R2.3]',
    ]);
  });

  test('SGP does not list it; or lists it rejected (R8)', () => {
    expect(explainContract('999', preview([], { contractsRead: 0 }), undefined)).toEqual([
      'contract 999: SGP does not list it; never observed',
    ]);
    const rejected = {
      ...emptyContractRow('998'),
      lastRejected: { field: 'servicos[0].onu', problem: 'not an object', at: '2026-11-29T16:00:00.000Z' },
    };
    expect(explainContract('998', preview([], { contractsRead: 0 }), rejected)).toEqual([
      "contract 998: SGP's record is rejected (R8): field servicos[0].onu: not an object",
    ]);
  });

  test('a cancellation held by the guard says so, with the hash to confirm', () => {
    const held = preview([], {
      cancel: {
        commands: [],
        skips: [],
        guard: { ...guard, tripped: true, removals: 80, hash: 'abcdef0123456789', codes: ['7'] },
        blocked: 'guard',
      },
    });
    expect(explainContract('7', held, undefined)).toEqual([
      'contract 7: its cancellation is held by the mass-deletion guard (R5.6): confirm with sgp-ozmap cancel --once --confirm abcdef0123456789',
    ]);
  });

  test('a cancellation a blocked plan holds back is not "in sync"', () => {
    const held = preview([], {
      sweepComplete: false,
      cancel: { commands: [], skips: [], guard: { ...guard, removals: 1, codes: ['8'] }, blocked: 'sgp-incomplete' },
    });
    expect(explainContract('8', held, undefined).at(-1)).toBe(
      'contract 8: its cancellation is held: no cancellation is planned while the SGP sweep is incomplete (R1.6)',
    );
  });

  test('in sync, and an incomplete read is said first', () => {
    const row = { ...emptyContractRow('202'), ozmap: { clientId: 'c202', propertyId: 'p202' } };
    expect(explainContract('202', preview([], { ozmapComplete: false }), row)).toEqual([
      'contract 202: a read was incomplete: what follows may change once both systems are read whole (R1.6)',
      'contract 202: in sync: OZmap client c202 (property p202) is as SGP asks; nothing to do',
    ]);
  });
});
