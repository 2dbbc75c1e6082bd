import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * A consistent copy of the SQLite event log while the daemon writes to it: SQLite's online
 * backup API copies pages under a read transaction and restarts when a writer changes a page it
 * already copied, so the copy is the log as of one commit (whole batches, read models and their
 * checkpoint included: they live in the same file). Written beside the target and renamed, so a
 * half-written file never carries the backup's name.
 */
export async function backupEventLog(
  source: string,
  target: string,
): Promise<{ readonly pages: number; readonly file: string }> {
  if (!existsSync(source)) throw new Error(`no event log at ${source} (EVENTSTORE_URL)`);
  mkdirSync(dirname(target) || '.', { recursive: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  const partial = `${target}.partial`;
  try {
    rmSync(partial, { force: true });
    const result = await db.backup(partial);
    renameSync(partial, target);
    return { pages: result.totalPages, file: target };
  } finally {
    db.close();
    rmSync(partial, { force: true });
  }
}

const PREFIX = 'sgp-ozmap-';

/** The file name of a scheduled backup: sorts by time. */
export const scheduledBackupName = (now: Date): string =>
  `${PREFIX}${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}.db`;

/** Deletes the oldest scheduled backups in `dir` beyond `keep`; returns the files deleted. */
export function pruneBackups(dir: string, keep: number): string[] {
  const files = readdirSync(dir)
    .filter((f) => f.startsWith(PREFIX) && f.endsWith('.db'))
    .sort();
  const old = files.slice(0, Math.max(0, files.length - keep));
  for (const f of old) rmSync(join(dir, f), { force: true });
  return old;
}

/** A scheduled backup: one copy into `dir`, then the oldest beyond `keep` deleted. */
export async function scheduledBackup(
  source: string,
  dir: string,
  keep: number,
  now: Date,
): Promise<{ file: string; pruned: string[] }> {
  const { file } = await backupEventLog(source, join(dir, scheduledBackupName(now)));
  return { file, pruned: pruneBackups(dir, keep) };
}
