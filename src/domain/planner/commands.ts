import { z } from 'zod';
import { Coordinates } from '../sgp/contractSnapshot.ts';
import { FIELD_POLICIES } from './fieldPolicy.ts';

/*
 * The planner's commands, declared once: the planner builds them, the executor runs them, and
 * the events `OzmapCommandIssued` and `CyclePlanned` store them with these same schemas, so a
 * command read back from the log has the type it was written with.
 */

/** Why a contract was not created (docs/RULES.md R2, R3). Stable strings: the API filters on them. */
export const SkipReason = z.enum({
  noCtoInSgp: 'no-cto-in-sgp',
  boxNotFound: 'box-not-found',
  boxAmbiguous: 'box-ambiguous',
  portOccupied: 'port-occupied',
  statusUnknown: 'status-unknown',
  cancelled: 'cancelled-in-sgp',
  creationDisabled: 'creation-disabled',
  ozmapReadIncomplete: 'ozmap-read-incomplete',
  duplicateInOzmap: 'duplicate-code-in-ozmap',
  /** R8: a field a creation requires (the name) is outside its bounds (sgpFieldBounds.ts). */
  sgpFieldInvalid: 'sgp-field-invalid',
  noCoordinates: 'no-coordinates',
  ozmapRecordUnreadable: 'ozmap-record-unreadable',
});
export type SkipReason = z.infer<typeof SkipReason>;

/** Why a client was created without a splitter connection (R2.4, R2.5). */
export const UnconnectedReason = z.enum(['box-without-splitter', 'no-port-in-sgp', 'port-not-in-box', 'port-occupied']);
export type UnconnectedReason = z.infer<typeof UnconnectedReason>;

/** A splitter port a creation connects the property to. */
const SplitterConnection = z.object({ splitterId: z.string(), splitterName: z.string(), port: z.number() });

export const CreateClientCommand = z.object({
  kind: z.literal('create'),
  code: z.string(),
  rule: z.string(),
  reason: z.string(),
  boxId: z.string(),
  boxName: z.string(),
  /** The box's OZmap project: the property is created in it. */
  boxProject: z.string().nullable(),
  connection: SplitterConnection.nullable(),
  unconnectedReason: UnconnectedReason.nullable(),
  property: z.object({
    address: z.string(),
    coords: Coordinates.nullable(),
    potencyRead: z.number().nullable(),
  }),
  client: z.object({
    code: z.string(),
    name: z.string(),
    implanted: z.boolean(),
    status: z.union([z.literal(0), z.literal(1)]).nullable(),
    /** UPDATE_ONU: the parts of the ONU identity SGP has, written with the client. */
    onu: z.record(z.string(), z.string()).optional(),
  }),
  /**
   * R5.8: a reactivated contract's client goes on its own previous property instead of a new
   * one; `clientId` is a client of the code already created by an interrupted run.
   */
  reuseProperty: z.object({ propertyId: z.string(), clientId: z.string().nullable() }).nullable().optional(),
});
export type CreateClientCommand = z.infer<typeof CreateClientCommand>;

export const ChangedObject = z.enum(['client', 'property']);
export type ChangedObject = z.infer<typeof ChangedObject>;

/** One field an update writes. `from` and `to` hold the field's own values (a name, coordinates...). */
export const FieldChange = z.object({
  object: ChangedObject,
  field: z.string(),
  from: z.unknown(),
  to: z.unknown(),
  /** R4.1-R4.6 clause that asked for it. */
  rule: z.string(),
  /**
   * `sgp` when SGP's value changed since the last observation the service acted on,
   * `drift` when OZmap's value moved away (an edit by hand, another integration).
   */
  cause: z.enum(['sgp', 'drift']),
  /** R9.1: the field's policy that let it be written; absent means `sgp` (the default, and every change before policies). */
  policy: z.enum(FIELD_POLICIES).optional(),
});
export type FieldChange = z.infer<typeof FieldChange>;

export const UpdateClientCommand = z.object({
  kind: z.literal('update'),
  code: z.string(),
  rule: z.string(),
  reason: z.string(),
  clientId: z.string(),
  propertyId: z.string().nullable(),
  clientPatch: z.record(z.string(), z.unknown()),
  propertyPatch: z.record(z.string(), z.unknown()),
  changes: z.array(FieldChange),
});
export type UpdateClientCommand = z.infer<typeof UpdateClientCommand>;

export const CancelMode = z.enum(['detach', 'remove']);
export type CancelMode = z.infer<typeof CancelMode>;

export const CancelClientCommand = z.object({
  kind: z.literal('cancel'),
  code: z.string(),
  rule: z.string(),
  reason: z.string(),
  mode: CancelMode,
  clientId: z.string().nullable(),
  clientName: z.string(),
  propertyId: z.string().nullable(),
  /** The exact line for the property's observations (detach mode). Decided once (R5.5). */
  observationLine: z.string().nullable(),
  /** Free the splitter port too (R5.4 disconnectCancelledProperty). */
  disconnect: z.object({ splitterId: z.string(), fiber: z.string() }).nullable(),
  /** True when this finishes a cancellation recorded in an earlier cycle. */
  resumed: z.boolean(),
});
export type CancelClientCommand = z.infer<typeof CancelClientCommand>;

export const SkipCommand = z.object({
  kind: z.literal('skip'),
  code: z.string(),
  rule: z.string(),
  reason: SkipReason,
  detail: z.string(),
  /** False when the same reason was already recorded: no event is appended (R2.7). */
  record: z.boolean(),
});
export type SkipCommand = z.infer<typeof SkipCommand>;

/** The facts a note records (R4.8 CTO/port divergence, R5.7, R2.7, R8). */
export const NoteKind = z.enum([
  'cto-divergence',
  'moved-to-unknown-status',
  'skip-reason-cleared',
  'sgp-field-dropped',
  'ozmap-record-readable',
  'move-held',
  /** R5.5: a second cancellation waits for another minute (issue 14). */
  'cancel-held',
  /** R9.3: the contract (or its box) is excluded, or no longer is (key ''). */
  'excluded',
]);
export type NoteKind = z.infer<typeof NoteKind>;

/** Not a write: an observation for the audit trail (R4.8 CTO/port divergence, R5.7). */
export const NoteCommand = z.object({
  kind: z.literal('note'),
  code: z.string(),
  rule: z.string(),
  reason: z.string(),
  note: NoteKind,
  detail: z.string(),
  /** A key the executor compares with the last note of this kind: no repeat every cycle. */
  key: z.string(),
});
export type NoteCommand = z.infer<typeof NoteCommand>;

/** The commands that write to OZmap: the ones `OzmapCommandIssued` announces. */
export const WriteCommand = z.discriminatedUnion('kind', [
  CreateClientCommand,
  UpdateClientCommand,
  CancelClientCommand,
]);
export type WriteCommand = z.infer<typeof WriteCommand>;

export const PlannedCommand = z.discriminatedUnion('kind', [
  CreateClientCommand,
  UpdateClientCommand,
  CancelClientCommand,
  SkipCommand,
  NoteCommand,
]);
export type PlannedCommand = z.infer<typeof PlannedCommand>;

/** Does this command write to OZmap? */
export function isWrite(command: PlannedCommand): command is WriteCommand {
  return command.kind === 'create' || command.kind === 'update' || command.kind === 'cancel';
}
