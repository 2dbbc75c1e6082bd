import { cycleExitCode } from '../../src/app/cli/exitCodes.ts';
import type { CycleReport } from '../../src/reconciler/runCycle.ts';

/** A cycle's report with the exit code the CLI gives it (docs/CONFIG.md, "CLI exit codes"). */
export const withExitCode = (report: CycleReport): CycleReport & { readonly exitCode: number } => ({
  ...report,
  exitCode: cycleExitCode(report),
});
