import { parseArgs } from 'node:util';
import type { CheckResult } from '../../doctor/doctorChecks.ts';
import { type CliCommand } from '../cliCommand.ts';
import { ExitCode } from '../exitCodes.ts';

const mark = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' } as const;

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: 'read-only checks of the configuration, SGP, OZmap and the event store',
  help: `Usage: sgp-ozmap doctor [--json]

Checks, without writing anything: the configuration; SGP credentials and reachability (the CTO
list); OZmap credentials and one page of clients; the OZmap behaviours the service assumes that
can be checked read-only (paging, page size, query-string filters, status as a number); the event
store. One line per check with its verdict and, when not ok, the fix. Exit 1 when any check fails.`,
  async run(args, io) {
    const [{ loadConfig, formatConfigProblems }, { checkEventStore, checkOzmap, checkSgp }, { checkWriteBudget }] =
      await Promise.all([
        import('../../config/index.ts'),
        import('../../doctor/doctorChecks.ts'),
        import('../../doctor/writeBudgetCheck.ts'),
      ]);
    const { values } = parseArgs({ args: [...args], options: { json: { type: 'boolean' } }, strict: true });
    const loaded = loadConfig(io.env);
    if (!loaded.ok) {
      io.stdout(`${mark.fail}  configuration`);
      io.stderr(formatConfigProblems(loaded.problems));
      return ExitCode.error;
    }
    const { config } = loaded;
    const sgpAuth =
      config.sgp.token !== undefined && config.sgp.app !== undefined
        ? { token: config.sgp.token, app: config.sgp.app }
        : { user: config.sgp.user ?? '', password: config.sgp.password ?? '' };
    const context = { config, sgpAuth };
    const results: CheckResult[] = [
      {
        check: 'configuration',
        verdict: 'ok',
        detail: `SGP ${config.sgp.url}, OZmap ${config.ozmap.url}${config.dryRun ? ', DRY_RUN' : ''}`,
      },
      ...(await checkSgp(context)),
      ...(await checkOzmap(context)),
      await checkEventStore(context),
    ];
    const budget = await checkWriteBudget(config);
    if (budget) results.push(budget);
    if (values.json) io.stdout(JSON.stringify(results));
    else
      for (const r of results)
        io.stdout(`${mark[r.verdict]}  ${r.check}: ${r.detail}${r.fix ? `\n      fix: ${r.fix}` : ''}`);
    return results.some((r) => r.verdict === 'fail') ? ExitCode.error : ExitCode.completed;
  },
};
