/**
 * Protobuf encoding and decoding for the EventStoreDB fake, on the client's own generated
 * messages (`@eventstore/db-client/generated`), so that what the fake sends is exactly what a real
 * server's bytes decode to. The generated modules are CommonJS whose exports Node cannot list
 * statically: they are imported whole (default import) and used through the namespace.
 */
import { randomUUID } from 'node:crypto';
import featuresPb from '@eventstore/db-client/generated/serverfeatures_pb.js';
import sharedPb from '@eventstore/db-client/generated/shared_pb.js';
import statusPb from '@eventstore/db-client/generated/status_pb.js';
import streamsPb from '@eventstore/db-client/generated/streams_pb.js';
import type { SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb.js';
import type { StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb.js';
import type { Status } from '@eventstore/db-client/generated/status_pb.js';
import type { AppendResp, BatchAppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb.js';
import anyPb from 'google-protobuf/google/protobuf/any_pb.js';
import emptyPb from 'google-protobuf/google/protobuf/empty_pb.js';
import type { EventData, ExpectedRevision, RecordedEvent } from '../../../../src/domain/eventStore.ts';

export { streamsPb };

/** An event of the fake's `$all`: a model event, or one of the fake's own system events. */
export interface LoggedEvent {
  /** Byte offset in the transaction log: both the commit and the prepare position. */
  readonly logPosition: bigint;
  /** Position in the model, absent for the fake's system events. */
  readonly modelPosition?: number;
  readonly event: RecordedEvent;
}

/** A request the fake refuses, answered with gRPC INVALID_ARGUMENT. */
export class FakeBadRequest extends Error {}

const utf8 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');
const bytesOf = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));

export function streamNameOf(identifier: StreamIdentifier | undefined): string {
  if (!identifier) throw new FakeBadRequest('missing stream identifier');
  return utf8(identifier.getStreamName_asU8());
}

export function streamIdentifier(name: string): StreamIdentifier {
  return new sharedPb.StreamIdentifier().setStreamName(bytesOf(name));
}

/** EventStoreDB parses ids as GUIDs and always answers them in lower case. */
export function uuidToString(uuid: UUID | undefined): string {
  if (!uuid) throw new FakeBadRequest('missing id');
  if (uuid.hasString()) return uuid.getString().toLowerCase();
  const structured = uuid.getStructured();
  if (!structured) throw new FakeBadRequest('empty id');
  const hex = (bits: string): string => BigInt.asUintN(64, BigInt(bits)).toString(16).padStart(16, '0');
  const h = hex(structured.getMostSignificantBits()) + hex(structured.getLeastSignificantBits());
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function uuidMessage(id: string, asString: boolean): UUID {
  const uuid = new sharedPb.UUID();
  if (asString) return uuid.setString(id);
  const hex = id.replace(/-/g, '');
  const signed = (part: string): string => BigInt.asIntN(64, BigInt(`0x${part}`)).toString();
  return uuid.setStructured(
    new sharedPb.UUID.Structured()
      .setMostSignificantBits(signed(hex.slice(0, 16)))
      .setLeastSignificantBits(signed(hex.slice(16))),
  );
}

/** What both AppendReq.ProposedMessage and BatchAppendReq.ProposedMessage offer. */
interface ProposedMessage {
  getId(): UUID | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

function parseJson(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(utf8(bytes));
  } catch {
    throw new FakeBadRequest(`${what} is not JSON (the fake models JSON events only)`);
  }
}

export function decodeProposed(message: ProposedMessage): EventData {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  if (type === undefined) throw new FakeBadRequest('required metadata property "type" is missing');
  if (metadata.get('content-type') !== 'application/json') {
    throw new FakeBadRequest('the fake models application/json events only');
  }
  const custom = message.getCustomMetadata_asU8();
  return {
    id: uuidToString(message.getId()),
    type,
    data: parseJson(message.getData_asU8(), 'data'),
    ...(custom.length > 0 ? { metadata: parseJson(custom, 'metadata') } : {}),
  };
}

/** The expected-revision oneof: the same four cases in AppendReq and BatchAppendReq options. */
export function decodeExpected(
  cases: { hasNoStream(): boolean; hasAny(): boolean; hasStreamExists(): boolean },
  revision: string | undefined,
): ExpectedRevision {
  if (cases.hasNoStream()) return 'no_stream';
  if (cases.hasAny()) return 'any';
  if (cases.hasStreamExists()) return 'stream_exists';
  if (revision === undefined) throw new FakeBadRequest('missing expected revision');
  return Number(revision);
}

/** A recorded event as a server's ReadResp, with its $all position (as servers from 22.6 do). */
export function readResp(logged: LoggedEvent, uuidAsString: boolean): ReadResp {
  const { event, logPosition } = logged;
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessage(event.id, uuidAsString))
    .setStreamIdentifier(streamIdentifier(event.streamId))
    .setStreamRevision(String(event.revision))
    .setCommitPosition(String(logPosition))
    .setPreparePosition(String(logPosition))
    .setData(bytesOf(JSON.stringify(event.data)))
    .setCustomMetadata(event.metadata === null ? new Uint8Array() : bytesOf(JSON.stringify(event.metadata)));
  const map = recorded.getMetadataMap();
  map.set('type', event.type);
  map.set('content-type', 'application/json');
  // .NET ticks (100 ns) since the Unix epoch, as the server writes them.
  map.set('created', String(BigInt(Date.parse(event.created)) * 10_000n));
  const readEvent = new streamsPb.ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(String(logPosition));
  return new streamsPb.ReadResp().setEvent(readEvent);
}

export const confirmationResp = (subscriptionId: string): ReadResp =>
  new streamsPb.ReadResp().setConfirmation(
    new streamsPb.ReadResp.SubscriptionConfirmation().setSubscriptionId(subscriptionId),
  );

export const caughtUpResp = (): ReadResp => new streamsPb.ReadResp().setCaughtUp(new streamsPb.ReadResp.CaughtUp());

export const streamNotFoundResp = (stream: string): ReadResp =>
  new streamsPb.ReadResp().setStreamNotFound(
    new streamsPb.ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(stream)),
  );

