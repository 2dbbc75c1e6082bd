import { describe, expect, test } from 'vitest';
import type { ContractSnapshot } from '../../../src/domain/sgp/contractSnapshot.ts';
import { describeSnapshotChanges } from '../../../src/domain/sgp/snapshotChanges.ts';

const before: ContractSnapshot = {
  code: '1234',
  status: 1,
  statusText: 'Ativo',
  name: 'Maria da Silva',
  cto: 'CTO-01',
  ctoPort: 3,
  rxDbm: -21.5,
  online: true,
  coords: { lat: -3.7319, lng: -38.5267 },
  address: 'Rua A, 10 - Centro, Fortaleza - CE, 60000-000',
};

describe('R6 changes SGP reported', () => {
  test('R6 equal snapshots -> no change', () => {
    expect(describeSnapshotChanges(before, { ...before, coords: { lat: -3.7319, lng: -38.5267 } })).toEqual([]);
  });

  test.each<[keyof ContractSnapshot, unknown]>([
    ['name', 'Maria Souza'],
    ['status', 3],
    ['status', 'unknown'],
    ['cto', 'CTO-02'],
    ['cto', null],
    ['ctoPort', 4],
    ['rxDbm', -22],
    ['rxDbm', null],
    ['online', false],
    ['online', null],
    ['address', ''],
  ])('R6 %s changed to %j -> one change with old and new value', (field, to) => {
    const after = { ...before, [field]: to } as ContractSnapshot;
    expect(describeSnapshotChanges(before, after)).toEqual([{ field, from: before[field], to }]);
  });

  test('R6 coords are compared exactly: 1e-9 degrees is a change', () => {
    const after = { ...before, coords: { lat: -3.7319 + 1e-9, lng: -38.5267 } };
    expect(describeSnapshotChanges(before, after)).toEqual([
      { field: 'coords', from: before.coords, to: after.coords },
    ]);
  });

  test('R6 coords lost or found are changes', () => {
    expect(describeSnapshotChanges(before, { ...before, coords: null })).toEqual([
      { field: 'coords', from: before.coords, to: null },
    ]);
    expect(describeSnapshotChanges({ ...before, coords: null }, before)).toEqual([
      { field: 'coords', from: null, to: before.coords },
    ]);
  });

  test('R6 a new wording of the same status, or a new code, is not a change', () => {
    expect(describeSnapshotChanges(before, { ...before, statusText: ' ATIVO ', code: '9' })).toEqual([]);
  });

  test('R6 several changes come in the fixed field order', () => {
    const after: ContractSnapshot = {
      ...before,
      address: 'Rua B',
      coords: null,
      online: false,
      rxDbm: -25,
      ctoPort: 5,
      cto: 'CTO-09',
      status: 4,
      name: 'Maria S.',
    };
    expect(describeSnapshotChanges(before, after).map((change) => change.field)).toEqual([
      'name',
      'status',
      'cto',
      'ctoPort',
      'rxDbm',
      'online',
      'coords',
      'address',
    ]);
  });

  test('R6 first observation: every field with a value is listed from null; null fields are not', () => {
    const first: ContractSnapshot = {
      ...before,
      cto: null,
      ctoPort: null,
      rxDbm: null,
      online: null,
      coords: null,
      name: '',
      status: 'unknown',
    };
    expect(describeSnapshotChanges(null, first)).toEqual([
      { field: 'name', from: null, to: '' },
      { field: 'status', from: null, to: 'unknown' },
      { field: 'address', from: null, to: before.address },
    ]);
    expect(describeSnapshotChanges(null, before)).toHaveLength(8);
  });
});
