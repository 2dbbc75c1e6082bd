import type { RecordedEvent } from '../domain/eventStore.ts';
import { catalogue, type EventPayload, type EventType } from '../domain/events/catalogue.ts';
import { decodeEvent } from '../domain/events/decodeEvent.ts';
import { CONTRACT_STREAM_PREFIX, codeOfStream } from '../domain/events/streams.ts';
import { foldContractEvent, type ContractRow } from '../projections/contractProjection.ts';
import type { ReadModels } from '../projections/readModels.ts';
import type { EventWriter } from './eventWriter.ts';

/**
 * An event writer that writes nothing: each event is folded, as the projector would fold it,
 * onto the contract rows of `base`, and `readModels` shows `base` with those rows in place.
 * `plan` runs the cycle's own ingest through it, so that the plan is computed from exactly the
 * states the next cycle will see, without touching the log.
 */
export function createStagingWriter(base: ReadModels): {
  readonly writer: EventWriter;
  readonly readModels: ReadModels;
} {
  const staged = new Map<string, ContractRow>();
  const revisions = new Map<string, number>();
  const at = new Date(0).toISOString();

  const writer: EventWriter = {
    async append<T extends EventType>(stream: string, type: T, data: EventPayload<T>): Promise<number> {
      catalogue[type].parse(data);
      if (!stream.startsWith(CONTRACT_STREAM_PREFIX)) return (revisions.get(stream) ?? -1) + 1;
      const code = codeOfStream(stream);
      const row = staged.get(code) ?? base.getContract(code);
      const revision = (row?.streamRevision ?? -1) + 1;
      const recorded: RecordedEvent = {
        id: `staged-${stream}-${revision}`,
        type,
        data,
        metadata: null,
        streamId: stream,
        revision,
        position: -1,
        created: at,
      };
      staged.set(code, foldContractEvent(row, code, recorded, decodeEvent(recorded)).row);
      revisions.set(stream, revision);
      return revision;
    },
  };

  const readModels: ReadModels = {
    ...base,
    checkpoint: () => base.checkpoint(),
    getContract: (code) => staged.get(code) ?? base.getContract(code),
    *contracts() {
      for (const row of base.contracts()) yield staged.get(row.code) ?? row;
      for (const [code, row] of staged) if (base.getContract(code) === undefined) yield row;
    },
    contractCount: () =>
      base.contractCount() + [...staged.keys()].filter((code) => base.getContract(code) === undefined).length,
    listContracts: (query) => base.listContracts(query),
    cycles: (query) => base.cycles(query),
    cycle: (id) => base.cycle(id),
    guard: () => base.guard(),
    skipSummary: () => base.skipSummary(),
    commit: () => {
      throw new Error('staged read models are never committed');
    },
  };
  return { writer, readModels };
}
