import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { SgpFixture } from '../../../../sim/sgp/sgpFixture.ts';
import { UsageError, type CliCommand, type CliIo } from '../cliCommand.ts';
import { ExitCode } from '../exitCodes.ts';

const help = `Usage: sgp-ozmap sim --sgp-fixture FILE --ozmap-fixture FILE [options]

Starts the SGP and OZmap simulators (for tests, demos and trying the service without touching a
real ERP or tenant). The FIRST line on stdout is exactly:
  {"sgp":"http://127.0.0.1:<port>","ozmap":"http://127.0.0.1:<port>"}
Request logs go to stderr. Runs until SIGINT or SIGTERM.

Options:
  --sgp-fixture FILE     SGP data: {"clientes": [...]} records as /api/ura/clientes/ returns them (required)
  --ozmap-fixture FILE   OZmap data: {"boxes","splitters","properties","ftthClients"} (required)
  --sgp-port N           SGP port; 0 picks a free one (default 0)
  --ozmap-port N         OZmap port; 0 picks a free one (default 0)
  --host ADDRESS         address both listen on (default 127.0.0.1)
  --sgp-token T          token SGP accepts (default sim-token)
  --sgp-app A            app name SGP accepts, case-sensitive (default sim-app)
  --sgp-user U           HTTP Basic user SGP accepts (default sim-user)
  --sgp-password P       HTTP Basic password SGP accepts (default sim-password)
  --ozmap-key K          API key OZmap accepts in Authorization (default sim-key)
  --id-shape S           OZmap object ids as id, _id or both (default id)
  --ref-shape S          OZmap references as id or embedded (default id)
  --seed S               seed of generated ids and fault decisions (default 1)
  -h, --help             this text

Test routes (/__sim/...: state, edits, faults, counters) are described in sim/README.md.

Examples:
  sgp-ozmap sim generate --contracts 2000 --seed 7 --out data/sim
  sgp-ozmap sim --sgp-fixture data/sim/sgp.json --ozmap-fixture data/sim/ozmap.json --sgp-port 8001 --ozmap-port 8002`;

const idShapes = ['id', '_id', 'both'] as const;
const refShapes = ['id', 'embedded'] as const;

export interface SimArgs {
  readonly sgpFixture: string;
  readonly ozmapFixture: string;
  readonly sgpPort: number;
  readonly ozmapPort: number;
  readonly host: string;
  readonly sgpToken: string;
  readonly sgpApp: string;
  readonly sgpUser: string;
  readonly sgpPassword: string;
  readonly ozmapKey: string;
  readonly idShape: (typeof idShapes)[number];
  readonly refShape: (typeof refShapes)[number];
  readonly seed: number;
}

export function integerOption(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return value as T;
}

export function parseSimArgs(args: readonly string[]): SimArgs {
  const string = { type: 'string' } as const;
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      'sgp-fixture': string,
      'ozmap-fixture': string,
      'sgp-port': string,
      'ozmap-port': string,
      host: string,
      'sgp-token': string,
      'sgp-app': string,
      'sgp-user': string,
      'sgp-password': string,
      'ozmap-key': string,
      'id-shape': string,
      'ref-shape': string,
      seed: string,
    },
  });
  const sgpFixture = values['sgp-fixture'];
  const ozmapFixture = values['ozmap-fixture'];
  if (!sgpFixture) throw new UsageError('--sgp-fixture FILE is required');
  if (!ozmapFixture) throw new UsageError('--ozmap-fixture FILE is required');
  return {
    sgpFixture,
    ozmapFixture,
    sgpPort: integerOption('sgp-port', values['sgp-port'], 0, 0, 65535),
    ozmapPort: integerOption('ozmap-port', values['ozmap-port'], 0, 0, 65535),
    host: values.host ?? '127.0.0.1',
    sgpToken: values['sgp-token'] ?? 'sim-token',
    sgpApp: values['sgp-app'] ?? 'sim-app',
    sgpUser: values['sgp-user'] ?? 'sim-user',
    sgpPassword: values['sgp-password'] ?? 'sim-password',
    ozmapKey: values['ozmap-key'] ?? 'sim-key',
    idShape: oneOf('id-shape', values['id-shape'], idShapes, 'id'),
    refShape: oneOf('ref-shape', values['ref-shape'], refShapes, 'id'),
    seed: integerOption('seed', values.seed, 1, -(2 ** 31), 2 ** 32 - 1),
  };
}

/** A fixture file that cannot be used: the message names the file and what is wrong with it. */
export class FixtureFileError extends Error {
  override readonly name = 'FixtureFileError';
  readonly code = 'sim-fixture-invalid';
}

