import type { CycleOutcome } from '../../domain/cycles.ts';

/** The exit codes of docs/CONFIG.md, named so that no command returns a bare number. */
export const ExitCode = {
  completed: 0,
  error: 1,
  guardTripped: 2,
  incomplete: 3,
  /** The cycle ran, but some of its OZmap writes failed (docs/CONFIG.md, "CLI exit codes"). */
  commandsFailed: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The CLI's reading of a cycle's outcome. docs/CONFIG.md "CLI exit codes": error 1 over guard 2
 * over failed writes 4 over incomplete 3. Failed writes outrank an incomplete read: they name
 * contracts that need a person, where an incomplete read only deferred what was unsafe and
 * usually heals by itself. The reconciler reports what happened; what a shell sees is decided here.
 */
export function cycleExitCode(report: {
  readonly outcome: CycleOutcome;
  readonly contractsWithFailedWrites: number;
}): ExitCode {
  if (report.outcome === 'failed') return ExitCode.error;
  if (report.outcome === 'guard-tripped') return ExitCode.guardTripped;
  if (report.contractsWithFailedWrites > 0) return ExitCode.commandsFailed;
  if (report.outcome === 'incomplete') return ExitCode.incomplete;
  return ExitCode.completed;
}
