import { parseArgs } from 'node:util';
import { type CliCommand } from '../cliCommand.ts';
import { ExitCode } from '../exitCodes.ts';

/** Resolves on the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/**
 * Docker's default grace is 10 s before its SIGKILL: past this the process exits on its own. A
 * write still in flight then has its intent in the log, and the next start resolves it from
 * what OZmap holds, as after a crash.
 */
const STOP_DEADLINE_MS = 8_000;

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'the daemon: both cycles on their intervals, the API and the dashboard',
  help: `Usage: sgp-ozmap run

Runs the sync cycle every SYNC_INTERVAL (default 10m) and the cancel cycle every CANCEL_INTERVAL
(default 30m), one at a time, and serves the API and the dashboard on HTTP_HOST:HTTP_PORT
(default 127.0.0.1:8080). Stops cleanly on SIGINT/SIGTERM: no new command starts and nothing is
retried, the write in flight finishes and is recorded, the store and the server close; it exits
within 10 s. Of two daemons on one store, the one holding the lease (LEASE_TTL) writes to OZmap;
the other serves the API read-only (GET /api/lease says who holds it) and takes over when the
holder dies. BACKUP_INTERVAL also backs the SQLite event log up on a schedule.
With DRY_RUN=true the cycles plan and record what they would do and write nothing to OZmap.`,
  async run(args, io) {
    const [{ loadConfig, formatConfigProblems, configSecrets }, { createLogger }, { createService }] =
      await Promise.all([import('../../config/index.ts'), import('../../logger.ts'), import('../../createService.ts')]);
    parseArgs({ args: [...args], options: {}, strict: true });
    // Listened for from the start: a stop asked for while the store opens ends the start-up there.
    const stopping = untilSignal();
    const loaded = loadConfig(io.env);
    if (!loaded.ok) {
      io.stderr(formatConfigProblems(loaded.problems));
      return ExitCode.error;
    }
    const { config } = loaded;
    const secrets = configSecrets(config);
    const logger = createLogger({ level: config.logLevel, destination: process.stderr, secrets });
    const service = await createService(config, { logger });
    // Loaded here, not at the top: every other command starts without Fastify's HTTP stack.
    const { createHttpServer } = await import('../../../adapters/http/createHttpServer.ts');
    const server = await createHttpServer({
      service,
      host: config.http.host,
      ...(config.http.adminToken ? { adminToken: config.http.adminToken } : {}),
      ...(config.http.readToken ? { readToken: config.http.readToken } : {}),
      logger: false,
      secrets,
    });
    let url: string;
    try {
      url = await server.listen({ host: config.http.host, port: config.http.port });
    } catch (error) {
      await service.stop('start-up failed');
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        io.stderr(
          `sgp-ozmap: ${config.http.host}:${config.http.port} is already in use (another sgp-ozmap daemon?): give this one its own HTTP_PORT`,
        );
        return ExitCode.error;
      }
      throw error;
    }
    io.stdout(
      `sgp-ozmap: dashboard and API at ${url}${config.dryRun ? ' (DRY_RUN: no writes to OZmap)' : ''} as ${service.engine.owner}`,
    );
    service.start();
    const signal = await stopping;
    logger.info({ signal }, 'stopping: no new command, waiting for the writes in flight');
    const deadline = setTimeout(() => {
      logger.error(
        { signal },
        `not stopped within ${STOP_DEADLINE_MS / 1000} s: exiting; the writes in flight are resolved at the next start`,
      );
      process.exit(ExitCode.error);
    }, STOP_DEADLINE_MS);
    deadline.unref();
    // The cycle first (its API may still be read), then the server, then the store.
    await service.stop(signal);
    await server.close();
    clearTimeout(deadline);
    io.stdout(`sgp-ozmap: stopped (${signal})`);
    return ExitCode.completed;
  },
};
