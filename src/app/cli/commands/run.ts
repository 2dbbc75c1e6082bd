import { parseArgs } from 'node:util';
import { loadConfig, formatConfigProblems, configSecrets } from '../../config/index.ts';
import { createLogger } from '../../logger.ts';
import { createService } from '../../createService.ts';
import { ExitCode, type CliCommand } from '../command.ts';

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

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'the daemon: both cycles on their intervals, the API and the dashboard',
  help: `Usage: sgp-ozmap run

Runs the sync cycle every SYNC_INTERVAL (default 10m) and the cancel cycle every CANCEL_INTERVAL
(default 30m), one at a time, and serves the API and the dashboard on HTTP_HOST:HTTP_PORT
(default 127.0.0.1:8080). Stops cleanly on SIGINT/SIGTERM (the running cycle finishes first).
With DRY_RUN=true the cycles plan and record what they would do and write nothing to OZmap.`,
  async run(args, io) {
    parseArgs({ args: [...args], options: {}, strict: true });
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
    const url = await server.listen({ host: config.http.host, port: config.http.port });
    io.stdout(`sgp-ozmap: dashboard and API at ${url}${config.dryRun ? ' (DRY_RUN: no writes to OZmap)' : ''}`);
    service.scheduler.start();
    const signal = await untilSignal();
    logger.info({ signal }, 'stopping: waiting for the running cycle');
    await server.close();
    await service.stop();
    return ExitCode.completed;
  },
};
