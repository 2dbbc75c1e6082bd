import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { generateFixtures } from '../../../sim/generate/generateFixtures.ts';
import { createSgpSimulator } from '../../../sim/sgp/createSgpSimulator.ts';
import { createOzmapSimulator } from '../../../sim/ozmap/createOzmapSimulator.ts';
import { createHttpServer } from '../../adapters/http/createHttpServer.ts';
import { loadConfig, formatConfigProblems, configSecrets } from '../config/index.ts';
import { createLogger } from '../logger.ts';
import { createService } from '../createService.ts';
import type { CliIo } from '../cli/cliCommand.ts';
import { createDemoChanges } from './demoChanges.ts';
import { createDemoSecondWriter } from './demoSecondWriter.ts';

export interface DemoOptions {
  readonly contracts: number;
  readonly seed: number;
  readonly port: number;
  readonly dir: string;
  readonly syncInterval: string;
  readonly cancelInterval: string;
  readonly changeEveryMs: number;
  /** Stops by itself after this long (tests); runs until a signal otherwise. */
  readonly durationMs?: number;
}

/** `NAME='value'` lines a POSIX shell can source (`set -a; . file; set +a` exports them). */
function demoEnvFile(env: Readonly<Record<string, string>>, path: string): string {
  const quote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;
  return [
    '# The environment of the sgp-ozmap demo running now: its event store, its simulators and their',
    `# credentials (made for this run). Load it in a second terminal with: set -a; . ${path}; set +a`,
    ...Object.entries(env).map(([name, value]) => `${name}=${quote(value)}`),
    '',
  ].join('\n');
}

const codesOf = (clientes: readonly unknown[]): string[] =>
  clientes.flatMap((c) =>
    ((c as { contratos?: { contrato?: unknown }[] }).contratos ?? []).map((k) => String(k.contrato)),
  );

/**
 * The whole product on one machine: both simulators on a generated network, the service on the
 * embedded SQLite store with its dashboard, and SGP changing under it so cycles do things.
 */
