import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, limitHeapGrowth } from '../../src/app/heapGrowth.ts';

describe('limitHeapGrowth', () => {
  it('sets the growth when node was started without its own', () => {
    expect(HEAP_GROWING_PERCENT).toBeGreaterThan(0);
    expect(limitHeapGrowth(['--trace-gc'])).toBe(true);
  });

  it("leaves node's own --heap-growing-percent standing, in either spelling", () => {
    expect(limitHeapGrowth(['--heap-growing-percent=0'])).toBe(false);
    expect(limitHeapGrowth(['--heap_growing_percent=200'])).toBe(false);
  });
});
