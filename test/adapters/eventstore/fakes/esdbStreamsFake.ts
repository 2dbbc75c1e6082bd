/**
 * An in-process gRPC fake of EventStoreDB's Streams service, for running the real
 * `@eventstore/db-client` (its serialisation, bigint revisions and error mapping) and the esdb
 * adapter without a server. Its store IS the reference model (`getMemoryEventStore`, whose appends
 * decide with `decideAppend`), so tests on it show "the real client + our adapter vs our model of
 * EventStoreDB", not EventStoreDB itself.
 *
 * Modelled on a single insecure node from 22.6 on:
 * - ServerFeatures.GetSupportedMethods lists what the fake serves, so the client appends with
 *   BatchAppend as it does against current servers; `serverFeatures: false` answers UNIMPLEMENTED
 *   like servers that predate that service, and the client falls back to Append;
 * - Read: stream reads forwards/backwards from start/end/revision with a count, `$all` reads
 *   (forwards inclusive, backwards exclusive of the position), `$all` subscriptions (confirmation,
 *   catch-up strictly after the position, caught-up, then live), filters on stream name or event
 *   type by prefixes or regex, stream-not-found for a missing stream;
 * - positions are log byte offsets, sparse, with commit = prepare for every event, and a fresh
 *   node's own system events at the start of `$all`.
 * Not modelled: stream subscriptions, deletes, links, ACLs, non-JSON events, checkpoints and
 * search windows of filtered reads, deadlines, flow control (responses are written unthrottled).
 *
 * `stop()` drops the server abruptly (open calls fail), which is how tests make it unavailable.
 */
