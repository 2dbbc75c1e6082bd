import type Database from 'better-sqlite3';
import {
  EventStoreError,
  decideAppend,
  wrongExpectedRevision,
  type AppendResult,
  type EventData,
  type ExpectedRevision,
} from '../../../domain/eventStore.ts';
import { withStoreErrors } from './errors.ts';
import { prepareRevisionQuery } from './readStream.ts';
import { COLUMNS } from './schema.ts';

/** Appends a validated batch to `stream` in one IMMEDIATE transaction. */
export type AppendToStream = (
  stream: string,
  events: readonly EventData[],
  expectedRevision: ExpectedRevision,
) => AppendResult;

/**
 * The append of the store on `db`. Positions are 0-based and assigned inside the write
 * transaction, so they are gap-free and committed in order: a reader never sees position p+1
 * before p, even with writers in other processes, which is what lets subscriptions checkpoint
 * on a position.
 */
export function prepareAppend(db: Database.Database, path: string, clock: () => Date): AppendToStream {
  const statements = prepareStatements(db);

  const appendTransaction = db.transaction(
    (
      stream: string,
      events: readonly EventData[],
      rows: readonly SerialisedEvent[],
      expected: ExpectedRevision,
    ): AppendResult => {
      const current = statements.streamRevision.get(stream) ?? -1;
      const decision = decideAppend(
        current,
        expected,
        events.map((e) => e.id),
        (from, count) => statements.idsFrom.all(stream, from, count),
      );
      if (decision.kind === 'conflict') throw wrongExpectedRevision(stream, expected, current);
      if (decision.kind === 'retry') {
        const position = statements.positionAt.get(stream, decision.lastRevision) ?? -1;
        return { nextExpectedRevision: decision.lastRevision, position };
      }
      if (events.length === 0) {
        return { nextExpectedRevision: current, position: statements.positionAt.get(stream, current) ?? -1 };
      }
      const first = (statements.lastPosition.get() ?? -1) + 1;
      const created = clock().toISOString();
      for (let i = 0; i < events.length; i++) {
        const event = events[i]!;
        const row = rows[i]!;
        statements.insert.run(
          first + i,
          stream,
          current + 1 + i,
          event.id,
          event.type,
          row.data,
          row.metadata,
          created,
        );
      }
      const last = current + events.length;
      statements.upsertStream.run(stream, last);
      return { nextExpectedRevision: last, position: first + events.length - 1 };
    },
  );

  return (stream, events, expectedRevision) => {
    // Serialised before the transaction, so the write lock is held for the inserts only.
    const rows = events.map((e, index) => serialiseEvent(stream, index, e));
    return withStoreErrors(`append to ${stream}`, path, () =>
      appendTransaction.immediate(stream, events, rows, expectedRevision),
    );
  };
}

function prepareStatements(db: Database.Database) {
  return {
    streamRevision: prepareRevisionQuery(db),
    lastPosition: db.prepare<[], number | null>('SELECT max(position) FROM events').pluck(),
    idsFrom: db
      .prepare<[string, number, number], string>(
        'SELECT id FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
      )
      .pluck(),
    positionAt: db
      .prepare<[string, number], number>('SELECT position FROM events WHERE stream_id = ? AND revision = ?')
      .pluck(),
    insert: db.prepare<[number, string, number, string, string, string | null, string | null, string]>(
      `INSERT INTO events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    upsertStream: db.prepare<[string, number]>(
      'INSERT INTO streams (stream_id, revision) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision',
    ),
  };
}

interface SerialisedEvent {
  readonly data: string | null;
  readonly metadata: string | null;
}

/** JSON text of data and metadata; `undefined` data is stored as NULL and read back as such. */
function serialiseEvent(stream: string, index: number, event: EventData): SerialisedEvent {
  try {
    return {
      data: JSON.stringify(event.data) ?? null,
      metadata:
        event.metadata === undefined || event.metadata === null ? null : (JSON.stringify(event.metadata) ?? null),
    };
  } catch (error) {
    throw new EventStoreError(
      'INVALID_EVENT',
      `${stream} event ${index}: data or metadata is not JSON-serialisable`,
      { stream, index },
      { cause: error },
    );
  }
}
