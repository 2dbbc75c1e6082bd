import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, type CliCommand, type CliIo } from '../cliCommand.ts';
import { ExitCode } from '../exitCodes.ts';
import { integerOption } from './sim.ts';

const help = `Usage: sgp-ozmap sim generate --out DIR [--contracts N] [--seed S] [--ozmap-mess N] [--sgp-mess P]

Generates a realistic, reproducible pair of simulator fixtures: DIR/sgp.json (SGP clientes
records in the official /api/ura/clientes/ shape) and DIR/ozmap.json (boxes, splitters,
properties and FTTH clients of the same network). The same N and S always write byte-identical
files. The data exercises every integration rule: CTOs missing in OZmap or named slightly
differently, duplicated box names, boxes without splitters, taken and blocked ports, clients
already in OZmap with hand-made drift, every SGP status text, contracts without coordinates,
RX readings with comma or dot, placeholders and none.

Prints one summary line on stdout.

Options:
  --out DIR          directory to write sgp.json and ozmap.json into, created if needed (required)
  --contracts N      number of SGP contracts, 1 to 1000000 (default 2000)
  --seed S           seed of every random choice (default 1)
  --ozmap-mess N     OZmap records per thousand given a value outside the documented forms, as
                     hand edits leave them (a status "BROKEN", a potência lida in text, a client
                     without code); 0 to 1000 (default 3, 0 for a clean OZmap)
  --sgp-mess P       percent of SGP client records made messy, 0 to 50 (default 0; 2 is what
                     real bases hold): contract codes in two records, identical or conflicting,
                     empty, huge or control-character names, a huge street, RX +5/-999999/"abc",
                     coordinates 999/-999 or swapped. DIR/sgp-mess.json lists which and how.
  -h, --help         this text

Example:
  sgp-ozmap sim generate --contracts 2000 --seed 7 --out data/sim
  sgp-ozmap sim --sgp-fixture data/sim/sgp.json --ozmap-fixture data/sim/ozmap.json`;

async function runGenerate(args: readonly string[], io: CliIo): Promise<number> {
  const { generateFixtures } = await import('../../../../sim/generate/generateFixtures.ts');
  const string = { type: 'string' } as const;
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: { out: string, contracts: string, seed: string, 'ozmap-mess': string, 'sgp-mess': string },
  });
  if (!values.out) throw new UsageError('--out DIR is required');
  const contracts = integerOption('contracts', values.contracts, 2000, 1, 1_000_000);
  const seed = integerOption('seed', values.seed, 1, -(2 ** 31), 2 ** 32 - 1);
  const started = performance.now();
  const ozmapMessPerThousand = integerOption('ozmap-mess', values['ozmap-mess'], 3, 0, 1000);
  const sgpMessPercent = integerOption('sgp-mess', values['sgp-mess'], 0, 0, 50);
  const { sgp, ozmap, sgpMess } = generateFixtures({
    contracts,
    seed,
    ozmapMessPerThousand,
    sgpMess: sgpMessPercent / 100,
  });
  try {
    await mkdir(values.out, { recursive: true });
    if (sgpMess.length > 0) await writeFile(join(values.out, 'sgp-mess.json'), `${JSON.stringify(sgpMess)}\n`);
    // One record per line, streamed: a large base is past V8's largest string.
    const { writeSgpFixtureFile } = await import('../../../../sim/sgp/sgpFixtureFile.ts');
    await writeSgpFixtureFile(join(values.out, 'sgp.json'), sgp.clientes);
    await writeFile(join(values.out, 'ozmap.json'), `${JSON.stringify(ozmap)}\n`);
  } catch (error) {
    io.stderr(`sgp-ozmap sim generate: cannot write into ${values.out}: ${(error as Error).message}`);
    return ExitCode.error;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.stdout(
    `generated ${contracts} contracts of ${sgp.clientes.length} SGP clients and ${ozmap.boxes?.length ?? 0} boxes, ` +
      `${ozmap.splitters?.length ?? 0} splitters, ${ozmap.properties?.length ?? 0} properties, ` +
      `${ozmap.ftthClients?.length ?? 0} FTTH clients in OZmap, ${ozmap.handEdits?.length ?? 0} of them edited by hand out of the documented forms ` +
      `(seed ${seed}) into ${values.out} in ${seconds}s`,
  );
  return ExitCode.completed;
}

export const simGenerateCommand: CliCommand = {
  name: 'sim generate',
  summary: 'write a realistic pair of SGP and OZmap simulator fixtures',
  help,
  run: runGenerate,
};
