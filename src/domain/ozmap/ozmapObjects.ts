/**
 * OZmap objects as the service sees them, whatever id shape the tenant answers in (`_id`, `id`,
 * embedded references): the OZmap client normalises to these. Coordinates are OZmap's
 * `[lng, lat]` order kept as named fields to make a swap impossible.
 */
import type { Coordinates } from '../sgp/contractSnapshot.ts';

export interface OzBox {
  readonly id: string;
  readonly name: string;
  readonly project: string | null;
  readonly coords: Coordinates | null;
}

export interface OzSplitterPort {
  /** The fiber on this output port, or null when it is free. */
  readonly fiber: string | null;
  readonly blocked: boolean;
}

export interface OzSplitter {
  readonly id: string;
  readonly name: string;
  /** The box that holds it. */
  readonly boxId: string;
  readonly isDrop: boolean;
  /** Output ports, index 0 = port 1. */
  readonly outputs: readonly OzSplitterPort[];
}

interface OzConnection {
  readonly splitterId: string;
  /** 1-based. */
  readonly port: number;
  readonly fiber: string | null;
}

export interface OzProperty {
  readonly id: string;
  readonly boxId: string | null;
  readonly clientId: string | null;
  readonly address: string;
  readonly coords: Coordinates | null;
  readonly observation: string;
  readonly potencyRead: number | null;
  readonly connections: readonly OzConnection[];
}

/** OZmap client status: 0 OK, 1 ERROR. */
export const OzClientStatus = { ok: 0, error: 1 } as const;
export type OzClientStatus = (typeof OzClientStatus)[keyof typeof OzClientStatus];

export interface OzClient {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly implanted: boolean;
  readonly status: OzClientStatus | null;
  readonly observation: string;
  /** The client's `onu` (UPDATE_ONU); absent when OZmap answered none or it was not read. */
  readonly onu?: OzClientOnu | null;
}

/** OZmap's `onu: { serial_number, mac_address, user_PPPoE }` on an FTTH client. */
interface OzClientOnu {
  readonly serial_number: string | null;
  readonly mac_address: string | null;
  readonly user_PPPoE: string | null;
}
