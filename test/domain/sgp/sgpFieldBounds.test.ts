import { describe, expect, test } from 'vitest';
import { applyFieldBounds } from '../../../src/domain/sgp/applyFieldBounds.ts';
import type { ContractSnapshot } from '../../../src/domain/sgp/contractSnapshot.ts';
import {
  BRAZIL_REGION,
  originalLength,
  regionProblem,
  removeUnsafeCharacters,
  summariseOversizeText,
} from '../../../src/domain/sgp/sgpFieldBounds.ts';

const snapshot = (overrides: Partial<ContractSnapshot> = {}): ContractSnapshot => ({
  code: '1',
  status: 1,
  statusText: 'Ativo',
  name: 'Ana Souza',
  cto: 'CTO-01',
  ctoPort: 1,
  rxDbm: -21.5,
  online: true,
  coords: { lat: -3.73, lng: -38.52 },
  address: 'Rua A, 10',
  ...overrides,
});
const bounds = { region: BRAZIL_REGION, textLimits: { clientName: 255, address: 500 } };

describe('R8 SGP field bounds (issue 11)', () => {
  test('control and bidirectional characters are removed and counted; tabs become spaces', () => {
    expect(removeUnsafeCharacters('Ana\u0000 Souza\u202E\u2066')).toEqual({ text: 'Ana Souza', removed: 3 });
    expect(removeUnsafeCharacters('Rua\tA').text).toBe('Rua A');
  });

  test('a stored summary counts at the length it records, alone or inside an address line', () => {
    const summary = summariseOversizeText('R'.repeat(200_000), 'ab'.repeat(32));
    expect(originalLength(summary)).toBe(200_000);
    expect(originalLength(`${summary}, 10 - Centro`)).toBeGreaterThan(200_000);
    expect(originalLength('Rua A')).toBe(5);
  });

  test('a clean snapshot passes unchanged, with no warning', () => {
    const clean = snapshot();
    expect(applyFieldBounds(clean, bounds)).toEqual({ snapshot: clean, warnings: [], invalidName: null });
  });

  test('a name longer than OZmap accepts is invalid, never truncated', () => {
    const bounded = applyFieldBounds(snapshot({ name: 'A'.repeat(256) }), bounds);
    expect(bounded.snapshot.name).toBe('');
    expect(bounded.invalidName?.problem).toMatch(/256 characters, more than OZmap accepts \(255\)/);
  });

  test('an address longer than OZmap accepts is dropped with a warning', () => {
    const bounded = applyFieldBounds(snapshot({ address: 'R'.repeat(501) }), bounds);
    expect(bounded.snapshot.address).toBe('');
    expect(bounded.warnings.map((w) => w.field)).toEqual(['address']);
  });

  test('coordinates outside the region are dropped; swapped ones are named as such', () => {
    expect(regionProblem({ lat: -38.52, lng: -3.73 }, BRAZIL_REGION)).toMatch(/swapped/);
    expect(regionProblem({ lat: 48.85, lng: 2.35 }, BRAZIL_REGION)).toMatch(/outside the region/);
    const bounded = applyFieldBounds(snapshot({ coords: { lat: -38.52, lng: -3.73 } }), bounds);
    expect(bounded.snapshot.coords).toBeNull();
    expect(bounded.warnings[0]?.problem).toMatch(/swapped/);
  });
});