import { randomUUID } from 'node:crypto';
import grpc from '@grpc/grpc-js';
import type {
  ServerDuplexStream,
  ServerReadableStream,
  ServerUnaryCall,
  ServerWritableStream,
  StatusObject,
  sendUnaryData,
} from '@grpc/grpc-js';
import featuresGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
import streamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js';
import type { SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb.js';
import type { Empty } from '@eventstore/db-client/generated/shared_pb.js';
import type {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  ReadReq,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb.js';
import { getMemoryEventStore } from '../../../../src/adapters/eventstore/memoryEventStore.ts';
import {
  EventStoreError,
  type EventData,
  type ExpectedRevision,
  type RecordedEvent,
} from '../../../../src/domain/eventStore.ts';
import {
  FakeBadRequest,
  appendResp,
  batchAppendResp,
  caughtUpResp,
  comparePosition,
  confirmationResp,
  decodeExpected,
  decodeProposed,
  readResp,
  streamNameOf,
  streamNotFoundResp,
  streamsPb,
  supportedMethods,
  systemEvents,
  uuidToString,
  wireFilter,
  type AppendOutcome,
  type LoggedEvent,
} from './esdbFakeWire.ts';

export interface EsdbStreamsFake {
  /** `esdb://127.0.0.1:PORT?tls=false`; append `&defaultDeadline=...` etc. as needed. */
  readonly url: string;
  /** Drops the server and every open call, like a crashed node. Idempotent. */
  stop(): Promise<void>;
}

export interface EsdbStreamsFakeOptions {
  /** Serve ServerFeatures (default true). False makes the client use Append instead of BatchAppend. */
  readonly serverFeatures?: boolean;
}

/** Where user events start in the fake's log, and how far apart they are (bytes, arbitrary). */
const FIRST_USER_LOG_POSITION = 1_000n;
const RECORD_BYTES = 173n;

class FakeUnimplemented extends Error {}

function toStatus(error: unknown): Partial<StatusObject> {
  const details = error instanceof Error ? error.message : String(error);
  if (error instanceof FakeUnimplemented) return { code: grpc.status.UNIMPLEMENTED, details };
  if (error instanceof FakeBadRequest || (error instanceof EventStoreError && error.code === 'INVALID_EVENT')) {
    return { code: grpc.status.INVALID_ARGUMENT, details };
  }
  return { code: grpc.status.INTERNAL, details };
}

export async function startEsdbStreamsFake(options: EsdbStreamsFakeOptions = {}): Promise<EsdbStreamsFake> {
  const model = getMemoryEventStore();
  const prelude = systemEvents(new Date().toISOString());
  const subscriptions = new Set<AbortController>();

  const logPositionOf = (modelPosition: number): bigint =>
    FIRST_USER_LOG_POSITION + BigInt(modelPosition) * RECORD_BYTES;
  const logged = (event: RecordedEvent): LoggedEvent => ({
    logPosition: logPositionOf(event.position),
    modelPosition: event.position,
    event,
  });

  /** The whole `$all` as it stands: the system events, then the model's log. */
  async function snapshot(): Promise<LoggedEvent[]> {
    const out = [...prelude];
    for await (const event of model.readAll()) out.push(logged(event));
    return out;
  }

  async function appendToModel(
    stream: string,
    events: EventData[],
    expected: ExpectedRevision,
  ): Promise<AppendOutcome> {
    try {
      const result = await model.append(stream, events, { expectedRevision: expected });
      const written = { kind: 'written', nextExpectedRevision: result.nextExpectedRevision } as const;
      return result.position < 0 ? written : { ...written, logPosition: logPositionOf(result.position) };
    } catch (error) {
      if (error instanceof EventStoreError && error.code === 'WRONG_EXPECTED_REVISION') {
        return { kind: 'conflict', actual: Number(error.details.actual) };
      }
      throw error;
    }
  }

  // --- Read: stream reads, $all reads, $all subscriptions ---

  async function readStreamTo(call: ServerWritableStream<ReadReq, ReadResp>, options: ReadReq.Options): Promise<void> {
    const stream = options.getStream();
    const name = streamNameOf(stream?.getStreamIdentifier());
    const events = await model.readStream(name);
    // The model never deletes, so an empty stream is a missing one.
    if (!stream || events.length === 0) {
      call.write(streamNotFoundResp(name));
      return void call.end();
    }
    const backwards = options.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS;
    const last = events.length - 1;
    const from = stream.hasStart() ? 0 : stream.hasEnd() ? (backwards ? last : last + 1) : Number(stream.getRevision());
    const selected = backwards ? events.slice(0, Math.min(from, last) + 1).reverse() : events.slice(from);
    const uuidAsString = !options.getUuidOption()?.hasStructured();
    for (const event of selected.slice(0, Number(options.getCount())))
      call.write(readResp(logged(event), uuidAsString));
    call.end();
  }

  async function readAllTo(call: ServerWritableStream<ReadReq, ReadResp>, options: ReadReq.Options): Promise<void> {
    const all = options.getAll();
    const position = all?.getPosition();
    const backwards = options.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS;
    const log = await snapshot();
    const inRange = all?.hasStart()
      ? backwards
        ? []
        : log
      : all?.hasEnd() || !position
        ? backwards
          ? log
          : []
        : log.filter((e) =>
            backwards ? comparePosition(e.logPosition, position) < 0 : comparePosition(e.logPosition, position) >= 0,
          );
    const accept = wireFilter(options);
    const uuidAsString = !options.getUuidOption()?.hasStructured();
    const ordered = backwards ? [...inRange].reverse() : inRange;
    const selected = ordered.filter((e) => accept(e.event)).slice(0, Number(options.getCount()));
    for (const e of selected) call.write(readResp(e, uuidAsString));
    call.end();
  }

  async function subscribeAllTo(
    call: ServerWritableStream<ReadReq, ReadResp>,
    options: ReadReq.Options,
  ): Promise<void> {
    const stop = new AbortController();
    subscriptions.add(stop);
    call.on('cancelled', () => stop.abort());
    try {
      const all = options.getAll();
      const position = all?.getPosition();
      const accept = wireFilter(options);
      const uuidAsString = !options.getUuidOption()?.hasStructured();
      // 1. Confirmation first, as the server does before anything else.
      call.write(confirmationResp(randomUUID()));
      // 2. Catch-up, strictly after the requested position (the server skips position <= start).
      const log = await snapshot();
      const catchUp = all?.hasEnd()
        ? []
        : position
          ? log.filter((e) => comparePosition(e.logPosition, position) > 0)
          : log;
      for (const e of catchUp) if (accept(e.event)) call.write(readResp(e, uuidAsString));
      call.write(caughtUpResp());
      // 3. Live: the model's own catch-up subscription from the end of the snapshot.
      const after = log.at(-1)?.modelPosition;
      for await (const event of model.subscribe({ after, signal: stop.signal })) {
        if (accept(event)) call.write(readResp(logged(event), uuidAsString));
      }
    } finally {
      subscriptions.delete(stop);
    }
    if (!call.cancelled) call.end();
  }

  async function serveRead(call: ServerWritableStream<ReadReq, ReadResp>): Promise<void> {
    const options = call.request.getOptions();
    if (!options) throw new FakeBadRequest('missing read options');
    if (options.hasStream()) {
      if (options.hasSubscription()) throw new FakeUnimplemented('the fake has no stream subscriptions');
      return readStreamTo(call, options);
    }
    return options.hasSubscription() ? subscribeAllTo(call, options) : readAllTo(call, options);
  }

  // --- Append (client streaming) and BatchAppend (bidi, correlated, errors in-band) ---

  async function serveAppend(requests: readonly AppendReq[]): Promise<AppendResp> {
    const [first, ...rest] = requests;
    const options = first?.getOptions();
    if (!options) throw new FakeBadRequest('the first append message must carry the options');
    const stream = streamNameOf(options.getStreamIdentifier());
    const expected = decodeExpected(options, options.hasRevision() ? options.getRevision() : undefined);
    const events = rest.map((request) => {
      const message = request.getProposedMessage();
      if (!message) throw new FakeBadRequest('options sent twice');
      return decodeProposed(message);
    });
    return appendResp(await appendToModel(stream, events, expected), expected);
  }

  function serveBatchAppend(call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
    const pending = new Map<string, { stream: string; expected: ExpectedRevision; events: EventData[] }>();
    let queue = Promise.resolve();
    const answer = async (request: BatchAppendReq): Promise<BatchAppendResp | undefined> => {
      const correlationId = request.getCorrelationId();
      if (!correlationId) return undefined;
      const key = uuidToString(correlationId);
      const options = request.getOptions();
      let entry = pending.get(key);
      try {
        if (options) {
          const expected = decodeExpected(
            options,
            options.hasStreamPosition() ? options.getStreamPosition() : undefined,
          );
          entry = { stream: streamNameOf(options.getStreamIdentifier()), expected, events: [] };
          pending.set(key, entry);
        }
        if (!entry) return undefined;
        entry.events.push(...request.getProposedMessagesList().map(decodeProposed));
        if (!request.getIsFinal()) return undefined;
        pending.delete(key);
        return batchAppendResp(
          correlationId,
          entry.stream,
          await appendToModel(entry.stream, entry.events, entry.expected),
          entry.expected,
        );
      } catch (error) {
        pending.delete(key);
        const status = toStatus(error);
        if (status.code !== grpc.status.INVALID_ARGUMENT) throw error;
        return batchAppendResp(
          correlationId,
          entry?.stream ?? '',
          { kind: 'bad_request', message: status.details ?? '' },
          entry?.expected,
        );
      }
    };
    // One at a time, in arrival order, as the server's single writer would.
    call.on('data', (request: BatchAppendReq) => {
      queue = queue
        .then(() => answer(request))
        .then((resp) => void (resp && !call.cancelled && call.write(resp)))
        .catch((error: unknown) => void call.emit('error', toStatus(error)));
    });
    call.on('end', () => void queue.then(() => call.end()));
  }

  const server = new grpc.Server();
  server.addService(streamsGrpc.StreamsService, {
    read: (call: ServerWritableStream<ReadReq, ReadResp>) => {
      serveRead(call).catch((error: unknown) => call.emit('error', toStatus(error)));
    },
    append: (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>) => {
      const requests: AppendReq[] = [];
      call.on('data', (request: AppendReq) => requests.push(request));
      call.on('end', () => {
        serveAppend(requests).then(
          (resp) => callback(null, resp),
          (error: unknown) => callback(toStatus(error)),
        );
      });
    },
    batchAppend: serveBatchAppend,
  });
  if (options.serverFeatures !== false) {
    server.addService(featuresGrpc.ServerFeaturesService, {
      getSupportedMethods: (
        _call: ServerUnaryCall<Empty, SupportedMethods>,
        callback: sendUnaryData<SupportedMethods>,
      ) => callback(null, supportedMethods()),
    });
  }
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });

  let stopped = false;
  return {
    url: `esdb://127.0.0.1:${port}?tls=false`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // Abrupt, like a crashed node: open calls fail on the client instead of ending cleanly.
      server.forceShutdown();
      for (const stop of subscriptions) stop.abort();
    },
  };
}
