import type { Coordinates } from '../domain/sgp/contractSnapshot.ts';
import type { RecogniseRecord } from '../domain/sgp/contractIdentity.ts';
import type { SgpContractRecord } from '../domain/sgp/sgpContractRecord.ts';
import type { OzClient, OzProperty } from '../domain/ozmap/ozmapObjects.ts';
import type { OzmapActual } from '../domain/planner/ozmapIndex.ts';
import type { CreateClientCommand } from '../domain/planner/commands.ts';

/**
 * A contract whose SGP record did not fit its schema (R8), as a cycle records it on the contract's
 * stream (the SGP adapter's `InvalidSgpRecord`, without its code).
 */
export interface RejectedContract {
  readonly contract: string | null;
  /** Position of the client record in SGP's listing: names a record without a readable id. */
  readonly clientIndex?: number;
  readonly field: string;
  readonly problem: string;
}

/** The contracts one sweep of SGP read, the ones it rejected, and whether it read them all: what a cycle ingests. */
export interface SweptContracts {
  readonly records: readonly SgpContractRecord[];
  /**
   * Codes of contracts read whose record the caller's `recognise` knew (the log's last
   * observation, byte for byte): read and unchanged, not repeated in `records`.
   */
  readonly known?: readonly string[];
  readonly rejected: readonly RejectedContract[];
  /** Every page was read (R1.6). */
  readonly complete: boolean;
  readonly failures: readonly { readonly message: string }[];
  /** Why a sweep whose pages all answered is still incomplete (R1.6: it must hold what SGP says it holds). */
  readonly gaps?: readonly string[];
  /** Pages not parsed because their bytes were those remembered from the last sweep (decision 0010). */
  readonly pagesRecalled?: number;
}

/** What a cycle needs from SGP. */
export interface SgpReader {
  sweepContracts(options?: {
    contrato?: string;
    signal?: AbortSignal;
    onProgress?: (read: number, total: number) => void;
    recognise?: RecogniseRecord;
  }): Promise<SweptContracts>;
}

export interface OzmapReadResult {
  readonly actual: OzmapActual;
  readonly rejected: readonly {
    readonly collection: string;
    readonly id: string | null;
    readonly field: string;
    readonly problem: string;
  }[];
  readonly failures: readonly { readonly message: string }[];
  /** Project id -> name, for the `projects` option. */
  readonly projectNames?: ReadonlyMap<string, string>;
}

export interface ClientPatch {
  readonly name?: string;
  readonly implanted?: boolean;
  readonly status?: 0 | 1;
  /** UPDATE_ONU: only the parts SGP has are sent. */
  readonly onu?: { readonly serial_number?: string; readonly mac_address?: string; readonly user_PPPoE?: string };
}

export interface PropertyPatch {
  readonly potencyRead?: number;
  readonly coords?: Coordinates;
  readonly address?: string;
  readonly observation?: string;
  /** null detaches the client from the property; an id attaches that client (R5.8). */
  readonly client?: string | null;
  /** Connect the property to, or move it to, this splitter port (R4.8). */
  readonly connection?: { readonly boxId: string; readonly splitterId: string; readonly port: number };
}

/** What a cycle needs from OZmap: one read of the actual state, and idempotent writes. */
export interface OzmapGateway {
  readActual(options?: { onProgress?: (what: string, read: number, total: number) => void }): Promise<OzmapReadResult>;
  findClientByCode(code: string): Promise<OzClient | null>;
  getProperty(id: string): Promise<OzProperty | null>;
  createPropertyWithClient(
    command: CreateClientCommand,
  ): Promise<{ readonly clientId: string; readonly propertyId: string }>;
  /** A client alone (R5.8: to attach to its previous property). */
  createClient(client: CreateClientCommand['client']): Promise<{ readonly clientId: string }>;
  updateClient(id: string, patch: ClientPatch): Promise<void>;
  updateProperty(id: string, patch: PropertyPatch): Promise<void>;
  deleteClient(id: string): Promise<'deleted' | 'absent'>;
  deleteProperty(id: string): Promise<'deleted' | 'absent'>;
  disconnect(splitterId: string, fiber: string): Promise<void>;
}
