/**
 * One SGP record that does not fit its schema (docs/RULES.md R8): rejected on its own, reported to the
 * audit trail and the log, while the rest of the sweep goes on. Data, not a thrown error.
 */
export interface InvalidSgpRecord {
  readonly code: 'SGP_RECORD_INVALID';
  /** The contract id, when the record has a readable one. */
  readonly contract: string | null;
  /** Position of the client in SGP's listing (page offset + index in the page). */
  readonly clientIndex: number;
  /** Dotted path inside the client record, e.g. `contratos[0].servicos[1].onu.rx`. */
  readonly field: string;
  readonly problem: string;
}
