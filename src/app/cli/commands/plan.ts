import { parseArgs } from 'node:util';
import { type CliCommand } from '../cliCommand.ts';
import { ExitCode } from '../exitCodes.ts';

export const planCommand: CliCommand = {
  name: 'plan',
  summary: 'print what the next sync and cancel cycles would do, writing nothing',
  help: `Usage: sgp-ozmap plan [--code N] [--json] [--all]

Reads SGP and OZmap and prints the commands the next cycles would run, with their rule and
reason, computed by the same planner as a real cycle. Nothing is written, to OZmap or to the log.

Options:
  --code N   this contract only: why it is not created, what would be done, or that it is in sync
  --all      also list skips already recorded and unchanged
  --json     machine-readable output

Exit codes: 0 the plan is whole, 1 error (credentials refused, a damaged store, ...), 3 a read
was incomplete, so the plan is partial too (docs/CONFIG.md).`,
  async run(args, io) {
    const [{ isWrite }, { withEngine }, { describeCommand }, { explainContract }, { writeBudget, writeBudgetWarning }] =
      await Promise.all([
        import('../../../domain/planner/commands.ts'),
        import('../withEngine.ts'),
        import('../formatReport.ts'),
        import('../explainContract.ts'),
        import('../../../domain/planner/writeBudget.ts'),
      ]);
    const { values } = parseArgs({
      args: [...args],
      options: { code: { type: 'string' }, json: { type: 'boolean' }, all: { type: 'boolean' } },
      strict: true,
    });
    return withEngine(
      io,
      async (engine, { config }) => {
        const preview = await engine.previewPlan(values.code ? { code: values.code } : {});
        // A plan from a partial read is partial too: exit 3, as a cycle on it would (docs/CONFIG.md).
        const exitCode = preview.sweepComplete && preview.ozmapComplete ? ExitCode.completed : ExitCode.incomplete;
        if (values.json) {
          io.stdout(JSON.stringify(preview));
          return exitCode;
        }
        if (values.code) {
          for (const line of explainContract(values.code, preview, engine.deps.readModels.getContract(values.code)))
            io.stdout(line);
          return ExitCode.completed;
        }
        const sync = preview.sync.filter((c) => values.all || c.kind !== 'skip' || c.record);
        io.stdout(
          `sync: ${preview.sync.filter(isWrite).length} writes planned${preview.sweepComplete && preview.ozmapComplete ? '' : ' (a read was incomplete)'}`,
        );
        // Issue 18: writes that cannot finish within the interval at the request rate, and the deadband that fits.
        const budgetWarning = writeBudgetWarning(
          writeBudget(preview.sync, {
            maxRps: config.ozmap.maxRps,
            intervalMs: config.rules.syncIntervalMs,
            rxDeadbandDb: config.rules.rxDeadbandDb,
          }),
          config.ozmap.maxRps,
        );
        if (budgetWarning) io.stdout(`  WARN ${budgetWarning}`);
        for (const failure of preview.readFailures ?? []) io.stdout(`  incomplete read: ${failure}`);
        for (const command of sync) io.stdout(`  ${describeCommand(command)}`);
        // R4.8: what waits for an option, or for a person.
        const { gaps } = preview;
        if (gaps && gaps.differ.length > 0) {
          const off = config.rules.moveOnCtoChange ? '' : ' (MOVE_ON_CTO_CHANGE off)';
          io.stdout(
            `moves: ${gaps.differ.length} contracts sit on another box or port than SGP gives${off}: ${gaps.differ.slice(0, 20).join(', ')}${gaps.differ.length > 20 ? ', ...' : ''}`,
          );
        }
        if (gaps && gaps.unconnected.length > 0) {
          io.stdout(
            `connect later: ${gaps.unconnected.length} clients connected to no splitter port on their box${config.rules.connectLater ? '' : ' (CONNECT_LATER off)'}`,
          );
        }
        const { cancel } = preview;
        io.stdout(
          `cancel: ${cancel.commands.length} cancellations planned${cancel.blocked ? `, blocked: ${cancel.blocked}` : ''}`,
        );
        if (cancel.guard.tripped) {
          io.stdout(
            `  guard: ${cancel.guard.removals} of ${cancel.guard.totalClients} clients would be removed; confirm with: sgp-ozmap cancel --once --confirm ${cancel.guard.hash}`,
          );
          io.stdout(`  the guarded set (contract codes): ${cancel.guard.codes.join(', ')}`);
        }
        for (const command of cancel.commands) io.stdout(`  ${describeCommand(command)}`);
        for (const command of cancel.skips.filter((c) => values.all || c.kind !== 'skip' || c.record))
          io.stdout(`  ${describeCommand(command)}`);
        return exitCode;
      },
      {},
      { readOnly: true },
    );
  },
};
