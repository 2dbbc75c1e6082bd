import { loadConfig, formatConfigProblems, configSecrets, type Config } from '../config/index.ts';
import { createLogger, type Logger } from '../logger.ts';
import type { Engine, EngineOptions } from '../createEngine.ts';
import { type CliIo } from './cliCommand.ts';
import { ExitCode } from './exitCodes.ts';
import { createProgressLog } from '../progressLog.ts';
import { createProgress } from './progress.ts';
import { missingSqliteStore, storeHint } from './storeNotice.ts';

/**
 * Loads the configuration (one line per problem and exit 1 when it is wrong), builds the engine,
 * runs `work`, and always closes the engine (which gives the lease back). `readOnly` commands
 * (plan) never create the event store.
 */
export async function withEngine(
  io: CliIo,
  work: (engine: Engine, context: { config: Config; logger: Logger }) => Promise<number>,
  extra: Partial<EngineOptions> = {},
  { readOnly = false }: { readonly readOnly?: boolean } = {},
): Promise<number> {
  const loaded = loadConfig(io.env);
  if (!loaded.ok) {
    io.stderr(formatConfigProblems(loaded.problems));
    return ExitCode.error;
  }
  let { config } = loaded;
  // A command that writes nothing must not leave an empty store behind: with no store yet it
  // works as on a first run, on a store in memory, and says so.
  const missing = readOnly ? missingSqliteStore(config.eventStore) : null;
  if (missing) {
    io.stderr(
      `sgp-ozmap: no event store at ${missing}: working as on a first run, from SGP and OZmap alone, without creating it; ${storeHint(io)}`,
    );
    config = { ...config, eventStore: { kind: 'memory' } };
  }
  const logger = createLogger({ level: config.logLevel, destination: process.stderr, secrets: configSecrets(config) });
  const bar = createProgress(io);
  // The bar is for a person at a terminal; the log lines are for everyone else (and for the record).
  const logProgress = createProgressLog(logger, { beforeLine: () => bar.done() });
  const progress = Object.assign(
    (what: string, done: number, total: number) => {
      bar(what, done, total);
      logProgress(what, done, total);
    },
    { done: bar.done },
  );
  // Loaded on use: `--help` and the light commands start without the engine's whole graph.
  const { createEngine } = await import('../createEngine.ts');
  const engine = await createEngine(config, { logger, onProgress: progress, ...extra });
  try {
    return await work(engine, { config, logger });
  } finally {
    progress.done();
    await engine.close();
  }
}