/** The server-side filter of a read or subscription, as the server applies it. */
export function wireFilter(options: ReadReq.Options): (event: RecordedEvent) => boolean {
  const filter = options.hasFilter() ? options.getFilter() : undefined;
  if (!filter) return () => true;
  const onStream = filter.hasStreamIdentifier();
  const expression = onStream ? filter.getStreamIdentifier() : filter.getEventType();
  if (!expression) return () => true;
  const regex = expression.getRegex();
  const prefixes = expression.getPrefixList();
  // As in the server: a regex when one is given (matched anywhere, like .NET's IsMatch), else prefixes.
  const test =
    regex.length > 0
      ? (value: string) => new RegExp(regex).test(value)
      : (value: string) => prefixes.some((p) => value.startsWith(p));
  return (event) => test(onStream ? event.streamId : event.type);
}

/** Compares an event at `logPosition` (commit = prepare) with a requested Position. */
export function comparePosition(logPosition: bigint, position: ReadReq.Options.Position): number {
  const commit = BigInt(position.getCommitPosition());
  const prepare = BigInt(position.getPreparePosition());
  if (logPosition !== commit) return logPosition < commit ? -1 : 1;
  return logPosition === prepare ? 0 : logPosition < prepare ? -1 : 1;
}

export type AppendOutcome =
  | { readonly kind: 'written'; readonly nextExpectedRevision: number; readonly logPosition?: bigint }
  | { readonly kind: 'conflict'; readonly actual: number };

export function appendResp(outcome: AppendOutcome, expected: ExpectedRevision): AppendResp {
  if (outcome.kind === 'written') {
    const success = new streamsPb.AppendResp.Success();
    if (outcome.nextExpectedRevision < 0) success.setNoStream(new sharedPb.Empty());
    else success.setCurrentRevision(String(outcome.nextExpectedRevision));
    if (outcome.logPosition === undefined) success.setNoPosition(new sharedPb.Empty());
    else {
      const p = String(outcome.logPosition);
      success.setPosition(new streamsPb.AppendResp.Position().setCommitPosition(p).setPreparePosition(p));
    }
    return new streamsPb.AppendResp().setSuccess(success);
  }
  const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
  if (outcome.actual < 0) wrong.setCurrentNoStream(new sharedPb.Empty());
  else wrong.setCurrentRevision(String(outcome.actual));
  if (expected === 'no_stream') wrong.setExpectedNoStream(new sharedPb.Empty());
  else if (expected === 'any') wrong.setExpectedAny(new sharedPb.Empty());
  else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new sharedPb.Empty());
  else wrong.setExpectedRevision(String(expected));
  return new streamsPb.AppendResp().setWrongExpectedVersion(wrong);
}

