import { campaigns } from './campaigns.ts';
import type { CampaignResult } from './campaign.ts';
import { formatReport, parseRunnerArgs } from './report.ts';

/**
 * `npm run test:chaos`: the six campaigns of issue #6 and the three daemon campaigns of #17, seeded, each a set of runs that inject
 * faults and check invariants; prints one table and exits 1 when any invariant failed.
 */
async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseRunnerArgs(
      argv,
      campaigns.map((c) => c.name),
    );
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const chosen = campaigns.filter((c) => args.only === undefined || c.name === args.only);
  const results: CampaignResult[] = [];
  for (const campaign of chosen) {
    process.stderr.write(`chaos: ${campaign.name} (${campaign.title})...\n`);
    results.push(
      await campaign.run({
        seed: args.seed,
        scale: args.scale,
        keep: args.keep,
        ...(args.runs !== undefined ? { runs: args.runs } : {}),
        ...(args.run !== undefined ? { only: args.run } : {}),
        log: (line) => process.stderr.write(`  ${line}\n`),
      }),
    );
    const last = results.at(-1)!;
    process.stderr.write(
      `chaos: ${campaign.name}: ${last.failures.length === 0 ? 'all hold' : `${last.failures.length} FAILED`}\n`,
    );
  }
  process.stdout.write(`${formatReport(results, args)}\n`);
  return results.some((r) => r.failures.length > 0) ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
