import { parseArgs } from 'node:util';
import { type CliCommand } from '../cliCommand.ts';
import { ExitCode } from '../exitCodes.ts';

export const backupCommand: CliCommand = {
  name: 'backup',
  summary: 'a consistent copy of the SQLite event log, also while the daemon runs',
  help: `Usage: sgp-ozmap backup <file>

Copies the SQLite event log named by EVENTSTORE_URL into <file> with SQLite's online backup:
safe while \`run\` writes to it, the copy holds the log as of one commit. \`run\` also does it on
a schedule with BACKUP_INTERVAL (into BACKUP_DIR, keeping BACKUP_KEEP copies).

To restore: stop the daemon, copy the backup over the file EVENTSTORE_URL names (remove its
-wal and -shm files), run \`sgp-ozmap replay\` to rebuild the read models from the log, start
again: the next cycle reads SGP and OZmap and resumes from what the log says. An EventStoreDB
store is backed up with EventStoreDB's own tools (see the README).`,
  async run(args, io) {
    const { loadConfig, formatConfigProblems } = await import('../../config/index.ts');
    const { positionals } = parseArgs({ args: [...args], options: {}, allowPositionals: true, strict: true });
    const [target] = positionals;
    if (target === undefined || positionals.length > 1) {
      io.stderr('backup: give one target file, e.g. sgp-ozmap backup ./backups/sgp-ozmap.db');
      return ExitCode.error;
    }
    const loaded = loadConfig(io.env, { requireUpstreams: false });
    if (!loaded.ok) {
      io.stderr(formatConfigProblems(loaded.problems));
      return ExitCode.error;
    }
    const location = loaded.config.eventStore;
    if (location.kind !== 'sqlite') {
      io.stderr(
        `backup: EVENTSTORE_URL is ${location.kind === 'esdb' ? 'EventStoreDB: back it up with its own tools (README, Backups)' : 'memory: there is nothing on disk to copy'}`,
      );
      return ExitCode.error;
    }
    const { backupEventLog } = await import('../../backup/backupEventLog.ts');
    try {
      const started = Date.now();
      const result = await backupEventLog(location.path, target);
      io.stdout(`backup: ${location.path} -> ${result.file} (${result.pages} pages, ${Date.now() - started} ms)`);
      return ExitCode.completed;
    } catch (error) {
      io.stderr(`backup: ${error instanceof Error ? error.message : String(error)}`);
      return ExitCode.error;
    }
  },
};