const GRPC_INVALID_ARGUMENT = 3;
const GRPC_ALREADY_EXISTS = 6;

function packedStatus(code: number, message: string, typeName: string, detail: Uint8Array): Status {
  const details = new anyPb.Any();
  details.pack(detail, typeName);
  return new statusPb.Status().setCode(code).setMessage(message).setDetails(details);
}

/** BatchAppend answers errors in-band, as a google.rpc.Status with a packed detail message. */
export function batchAppendResp(
  correlationId: UUID,
  stream: string,
  outcome: AppendOutcome | { readonly kind: 'bad_request'; readonly message: string },
  expected: ExpectedRevision | undefined,
): BatchAppendResp {
  const resp = new streamsPb.BatchAppendResp()
    .setCorrelationId(correlationId)
    .setStreamIdentifier(streamIdentifier(stream));
  if (outcome.kind === 'bad_request') {
    const detail = new sharedPb.BadRequest().setMessage(outcome.message).serializeBinary();
    return resp.setError(packedStatus(GRPC_INVALID_ARGUMENT, 'BadRequest', 'event_store.client.BadRequest', detail));
  }
  if (outcome.kind === 'written') {
    const success = new streamsPb.BatchAppendResp.Success();
    if (outcome.nextExpectedRevision < 0) success.setNoStream(new emptyPb.Empty());
    else success.setCurrentRevision(String(outcome.nextExpectedRevision));
    if (outcome.logPosition === undefined) success.setNoPosition(new emptyPb.Empty());
    else {
      const p = String(outcome.logPosition);
      success.setPosition(new sharedPb.AllStreamPosition().setCommitPosition(p).setPreparePosition(p));
    }
    return resp.setSuccess(success);
  }
  const wrong = new sharedPb.WrongExpectedVersion();
  if (outcome.actual < 0) wrong.setCurrentNoStream(new emptyPb.Empty());
  else wrong.setCurrentStreamRevision(String(outcome.actual));
  if (expected === 'no_stream') wrong.setExpectedNoStream(new emptyPb.Empty());
  else if (expected === 'any' || expected === undefined) wrong.setExpectedAny(new emptyPb.Empty());
  else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new emptyPb.Empty());
  else wrong.setExpectedStreamPosition(String(expected));
  const detail = wrong.serializeBinary();
  return resp.setError(
    packedStatus(GRPC_ALREADY_EXISTS, 'WrongExpectedVersion', 'event_store.client.WrongExpectedVersion', detail),
  );
}

/** Events a fresh node writes to its own streams at start-up, ahead of any user event. */
export function systemEvents(created: string): LoggedEvent[] {
  const system = (logPosition: bigint, stream: string, data: unknown): LoggedEvent => ({
    logPosition,
    event: {
      id: randomUUID(),
      type: stream,
      data,
      metadata: null,
      streamId: stream,
      revision: 0,
      position: -1,
      created,
    },
  });
  return [
    system(0n, '$epoch-information', { epochNumber: 0 }),
    system(211n, '$settings', { $userStreamAcl: {}, $systemStreamAcl: {} }),
  ];
}

/** What a server lists (lower-cased, as the server does), restricted to what the fake serves. */
export function supportedMethods(): SupportedMethods {
  const method = (service: string, name: string, features: string[] = []) =>
    new featuresPb.SupportedMethod().setServiceName(service).setMethodName(name).setFeaturesList(features);
  const streams = 'event_store.client.streams.streams';
  return new featuresPb.SupportedMethods()
    .setEventStoreServerVersion('0.0.0-model')
    .setMethodsList([
      method(streams, 'read', ['position', 'events']),
      method(streams, 'append'),
      method(streams, 'batchappend', ['deadline_duration']),
      method('event_store.client.server_features.serverfeatures', 'getsupportedmethods'),
    ]);
}
