import Database from 'better-sqlite3';
import { EventStoreError } from '../../domain/eventStore.ts';

/** SQLite's answers for a file damaged in the middle, or not a database at all. */
export function isDamaged(error: unknown): error is InstanceType<typeof Database.SqliteError> {
  return (
    error instanceof Database.SqliteError && (error.code.startsWith('SQLITE_CORRUPT') || error.code === 'SQLITE_NOTADB')
  );
}

/**
 * What to do about a damaged file, by what it holds. The read models are disposable (`replay`
 * rebuilds them from the log); the event log is the one fact that is not: it comes back only
 * from a backup.
 */
function damageAdvice(path: string, holdsEventLog: boolean): string {
  return holdsEventLog
    ? `${path} is damaged. It holds the event log, which only a backup brings back, and the read models, which "sgp-ozmap replay" rebuilds: stop the service, restore ${path} from a backup, then run "sgp-ozmap replay"`
    : `${path} (the read models) is damaged. Read models are disposable: delete ${path} and run "sgp-ozmap replay" to rebuild them from the event log (the event log needs no backup restore)`;
}

/** The damage as an error of the failure catalogue (`STORE_DAMAGED`) that says what to do; other errors unchanged. */
export function damagedDatabaseError(error: unknown, what: string, path: string, holdsEventLog: boolean): unknown {
  if (!isDamaged(error)) return error;
  return new EventStoreError(
    'STORE_DAMAGED',
    `${what}: ${damageAdvice(path, holdsEventLog)} (${error.code})`,
    { path, sqliteCode: error.code },
    { cause: error },
  );
}

/** `target` with every method's SQLite damage turned into `damagedDatabaseError`. */
export function reportDamage<T extends object>(target: T, path: string, holdsEventLog: boolean): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      const value: unknown = Reflect.get(object, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          return (value as (...a: unknown[]) => unknown).apply(object, args);
        } catch (error) {
          throw damagedDatabaseError(error, `read models ${String(key)}`, path, holdsEventLog);
        }
      };
    },
  });
}
