import type Database from 'better-sqlite3';
import type { ReadStreamOptions, RecordedEvent } from '../../../domain/eventStore.ts';
import { corruptData, withStoreErrors } from './errors.ts';
import { COLUMNS, type EventRow } from './schema.ts';

/** The reads of one stream: its events and its last revision. */
export interface StreamReads {
  readonly readStream: (stream: string, options: ReadStreamOptions) => RecordedEvent[];
  /** -1 when the stream does not exist. */
  readonly streamRevision: (stream: string) => number;
}

/** The last revision of a stream (none when missing); also read by the append's concurrency check. */
export function prepareRevisionQuery(db: Database.Database): Database.Statement<[string], number> {
  return db.prepare<[string], number>('SELECT revision FROM streams WHERE stream_id = ?').pluck();
}

export function prepareStreamReads(db: Database.Database, path: string): StreamReads {
  const revision = prepareRevisionQuery(db);
  const events = db
    .prepare<[string, number, number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    )
    .raw();
  return {
    readStream: (stream, options) => {
      const rows = withStoreErrors(`read ${stream}`, path, () =>
        events.all(stream, options.fromRevision ?? 0, options.maxCount ?? -1),
      );
      try {
        return rows.map(toRecordedEvent);
      } catch (error) {
        throw corruptData(`read ${stream}`, path, error);
      }
    },
    streamRevision: (stream) => withStoreErrors(`revision of ${stream}`, path, () => revision.get(stream) ?? -1),
  };
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  const [position, streamId, revision, id, type, data, metadata, created] = row;
  return {
    id,
    type,
    data: data === null ? undefined : (JSON.parse(data) as unknown),
    metadata: metadata === null ? null : (JSON.parse(metadata) as unknown),
    streamId,
    revision,
    position,
    created,
  };
}