export async function readFixtureFile<S extends z.ZodType>(
  file: string,
  schema: S,
  label: string,
): Promise<z.input<S>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new FixtureFileError(`cannot read the ${label} fixture ${file}: ${reason}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new FixtureFileError(`the ${label} fixture ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
    throw new FixtureFileError(
      `the ${label} fixture ${file} does not fit its schema at ${where}: ${issue?.message ?? 'invalid'}`,
    );
  }
  // The raw data, not the parsed copy: the SGP simulator serves records verbatim.
  return data as z.input<S>;
}

/**
 * The SGP fixture: streamed line by line when written in that layout (sim/sgp/sgpFixtureFile.ts:
 * a 300,000-contract base is past V8's largest string), read whole otherwise.
 */
async function readSgpFixture(file: string): Promise<SgpFixture> {
  const [{ readSgpFixtureLines, SgpFixtureLineError }, { SgpFixture }] = await Promise.all([
    import('../../../../sim/sgp/sgpFixtureFile.ts'),
    import('../../../../sim/sgp/sgpFixture.ts'),
  ]);
  try {
    const streamed = await readSgpFixtureLines(file);
    if (streamed) return streamed;
  } catch (error) {
    if (error instanceof SgpFixtureLineError) throw new FixtureFileError(`the SGP fixture ${file}: ${error.message}`);
    // Unreadable: the whole-file read below names the cause.
  }
  return readFixtureFile(file, SgpFixture, 'SGP');
}

/** One compact stderr line per request; the path only, never a query string that carries a token. */
function logRequests(app: FastifyInstance, sim: string, io: CliIo): void {
  app.addHook('onResponse', async (request, reply) => {
    const path = request.url.split('?', 1)[0];
    const ms = Math.round(reply.elapsedTime);
    io.stderr(JSON.stringify({ sim, method: request.method, path, status: reply.statusCode, ms }));
  });
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

async function runSim(args: readonly string[], io: CliIo): Promise<number> {
  const [{ createOzmapSimulator }, { ozmapFixtureSchema }, { createSgpSimulator }] = await Promise.all([
    import('../../../../sim/ozmap/createOzmapSimulator.ts'),
    import('../../../../sim/ozmap/ozmapFixture.ts'),
    import('../../../../sim/sgp/createSgpSimulator.ts'),
  ]);
  const options = parseSimArgs(args);
  let sgpData: SgpFixture;
  let ozmapData: z.input<typeof ozmapFixtureSchema>;
  try {
    sgpData = await readSgpFixture(options.sgpFixture);
    ozmapData = await readFixtureFile(options.ozmapFixture, ozmapFixtureSchema, 'OZmap');
  } catch (error) {
    if (!(error instanceof FixtureFileError)) throw error;
    io.stderr(`sgp-ozmap sim: ${error.message}`);
    return ExitCode.error;
  }
  const sgp = await createSgpSimulator({
    fixture: sgpData,
    token: options.sgpToken,
    app: options.sgpApp,
    seed: options.seed,
    basicUser: options.sgpUser,
    basicPassword: options.sgpPassword,
  });
  const ozmap = await createOzmapSimulator({
    fixture: ozmapData,
    apiKey: options.ozmapKey,
    idShape: options.idShape,
    refShape: options.refShape,
    seed: options.seed,
  });
  logRequests(sgp, 'sgp', io);
  logRequests(ozmap, 'ozmap', io);
  const stopped = waitForSignal();
  try {
    const sgpUrl = await sgp.listen({ host: options.host, port: options.sgpPort });
    const ozmapUrl = await ozmap.listen({ host: options.host, port: options.ozmapPort });
    io.stdout(JSON.stringify({ sgp: sgpUrl, ozmap: ozmapUrl }));
  } catch (error) {
    io.stderr(`sgp-ozmap sim: cannot listen on ${options.host}: ${(error as Error).message}`);
    await Promise.allSettled([sgp.close(), ozmap.close()]);
    return ExitCode.error;
  }
  io.stderr(`sgp-ozmap sim: running; stop with Ctrl-C or SIGTERM`);
  const signal = await stopped;
  io.stderr(`sgp-ozmap sim: ${signal} received, stopping`);
  await Promise.allSettled([sgp.close(), ozmap.close()]);
  return ExitCode.completed;
}

export const simCommand: CliCommand = {
  name: 'sim',
  summary: 'run the SGP and OZmap simulators on local ports',
  help,
  run: runSim,
};
