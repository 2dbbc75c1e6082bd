import { parseArgs } from 'node:util';
import { type CliCommand } from '../cliCommand.ts';
import { ExitCode } from '../exitCodes.ts';
import type { PlanPreview } from '../../../reconciler/previewPlan.ts';

const DRIFT_LINES = 20;

/** R9: each field's policy when one is not `sgp`, the exclusions, and the differences not written. */
function printOtherWriters(preview: PlanPreview, print: (line: string) => void, all: boolean): void {
  const policies = Object.entries(preview.fieldPolicies ?? {}).filter(([, policy]) => policy !== 'sgp');
  if (policies.length > 0)
    print(`field policies (others sgp): ${policies.map(([field, policy]) => `${field}=${policy}`).join(', ')}`);
  const exclusions = preview.exclusions ?? [];
  if (exclusions.length > 0)
    print(`exclusions: ${exclusions.map((e) => `${e.kind} ${e.value}`).join(', ')} (read, never written)`);
  const drift = preview.drift ?? [];
  if (drift.length === 0) return;
  print(`drift: ${drift.length} differences known and not written`);
  for (const item of all ? drift : drift.slice(0, DRIFT_LINES))
    print(
      `  ${item.code}  ${item.field}: OZmap ${JSON.stringify(item.ozmapValue)}, SGP ${JSON.stringify(item.sgpValue)} (${item.cause}${item.reason ? `: ${item.reason}` : ''})`,
    );
  if (!all && drift.length > DRIFT_LINES) print(`  ... and ${drift.length - DRIFT_LINES} more (--all lists them)`);
}

export const planCommand: CliCommand = {
  name: 'plan',
  summary: 'print what the next sync and cancel cycles would do, writing nothing',
  help: `Usage: sgp-ozmap plan [--code N] [--json] [--all]

Reads SGP and OZmap and prints the commands the next cycles would run, with their rule and
reason, computed by the same planner as a real cycle. Nothing is written, to OZmap or to the log.

Options:
  --code N   this contract only: why it is not created, what would be done, or that it is in sync
  --all      also list skips already recorded and unchanged, and every difference not written
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
          // R9.2: what differs and is left as OZmap has it, and why.
          for (const item of (preview.drift ?? []).filter((d) => d.code === values.code))
            io.stdout(
              `not written: ${item.field}: OZmap ${JSON.stringify(item.ozmapValue)}, SGP ${JSON.stringify(item.sgpValue)} (${item.cause}${item.reason ? `: ${item.reason}` : ''})`,
            );
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
        printOtherWriters(preview, io.stdout, values.all === true);
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
