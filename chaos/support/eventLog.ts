import Database from 'better-sqlite3';

/** One event of the SQLite log, as the chaos checks read it (straight from the file). */
export interface LogEvent {
  readonly position: number;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** Reads the whole log of a SQLite event store file (a killed writer's WAL is recovered). */
export function readEventLog(path: string): LogEvent[] {
  const db = new Database(path);
  try {
    const rows = db
      .prepare('SELECT position, stream_id, revision, type, data FROM events ORDER BY position')
      .raw()
      .all() as [number, string, number, string, string | null][];
    return rows.map(([position, stream, revision, type, data]) => ({
      position,
      stream,
      revision,
      type,
      data: (data === null ? {} : JSON.parse(data)) as Record<string, unknown>,
    }));
  } finally {
    db.close();
  }
}

/** `PRAGMA integrity_check` of the file: 'ok' when the file is sound. */
export function integrityOf(path: string): string {
  const db = new Database(path);
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

/** Events grouped by stream, in revision order. */
export function byStream(events: readonly LogEvent[]): Map<string, LogEvent[]> {
  const streams = new Map<string, LogEvent[]>();
  for (const event of events) streams.set(event.stream, [...(streams.get(event.stream) ?? []), event]);
  return streams;
}

/**
 * Reads, while another process writes, the commands issued so far for a contract: one read-only
 * connection, opened on first use (the service creates the file).
 */
export function createIssuedReader(path: string) {
  let db: Database.Database | null = null;
  let statement: Database.Statement<[string], string> | null = null;
  return {
    issued(code: string): Record<string, unknown>[] | null {
      try {
        if (db === null) {
          db = new Database(path, { readonly: true, fileMustExist: true });
          statement = db
            .prepare<[string], string>(
              "SELECT data FROM events WHERE stream_id = ? AND type = 'OzmapCommandIssued' ORDER BY revision",
            )
            .pluck();
        }
        return statement!
          .all(`contract-${code}`)
          .map((text) => (JSON.parse(text) as { command: Record<string, unknown> }).command);
      } catch {
        return null;
      }
    },
    close(): void {
      db?.close();
      db = null;
    },
  };
}
