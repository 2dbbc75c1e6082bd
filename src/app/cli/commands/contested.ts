import { parseArgs } from 'node:util';
import { UsageError, type CliCommand } from '../cliCommand.ts';
import { ExitCode } from '../exitCodes.ts';

const shown = (value: unknown): string => JSON.stringify(value ?? null);

export const contestedCommand: CliCommand = {
  name: 'contested',
  summary: 'list the contested fields and the per-client overrides (R9.4, R9.5)',
  help: `Usage: sgp-ozmap contested [--json]

A field is contested when a value the service wrote on a client was changed back in OZmap
CONTEST_THRESHOLD times within CONTEST_WINDOW (another writer: a person, another integration).
Lists each open contest (SGP's and OZmap's values, how often, since when, held or still written)
and each override an operator set. Resolve one with "sgp-ozmap resolve". Times in TIMEZONE.`,
  async run(args, io) {
    // Loaded here, not at the top: `--help` loads no command's machinery (issue 18).
    const [{ formatBrazilianDateTime }, { contestedItems }, { withLocalState }] = await Promise.all([
      import('../../../domain/planner/observationLine.ts'),
      import('../../../projections/contestedList.ts'),
      import('../withLocalState.ts'),
    ]);
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 0) throw new UsageError('takes no arguments');
    return withLocalState(io, async (state, timezone) => {
      await state.refresh();
      const items = contestedItems(state.readModels.contracts());
      if (values.json) {
        io.stdout(JSON.stringify({ items }));
        return ExitCode.completed;
      }
      if (items.length === 0) io.stdout('no contested field and no override');
      for (const i of items) {
        const when = (t: string | null): string => (t ? formatBrazilianDateTime(new Date(t), timezone) : '-');
        io.stdout(
          i.state === 'contested'
            ? `${i.code} ${i.field}: contested since ${when(i.since)}, changed back ${i.changesBack} times (last ${when(i.lastChangeBackAt)}) by ${i.changedBy ?? 'unknown'}; SGP ${shown(i.sgpValue)}, OZmap ${shown(i.ozmapValue)}; ${i.mode === 'hold' ? 'held' : 'SGP still written'}`
            : `${i.code} ${i.field}: override, ${i.owner === 'ozmap' ? 'OZmap' : 'SGP'} owns it for this client`,
        );
      }
      return ExitCode.completed;
    });
  },
};
