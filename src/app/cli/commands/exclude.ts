import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import type { Exclusion, ExclusionKind } from '../../../domain/exclusions/exclusions.ts';
import { UsageError, type CliCommand } from '../cliCommand.ts';
import { ExitCode } from '../exitCodes.ts';

const line = (e: Exclusion): string =>
  `${e.kind.padEnd(8)} ${e.value}  ${e.reason ? `"${e.reason}" ` : ''}(by ${e.by}, ${e.at})`;

export const excludeCommand: CliCommand = {
  name: 'exclude',
  summary: 'list, add or lift exclusions: contract codes and boxes the service never writes to',
  help: `Usage: sgp-ozmap exclude [list] [--json]
       sgp-ozmap exclude add (--contract N | --box NAME) [--reason TEXT]
       sgp-ozmap exclude remove (--contract N | --box NAME)

An excluded contract, or every contract on an excluded OZmap box (or whose SGP CTO names it), is
read and reported but never written: no creation, update, connection or cancellation, from the
next cycle on (R9.3). Its differences are listed as drift (GET /api/drift). Each change is an
event in the log (stream "exclusions"), with who made it and when; a running service sees it
at its next cycle. Works on the store alone (EVENTSTORE_URL), like history.

Exit codes: 0 done, 1 error (a code that is not digits, lifting an exclusion not in force, no store).`,
  async run(args, io) {
    // Loaded here, not at the top: `--help` loads no command's machinery (issue 18).
    const [{ addExclusion, readExclusions, removeExclusion }, { withLocalState }] = await Promise.all([
      import('../../../reconciler/exclusionsLog.ts'),
      import('../withLocalState.ts'),
    ]);
    const { values, positionals } = parseArgs({
      args: [...args],
      options: {
        contract: { type: 'string' },
        box: { type: 'string' },
        reason: { type: 'string' },
        json: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    });
    const [action = 'list', ...rest] = positionals;
    if (rest.length > 0 || !['list', 'add', 'remove'].includes(action))
      throw new UsageError('exclude takes one action: list, add or remove');
    const target = (): { kind: ExclusionKind; value: string } => {
      if ((values.contract === undefined) === (values.box === undefined))
        throw new UsageError(`exclude ${action} needs exactly one of --contract N or --box NAME`);
      return values.contract !== undefined
        ? { kind: 'contract', value: values.contract }
        : { kind: 'box', value: values.box ?? '' };
    };
    const chosen = action === 'list' ? null : target();
    const by = `cli:${userInfo().username}`;
    return withLocalState(
      io,
      async (state) => {
        if (chosen === null) {
          const list = await readExclusions(state.store);
          if (values.json) io.stdout(JSON.stringify({ exclusions: list }));
          else {
            io.stdout(`${list.length} exclusions in force`);
            for (const e of list) io.stdout(`  ${line(e)}`);
          }
          return ExitCode.completed;
        }
        const at = new Date();
        const result =
          action === 'add'
            ? await addExclusion(state.store, { ...chosen, reason: values.reason ?? '', by, at })
            : await removeExclusion(state.store, { ...chosen, by, at });
        if (!result.ok) {
          io.stderr(`sgp-ozmap exclude: ${result.error}`);
          return ExitCode.error;
        }
        const verb = action === 'add' ? 'excluded' : 'no longer excluded';
        io.stdout(
          result.changed
            ? `${chosen.kind} ${chosen.value.trim()} ${verb} (from the next cycle on)`
            : `${chosen.kind} ${chosen.value.trim()} was already ${verb}`,
        );
        return ExitCode.completed;
      },
      { create: action === 'add' },
    );
  },
};