export async function runDemo(options: DemoOptions, io: CliIo, until: Promise<unknown>): Promise<number> {
  // 1. A fresh, reproducible world; about 5% of the clients arrive later, as new contracts.
  rmSync(options.dir, { recursive: true, force: true });
  mkdirSync(options.dir, { recursive: true });
  // A few OZmap records per thousand are hand edits outside the documented forms, as in real
  // tenants: the dashboard shows the contracts they block (docs/decisions/0004).
  const world = generateFixtures({ contracts: options.contracts, seed: options.seed, ozmapMessPerThousand: 3 });
  const later = Math.floor(world.sgp.clientes.length * 0.05);
  const initial = world.sgp.clientes.slice(0, world.sgp.clientes.length - later);
  const heldBack = world.sgp.clientes.slice(world.sgp.clientes.length - later);
  // 2. The simulators, on free loopback ports, with credentials made for this run.
  const credentials = {
    token: randomBytes(12).toString('hex'),
    app: 'demo',
    key: randomBytes(16).toString('hex'),
    admin: randomBytes(16).toString('hex'),
  };
  const sgp = await createSgpSimulator({
    fixture: { clientes: initial },
    token: credentials.token,
    app: credentials.app,
  });
  const ozmap = await createOzmapSimulator({ fixture: world.ozmap, apiKey: credentials.key });
  const sgpUrl = await sgp.listen({ host: '127.0.0.1', port: 0 });
  const ozmapUrl = await ozmap.listen({ host: '127.0.0.1', port: 0 });
  // 3. The service, configured through the same path as production.
  const adminTokenFile = join(options.dir, 'admin-token');
  writeFileSync(adminTokenFile, `${credentials.admin}\n`, { mode: 0o600 });
  // The simulators' credentials, for poking them by hand and for the leak checks (chaos/).
  const simulatorsFile = join(options.dir, 'simulators.json');
  const simulators = {
    sgp: { url: sgpUrl, token: credentials.token, app: credentials.app },
    ozmap: { url: ozmapUrl, apiKey: credentials.key },
  };
  writeFileSync(simulatorsFile, `${JSON.stringify(simulators, null, 2)}\n`, { mode: 0o600 });
  // What the CLI needs to act on this demo (its store, its simulators), written for a second
  // terminal: the credentials stay in a file only its owner reads, never on the screen.
  const cliEnv: Record<string, string> = {
    SGP_URL: sgpUrl,
    SGP_TOKEN: credentials.token,
    SGP_APP: credentials.app,
    OZMAP_URL: ozmapUrl,
    OZMAP_API_KEY: credentials.key,
    ADMIN_TOKEN: credentials.admin,
    EVENTSTORE_URL: `sqlite:${resolve(options.dir, 'sgp-ozmap.db')}`,
    SGP_MAX_RPS: io.env.SGP_MAX_RPS ?? '50',
    OZMAP_MAX_RPS: io.env.OZMAP_MAX_RPS ?? '100',
    OZMAP_CONCURRENCY: io.env.OZMAP_CONCURRENCY ?? '8',
  };
  const envFile = join(options.dir, 'env');
  writeFileSync(envFile, demoEnvFile(cliEnv, envFile), { mode: 0o600 });
  const loaded = loadConfig({
    ...io.env,
    ...cliEnv,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(options.port),
    SYNC_INTERVAL: options.syncInterval,
    CANCEL_INTERVAL: options.cancelInterval,
  });
  if (!loaded.ok) {
    io.stderr(formatConfigProblems(loaded.problems));
    await Promise.all([sgp.close(), ozmap.close()]);
    return 1;
  }
  const { config } = loaded;
  const secrets = configSecrets(config);
  const logger = createLogger({ level: config.logLevel, destination: process.stderr, secrets });
  const service = await createService(config, { logger });
  const server = await createHttpServer({
    service,
    host: config.http.host,
    adminToken: credentials.admin,
    logger: false,
    secrets,
  });
  const url = await server.listen({ host: config.http.host, port: config.http.port });
  io.stdout(`sgp-ozmap demo: ${options.contracts} contracts (seed ${options.seed})`);
  io.stdout(`  dashboard: ${url}/`);
  io.stdout(`  admin token for the buttons: in ${adminTokenFile}`);
  io.stdout(
    `  the CLI against this demo, in a second terminal: set -a; . ${envFile}; set +a   (its settings: ${envFile}, mode 0600)`,
  );
  io.stdout(
    `  SGP simulator ${sgpUrl}, OZmap simulator ${ozmapUrl}; sync every ${options.syncInterval}, cancel every ${options.cancelInterval}`,
  );
  io.stdout('  Ctrl+C to stop.');
  service.scheduler.start();
  // 4. SGP keeps changing.
  const tick = createDemoChanges(sgp, { seed: options.seed + 1, codes: codesOf(initial), heldBack });
  // 5. And someone else keeps changing a few OZmap fields back: contested after the threshold (R9.4).
  const otherWriter = createDemoSecondWriter(ozmap);
  const timer = setInterval(() => {
    void tick().then(
      (t) => logger.info({ demo: t }, 'demo: SGP changed'),
      (error: unknown) => logger.warn({ err: error }, 'demo: change failed'),
    );
    void otherWriter.tick().then(
      (n) => n > 0 && logger.info({ demo: { changedBack: n } }, 'demo: another OZmap writer changed fields back'),
      (error: unknown) => logger.warn({ err: error }, 'demo: the other writer failed'),
    );
  }, options.changeEveryMs);
  await Promise.race([until, ...(options.durationMs ? [new Promise((r) => setTimeout(r, options.durationMs))] : [])]);
  clearInterval(timer);
  await otherWriter.stop();
  io.stdout('sgp-ozmap demo: stopping');
  await server.close();
  await service.stop();
  await Promise.all([sgp.close(), ozmap.close()]);
  return 0;
}
