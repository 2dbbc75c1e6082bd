import { parseArgs } from 'node:util';
import { UsageError, type CliCommand } from '../cliCommand.ts';
import { ExitCode } from '../exitCodes.ts';

export const historyCommand: CliCommand = {
  name: 'history',
  summary: "print a contract's audit trail: what happened to it, when and why",
  help: `Usage: sgp-ozmap history <code> [--json]

Every change SGP reported, every write to OZmap with old and new values, every skip with its
reason, every failure, every cancellation with the exact observation text, oldest first.
Rebuilt from the event log alone. Times in TIMEZONE.`,
  async run(args, io) {
    const [
      { contractStream },
      { buildTimeline },
      { formatBrazilianDateTime },
      { emptyStoreText, storeHint, storeIsEmpty },
      { withLocalState },
    ] = await Promise.all([
      import('../../../domain/events/streams.ts'),
      import('../../../projections/timeline.ts'),
      import('../../../domain/planner/observationLine.ts'),
      import('../storeNotice.ts'),
      import('../withLocalState.ts'),
    ]);
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    const [code] = positionals;
    if (!code || positionals.length > 1) throw new UsageError('name one contract code');
    return withLocalState(io, async (state, timezone, location) => {
      const events = await state.store.readStream(contractStream(code));
      if (events.length === 0 && (await storeIsEmpty(state.store))) {
        io.stderr(`sgp-ozmap history: ${emptyStoreText(location)}: ${storeHint(io)}`);
        return ExitCode.error;
      }
      if (events.length === 0) {
        io.stderr(`sgp-ozmap history: no history for contract ${code} (never seen in an SGP sweep)`);
        return ExitCode.error;
      }
      const timeline = buildTimeline(events);
      if (values.json) {
        io.stdout(JSON.stringify({ code, entries: timeline }));
        return ExitCode.completed;
      }
      io.stdout(`contract ${code}: ${timeline.length} entries (times in ${timezone})`);
      for (const entry of timeline) {
        io.stdout(
          `${formatBrazilianDateTime(new Date(entry.at), timezone)}  ${entry.kind.padEnd(10)} ${entry.rule ? `[${entry.rule}] ` : ''}${entry.summary}`,
        );
      }
      return ExitCode.completed;
    });
  },
};
