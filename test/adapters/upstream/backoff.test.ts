import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../../../src/adapters/upstream/backoff.ts';

describe('backoffDelay (full jitter)', () => {
  it('draws within [0, min(maxDelay, base x 2^(n-1))] and reaches the ceiling as random -> 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, baseDelayMs, maxDelayMs, draw) => {
          const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
          const delay = backoffDelay(attempt, { baseDelayMs, maxDelayMs, random: () => draw });
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(ceiling);
          expect(Math.abs(delay - draw * ceiling)).toBeLessThanOrEqual(0.5);
        },
      ),
      { seed: 20260301, numRuns: 200 },
    );
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');

  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    [new Date(now + 2_500).toUTCString(), 2_000], // HTTP dates have whole seconds
    [new Date(now - 60_000).toUTCString(), 0],
    ['1.5', undefined],
    ['-3', undefined],
    ['soon', undefined],
    [undefined, undefined],
  ])('reads %j as %j ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});
