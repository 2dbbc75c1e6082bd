import type { Coordinates } from '../sgp/contractSnapshot.ts';
import type { FieldPolicy } from './fieldPolicy.ts';

/** Why a contract was not created (docs/RULES.md R2, R3). Stable strings: the API filters on them. */
export const SkipReason = {
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
} as const;
export type SkipReason = (typeof SkipReason)[keyof typeof SkipReason];

/** Why a client was created without a splitter connection (R2.4, R2.5). */
export type UnconnectedReason = 'box-without-splitter' | 'no-port-in-sgp' | 'port-not-in-box' | 'port-occupied';

export interface CreateClientCommand {
  readonly kind: 'create';
  readonly code: string;
  readonly rule: string;
  readonly reason: string;
  readonly boxId: string;
  readonly boxName: string;
  /** The box's OZmap project: the property is created in it. */
  readonly boxProject: string | null;
  readonly connection: { readonly splitterId: string; readonly splitterName: string; readonly port: number } | null;
  readonly unconnectedReason: UnconnectedReason | null;
  readonly property: {
    readonly address: string;
    readonly coords: Coordinates | null;
    readonly potencyRead: number | null;
  };
  readonly client: {
    readonly code: string;
    readonly name: string;
    readonly implanted: boolean;
    readonly status: 0 | 1 | null;
    /** UPDATE_ONU: the parts of the ONU identity SGP has, written with the client. */
    readonly onu?: Readonly<Record<string, string>>;
  };
  /**
   * R5.8: a reactivated contract's client goes on its own previous property instead of a new
   * one; `clientId` is a client of the code already created by an interrupted run.
   */
  readonly reuseProperty?: { readonly propertyId: string; readonly clientId: string | null } | null;
}

export type ChangedObject = 'client' | 'property';

export interface FieldChange {
  readonly object: ChangedObject;
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
  /** R4.1-R4.6 clause that asked for it. */
  readonly rule: string;
  /**
   * `sgp` when SGP's value changed since the last observation the service acted on,
   * `drift` when OZmap's value moved away (an edit by hand, another integration).
   */
  readonly cause: 'sgp' | 'drift';
  /** R9.1: the field's policy that let it be written; absent means `sgp` (the default, and every change before policies). */
  readonly policy?: FieldPolicy;
}

export interface UpdateClientCommand {
  readonly kind: 'update';
  readonly code: string;
  readonly rule: string;
  readonly reason: string;
  readonly clientId: string;
  readonly propertyId: string | null;
  readonly clientPatch: Readonly<Record<string, unknown>>;
  readonly propertyPatch: Readonly<Record<string, unknown>>;
  readonly changes: readonly FieldChange[];
}

export type CancelMode = 'detach' | 'remove';

export interface CancelClientCommand {
  readonly kind: 'cancel';
  readonly code: string;
  readonly rule: string;
  readonly reason: string;
  readonly mode: CancelMode;
  readonly clientId: string | null;
  readonly clientName: string;
  readonly propertyId: string | null;
  /** The exact line for the property's observations (detach mode). Decided once (R5.5). */
  readonly observationLine: string | null;
  /** Free the splitter port too (R5.4 disconnectCancelledProperty). */
  readonly disconnect: { readonly splitterId: string; readonly fiber: string } | null;
  /** True when this finishes a cancellation recorded in an earlier cycle. */
  readonly resumed: boolean;
}

export interface SkipCommand {
  readonly kind: 'skip';
  readonly code: string;
  readonly rule: string;
  readonly reason: SkipReason;
  readonly detail: string;
  /** False when the same reason was already recorded: no event is appended (R2.7). */
  readonly record: boolean;
}

/** Not a write: an observation for the audit trail (R4.8 CTO/port divergence, R5.7). */
export interface NoteCommand {
  readonly kind: 'note';
  readonly code: string;
  readonly rule: string;
  readonly reason: string;
  readonly note:
    | 'cto-divergence'
    | 'moved-to-unknown-status'
    | 'skip-reason-cleared'
    | 'sgp-field-dropped'
    | 'ozmap-record-readable'
    | 'move-held'
    | 'cancel-held'
    /** R9.3: the contract (or its box) is excluded, or no longer is (key ''). */
    | 'excluded';
  readonly detail: string;
  /** A key the executor compares with the last note of this kind: no repeat every cycle. */
  readonly key: string;
}

export type PlannedCommand =
  CreateClientCommand | UpdateClientCommand | CancelClientCommand | SkipCommand | NoteCommand;

/** Does this command write to OZmap? */
export function isWrite(
  command: PlannedCommand,
): command is CreateClientCommand | UpdateClientCommand | CancelClientCommand {
  return command.kind === 'create' || command.kind === 'update' || command.kind === 'cancel';
}
