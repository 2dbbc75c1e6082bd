import type { OzmapIndex } from './ozmapIndex.ts';

/** The OZmap ids a contract is linked to. */
interface LinkedIds {
  readonly clientId: string | null;
  readonly propertyId: string | null;
}

/** What the link check needs of a contract (a `ContractRow` has it). */
export interface LinkCandidate {
  readonly code: string;
  readonly vanished: boolean;
  readonly ozmap: LinkedIds | null;
  /** A creation whose outcome is unknown: its resolution (R6) records the client, not a link. */
  readonly pendingWrite?: { readonly kind: 'create' | 'update' } | null;
}

/** A link to record: the client (and its property) OZmap holds for the contract's code. */
export interface OzmapLink {
  readonly code: string;
  readonly clientId: string;
  readonly propertyId: string | null;
  readonly previous: LinkedIds | null;
  readonly detail: string;
}

/**
 * The contracts whose client a cycle found in OZmap and that are not linked to it yet, or are
 * linked to another client or property. With several clients of one code the one already linked
 * is kept, else the first by id (the planner's order). A read that was cut short only adds
 * first links: a client or a property not read is not a link gone.
 */
export function planLinks(candidates: readonly LinkCandidate[], index: OzmapIndex): OzmapLink[] {
  const complete = index.actual.complete;
  const links: OzmapLink[] = [];
  for (const row of candidates) {
    if (row.vanished || row.pendingWrite?.kind === 'create') continue;
    const clients = index.clientsByCode.get(row.code) ?? [];
    if (clients.length === 0) continue;
    const known = row.ozmap;
    if (known !== null && !complete) continue;
    const client = clients.find((c) => c.id === known?.clientId) ?? clients[0]!;
    const propertyId = index.propertyByClientId.get(client.id)?.id ?? null;
    if (known?.clientId === client.id && known.propertyId === propertyId) continue;
    const where = propertyId === null ? 'without a property' : `on property ${propertyId}`;
    const others =
      clients.length > 1
        ? `; OZmap has ${clients.length} clients with this code (${clients.map((c) => c.id).join(', ')})`
        : '';
    const was =
      known === null ? '' : `; was client ${known.clientId ?? 'none'}, property ${known.propertyId ?? 'none'}`;
    links.push({
      code: row.code,
      clientId: client.id,
      propertyId,
      previous: known === null ? null : { clientId: known.clientId, propertyId: known.propertyId },
      detail: `OZmap has client ${client.id} with code ${row.code} ${where}${was}${others}`,
    });
  }
  return links;
}
