import { parseArgs } from 'node:util';
import { UsageError, type CliCommand } from '../cliCommand.ts';
import { cycleExitCode, ExitCode } from '../exitCodes.ts';

export const cancelCommand: CliCommand = {
  name: 'cancel',
  summary: 'run one cancellation cycle (R5) now, or release a guarded set',
  help: `Usage: sgp-ozmap cancel --once [--confirm <hash>] [--json]

Handles contracts cancelled in SGP: an implanted client leaves its property (which keeps its
splitter connection) with a line in the property's observations; a client never implanted is
removed with its property. Never runs on an incomplete SGP sweep.

When a cycle would remove more than CANCEL_GUARD clients it removes none and prints the hash of
the pending set (exit 2). Review it ("sgp-ozmap plan"), then release exactly that set:

  sgp-ozmap cancel --once --confirm <hash>

A different set (SGP changed in the meantime) has another hash and stays blocked.

Exit codes: 0 completed, 1 error, 2 guard tripped, 4 some OZmap writes failed, 3 incomplete
read (nothing cancelled); the first in 1, 2, 4, 3 wins (docs/CONFIG.md).`,
  async run(args, io) {
    const [{ releaseHeldSet }, { withEngine }, { formatCycleReport }] = await Promise.all([
      import('../../../reconciler/massDeletionGuard.ts'),
      import('../withEngine.ts'),
      import('../formatReport.ts'),
    ]);
    const { values } = parseArgs({
      args: [...args],
      options: { once: { type: 'boolean' }, confirm: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    });
    if (!values.once)
      throw new UsageError('say --once (the daemon that runs cycles on their interval is "sgp-ozmap run")');
    if (values.confirm !== undefined && !/^[0-9a-f]{16}$/.test(values.confirm))
      throw new UsageError('--confirm takes the 16-hex-digit hash printed when the guard tripped');
    return withEngine(io, async (engine) => {
      if (values.confirm) {
        // A release is recorded only for the set actually held; another hash is refused below.
        await engine.deps.projector.catchUp();
        const release = await releaseHeldSet(engine.deps, { hash: values.confirm, by: 'cli' });
        if (!release.released) {
          io.stderr(
            `sgp-ozmap cancel: nothing released: ${release.held ? `the held set has hash ${release.held.hash}` : 'no set is held by the guard'}, not ${values.confirm}`,
          );
          return ExitCode.guardTripped;
        }
      }
      const report = await engine.runCycle({
        kind: 'cancel',
        trigger: 'cli',
        ...(values.confirm ? { confirmHash: values.confirm } : {}),
      });
      if ('refused' in report) {
        io.stderr(
          `sgp-ozmap cancel: another instance (${report.refused.holder}) is reconciling this store until ${report.refused.until}`,
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
