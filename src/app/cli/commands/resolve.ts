import { parseArgs } from 'node:util';
import type { OperatorResolution } from '../../../domain/contest/contestState.ts';
import { UsageError, type CliCommand } from '../cliCommand.ts';
import { ExitCode } from '../exitCodes.ts';

export const resolveCommand: CliCommand = {
  name: 'resolve',
  summary: 'decide who owns a contested field of one client: sgp, ozmap or watch (R9.5)',
  help: `Usage: sgp-ozmap resolve <code> <field> sgp|ozmap|watch [--confirm]

  sgp     SGP wins from now on: the field is written and never contested again for this client
  ozmap   OZmap wins for this client: the field is never written for it (a per-client override)
  watch   clear any override and end the contest: the field's policy applies and is watched again

<field> is one of name, implanted, status, onu, potencyRead, coords, address. Without --confirm
it prints what it would record and records nothing; with --confirm the decision goes in the
contract's event log (it survives a replay and shows in "sgp-ozmap history"). A contest it ends
raises the "ended" alert. List the contests with "sgp-ozmap contested".`,
  async run(args, io) {
    // Loaded here, not at the top: `--help` loads no command's machinery (issue 18).
    const [{ RESOLUTIONS }, { planResolution }, { resolveContest }, { withEngine }] = await Promise.all([
      import('../../../domain/contest/contestState.ts'),
      import('../../../domain/contest/planResolution.ts'),
      import('../../../reconciler/resolveContest.ts'),
      import('../withEngine.ts'),
    ]);
    const isResolution = (value: string | undefined): value is OperatorResolution =>
      (RESOLUTIONS as readonly (string | undefined)[]).includes(value);
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { confirm: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    const [code, field, resolution] = positionals;
    if (!code || !field || positionals.length !== 3)
      throw new UsageError('name a contract code, a field and sgp|ozmap|watch');
    if (!isResolution(resolution))
      throw new UsageError(`the decision must be sgp, ozmap or watch, not "${resolution}"`);
    return withEngine(io, async (engine) => {
      const { deps } = engine;
      if (!values.confirm) {
        await deps.projector.catchUp();
        const row = deps.readModels.getContract(code);
        const plan = row ? planResolution(row.contest, field, resolution, 'cli', deps.clock()) : null;
        if (!plan?.ok) {
          io.stderr(`sgp-ozmap resolve: ${plan ? plan.message : `contract ${code} is not known`}`);
          return ExitCode.error;
        }
        io.stdout(`would record: ${plan.events.map((e) => e.type).join(', ')}; run again with --confirm to record it`);
        return ExitCode.completed;
      }
      const result = await resolveContest(deps, { code, field, resolution, by: 'cli' });
      if (!result.ok) {
        io.stderr(`sgp-ozmap resolve: ${result.message}`);
        return ExitCode.error;
      }
      io.stdout(`recorded for contract ${code}, ${field}: ${result.recorded.join(', ')}`);
      return ExitCode.completed;
    });
  },
};
