import { parseArgs } from 'node:util';
import { UsageError, type CliCommand } from '../cliCommand.ts';
import { cycleExitCode, ExitCode } from '../exitCodes.ts';

export const syncCommand: CliCommand = {
  name: 'sync',
  summary: 'run one creation + update cycle (R2-R4) now',
  help: `Usage: sgp-ozmap sync --once [--code N] [--json]

Reads every SGP contract, stores what changed, reads OZmap, creates the missing clients and
updates the ones that differ. With DRY_RUN=true it records the plan and writes nothing.

Options:
  --once       run one cycle and exit (the daemon is "sgp-ozmap run")
  --code N     this contract only
  --json       print the cycle report as JSON

Exit codes: 0 completed, 1 error, 2 SGP stopped listing a mass of contracts (held by the
mass-deletion guard: nothing recorded vanished), 4 some OZmap writes failed, 3 a read was
incomplete (only what is safe was done); the first in 1, 2, 4, 3 wins (docs/CONFIG.md).`,
  async run(args, io) {
    const [{ withEngine }, { formatCycleReport }] = await Promise.all([
      import('../withEngine.ts'),
      import('../formatReport.ts'),
    ]);
    const { values } = parseArgs({
      args: [...args],
      options: { once: { type: 'boolean' }, code: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    });
    if (!values.once)
      throw new UsageError('say --once (the daemon that runs cycles on their interval is "sgp-ozmap run")');
    return withEngine(io, async (engine) => {
      const report = await engine.runCycle({
        kind: 'sync',
        trigger: 'cli',
        ...(values.code ? { code: values.code } : {}),
      });
      if ('refused' in report) {
        io.stderr(
          `sgp-ozmap sync: another instance (${report.refused.holder}) is reconciling this store until ${report.refused.until}`,
        );
        return ExitCode.error;
      }
      if (values.json)
        io.stdout(JSON.stringify({ ...report, exitCode: cycleExitCode(report), commands: report.commands.length }));
      else for (const line of formatCycleReport(report)) io.stdout(line);
      return cycleExitCode(report);
    });
  },
};
