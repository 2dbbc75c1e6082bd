import { z } from 'zod';
import type { FieldWarning } from './sgpFieldBounds.ts';
import type { OnuIdentity } from './parseOnuIdentity.ts';

/** SGP contract status codes (docs/RULES.md R1.3). */
export const ContractStatus = {
  ativo: 1,
  inativo: 2,
  cancelado: 3,
  suspenso: 4,
  inviabilidadeTecnica: 5,
  novo: 6,
  ativoReduzido: 7,
} as const;
export type ContractStatusCode = (typeof ContractStatus)[keyof typeof ContractStatus];

export const Coordinates = z.object({ lat: z.number(), lng: z.number() });
export type Coordinates = Readonly<z.infer<typeof Coordinates>>;

/** One SGP contract after docs/RULES.md R1.5: the values the rules compare and write. */
export interface ContractSnapshot {
  readonly code: string;
  /** R1.3: a code 1-7, or `unknown` (neither implanted, created nor cancelled). */
  readonly status: ContractStatusCode | 'unknown';
  /** The status as SGP sent it, for the audit trail. */
  readonly statusText: string;
  readonly name: string;
  /** The CTO box name (SGP calls it "splitter"); null when the contract has none. */
  readonly cto: string | null;
  /** 1-based port of the CTO, or null. */
  readonly ctoPort: number | null;
  /** RX power in dBm, or null when SGP has no usable reading. */
  readonly rxDbm: number | null;
  /** Connection status: true online, false offline, null unknown. */
  readonly online: boolean | null;
  readonly coords: Coordinates | null;
  /** The one-line address; empty when SGP has none. */
  readonly address: string;
  /**
   * What R1.5 dropped or cleaned, field by field, with SGP's value (R8: never silently).
   * Absent in snapshots built before issue 11 and in hand-made test snapshots: none.
   */
  readonly warnings?: readonly FieldWarning[];
  /**
   * The FTTH service's ONU serial, MAC and PPPoE login (UPDATE_ONU); null when SGP has none.
   * Optional: snapshots built before it was read, and hand-made ones in tests, lack it.
   */
  readonly onu?: OnuIdentity | null;
}
