import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, canonicalJsonReference } from '../../../src/domain/events/eventIds.ts';

// Keys that exercise the reference's ordering: array-index keys go first in numeric order.
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }));
const key = fc.oneof(
  text,
  fc.constantFrom(
    '0',
    '1',
    '2',
    '10',
    '01',
    '-1',
    '1.5',
    '4294967294',
    '4294967295',
    'a',
    'B',
    'é',
    '\u{1F600}',
    '__proto__x',
  ),
);
const leaf = fc.oneof(
  text,
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 1e21, 5e-7),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 6 }),
}));

describe('canonicalJson', () => {
  it('gives the reference text for any JSON-like value', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(canonicalJsonReference(v));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the reference text for values whose keys are already sorted (the fast path, issue 18)', () => {
    const sortedDeep = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(sortedDeep);
      if (v === null || typeof v !== 'object') return v;
      const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return Object.fromEntries(entries.map(([k, x]) => [k, sortedDeep(x)]));
    };
    fc.assert(
      fc.property(value, (v) => {
        const sorted = sortedDeep(v);
        expect(canonicalJson(sorted)).toBe(canonicalJsonReference(sorted));
      }),
      { numRuns: 3000 },
    );
  });

  it('falls back to the reference for values that are not plain data', () => {
    const odd = [
      new Date(0),
      { at: new Date(0) },
      [new Map()],
      { toJSON: () => 'x' },
      Object.create(null) as object,
      [function f() {}, Symbol('s')],
      undefined,
    ];
    for (const v of odd) expect(canonicalJson(v)).toBe(canonicalJsonReference(v));
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });

  it('sorts keys by code unit, array-index keys first in numeric order', () => {
    expect(canonicalJson({ b: 1, a: [{ z: 1, y: undefined }], 10: 'x', 2: 'y', A: null })).toBe(
      '{"2":"y","10":"x","A":null,"a":[{"z":1}],"b":1}',
    );
  });
});
