import type { OzmapState } from '../../sim/ozmap/ozmapFixture.ts';

/**
 * Issue 11's comparison of a world messy on both sides with the same world clean: what each
 * contract ends as in OZmap, and which contracts the cycles held back for bad data, read from
 * the event log (the SQLite file in chaos, the memory store in the small test).
 */
export interface ContractEvent {
  readonly stream: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** A contract's end state in OZmap: how many clients carry its code, name, box, port and the property's observation. */
export function placeOf(state: OzmapState, code: string): string {
  const clients = state.ftthClients.filter((c) => c.code === code);
  const client = clients[0];
  if (!client) return 'absent';
  const property = state.properties.find((p) => p.client === client.id);
  const ports = property?.connections.map((c) => `${c.id}:${c.port}`).join(',') ?? '-';
  return `${clients.length}x ${client.name}|${property?.box ?? '-'}|${ports}|${property?.observation ?? ''}`;
}

const codeOf = (e: ContractEvent): string => e.stream.replace(/^contract-/, '');

/** Contract codes held back for bad data: `ozmap` by unreadable OZmap records (with the details), `sgp` rejected or skipped for SGP values. */
export function heldForBadData(events: readonly ContractEvent[]): {
  readonly ozmap: Map<string, string[]>;
  readonly sgp: Set<string>;
} {
  const ozmap = new Map<string, string[]>();
  const sgp = new Set<string>();
  for (const e of events) {
    const reason = e.data['reason'];
    if (e.type === 'ClientCreationSkipped' && reason === 'ozmap-record-unreadable')
      ozmap.set(codeOf(e), [...(ozmap.get(codeOf(e)) ?? []), String(e.data['detail'])]);
    if (e.type === 'SgpContractRejected' || (e.type === 'ClientCreationSkipped' && reason === 'sgp-field-invalid'))
      sgp.add(codeOf(e));
  }
  return { ozmap, sgp };
}

/** The contract codes in a log. */
export const contractCodes = (events: readonly ContractEvent[]): Set<string> =>
  new Set(events.filter((e) => e.stream.startsWith('contract-')).map(codeOf));

/** Contracts tied to no bad record whose end state differs from the clean world's, described. */
export function divergedFromClean(args: {
  readonly codes: Iterable<string>;
  readonly tiedToBadData: (code: string) => boolean;
  readonly messy: OzmapState;
  readonly clean: OzmapState;
}): { readonly untouched: number; readonly differ: string[] } {
  const untouched = [...args.codes].filter((code) => !args.tiedToBadData(code));
  const differ = untouched
    .filter((code) => placeOf(args.messy, code) !== placeOf(args.clean, code))
    .map((code) => `${code}: ${placeOf(args.messy, code)} vs ${placeOf(args.clean, code)}`);
  return { untouched: untouched.length, differ };
}

/**
 * Contracts whose own OZmap records were hand edited (the client, or the property of its client),
 * read from the fixture before the edits (the clean world's: the same seed). Such a contract is
 * tied to a bad record even when the edit blanked the very code that names it: it is then held
 * by whatever the planner meets first (an ambiguous box, the port its old property holds), not
 * always with `ozmap-record-unreadable` (docs/decisions/0004, "client | code").
 */
export function contractsOfEditedRecords(
  clean: {
    readonly ftthClients?: readonly { readonly id: string; readonly code?: unknown }[] | undefined;
    readonly properties?: readonly { readonly id: string; readonly client?: unknown }[] | undefined;
  },
  handEdits: readonly { readonly collection: string; readonly id: string }[],
): Set<string> {
  const codeOfClient = new Map((clean.ftthClients ?? []).map((c) => [c.id, String(c.code)]));
  const codes = new Set<string>();
  for (const edit of handEdits) {
    if (edit.collection === 'ftthClients') codes.add(codeOfClient.get(edit.id) ?? '');
    if (edit.collection === 'properties')
      codes.add(codeOfClient.get(String((clean.properties ?? []).find((p) => p.id === edit.id)?.client)) ?? '');
  }
  codes.delete('');
  return codes;
}
