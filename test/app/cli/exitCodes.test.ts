import { describe, expect, it } from 'vitest';
import { cycleExitCode, ExitCode } from '../../../src/app/cli/exitCodes.ts';
import type { CycleOutcome } from '../../../src/domain/cycles.ts';

const code = (outcome: CycleOutcome, contractsWithFailedWrites = 0) =>
  cycleExitCode({ outcome, contractsWithFailedWrites });

describe('cycleExitCode: the CLI reading of a cycle outcome', () => {
  it('CONFIG each outcome alone has its code: completed 0, failed 1, guard 2, incomplete 3, failed writes 4', () => {
    expect([
      code('completed'),
      code('failed'),
      code('guard-tripped'),
      code('incomplete'),
      code('completed', 2),
    ]).toEqual([
      ExitCode.completed,
      ExitCode.error,
      ExitCode.guardTripped,
      ExitCode.incomplete,
      ExitCode.commandsFailed,
    ]);
    expect(Object.values(ExitCode)).toEqual([0, 1, 2, 3, 4]);
  });

  it('CONFIG when several apply the first in 1, 2, 4, 3 wins', () => {
    expect(code('failed', 1)).toBe(1);
    expect(code('guard-tripped', 1)).toBe(2);
    expect(code('incomplete', 1)).toBe(4);
    expect(code('incomplete', 0)).toBe(3);
  });
});
