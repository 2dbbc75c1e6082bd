import { parseArgs } from 'node:util';
import { type CliCommand } from '../cliCommand.ts';
import { ExitCode } from '../exitCodes.ts';

export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 'rebuild every read model from the first event (after a bug fix)',
  help: `Usage: sgp-ozmap replay [--dry-run]

Folds the whole event log through the current code into fresh read models and swaps them in at
once. Because SGP's raw observations are kept, a fixed rule (R1 normalisation included)
reaches every contract. Stop the daemon first, or use POST /api/replay on it.

Options:
  --dry-run   build and compare only; print how many rows would change`,
  async run(args, io) {
    const [{ withLocalState }, { createProgress }] = await Promise.all([
      import('../withLocalState.ts'),
      import('../progress.ts'),
    ]);
    const { values } = parseArgs({ args: [...args], options: { 'dry-run': { type: 'boolean' } }, strict: true });
    const dryRun = values['dry-run'] ?? false;
    const progress = createProgress(io);
    return withLocalState(io, async (state) => {
      const started = Date.now();
      const result = await state.replay({
        dryRun,
        onProgress: (applied) => progress('events replayed', applied, applied),
      });
      progress.done();
      const seconds = (Date.now() - started) / 1000;
      io.stdout(
        `${dryRun ? 'replay (dry run)' : 'replay'}: ${result.applied} events, ${result.contracts} contracts, ${result.cycles} cycles in ${seconds.toFixed(1)} s`,
      );
      io.stdout(
        result.identical
          ? 'read models unchanged'
          : `read models differ: ${result.differences.contracts} contracts, ${result.differences.cycles} cycles${result.differences.guard ? ', guard state' : ''}${dryRun ? ' (not applied)' : ' (replaced)'}`,
      );
      return ExitCode.completed;
    });
  },
};
