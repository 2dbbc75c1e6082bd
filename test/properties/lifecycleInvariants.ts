import type { OzmapState } from '../../sim/ozmap/ozmapFixture.ts';
import { observationLines } from './desiredState.ts';
import { CTO_TEXTS, STATUS_TEXTS, type SgpContract } from './world.ts';

/**
 * The invariants of a contract's whole life (issue 14), checked after every step of the
 * life-cycle runs, beside `stepInvariants`:
 * - no splitter port held by two properties;
 * - every detachment has its own line: a property seen hosting code N and later seen without a
 *   client holds at least as many lines of N as it has had such detachments (a cancellation after
 *   a reactivation writes a new line; the old one does not count). "Not twice" is
 *   `stepInvariants`'s same-text check: no two cancellations write the same text (R5.5 holds one
 *   whose line would read as an earlier one's until the minute changes).
 */
export function createLifecycleWatch(): { observe(state: OzmapState): string[] } {
  /** Property id -> the code of the live client it was last seen hosting. */
  const lastCode = new Map<string, string>();
  /** `property|code` -> detachments seen. */
  const detachments = new Map<string, number>();
  return {
    observe(state) {
      const problems: string[] = [];
      const holders = new Map<string, string[]>();
      for (const property of state.properties) {
        for (const c of property.connections)
          holders.set(`${c.id}:${c.port}`, [...(holders.get(`${c.id}:${c.port}`) ?? []), property.id]);
      }
      for (const [port, ids] of holders)
        if (ids.length > 1) problems.push(`port ${port} held by ${ids.length} properties: ${ids.join(', ')}`);

      const codeOf = new Map(state.ftthClients.map((c) => [c.id, c.code]));
      for (const property of state.properties) {
        const before = lastCode.get(property.id);
        // A client deleted by hand leaves the property pointing at it: not a detachment (yet).
        const now = property.client === null ? null : codeOf.get(property.client);
        if (now === undefined) continue;
        if (before !== undefined && before !== now) {
          const key = `${property.id}|${before}`;
          detachments.set(key, (detachments.get(key) ?? 0) + 1);
        }
        if (now === null) lastCode.delete(property.id);
        else lastCode.set(property.id, now);
      }
      for (const property of state.properties) {
        const tokens = observationLines(property.observation);
        for (const [key, n] of detachments) {
          const [id, code] = key.split('|') as [string, string];
          if (id !== property.id) continue;
          const lines = tokens.filter((t) => t === `«removed ${code}»`).length;
          if (lines < n)
            problems.push(`property ${id} was detached from code ${code} ${n} times and holds ${lines} of its lines`);
        }
      }
      return problems;
    },
  };
}

const CANCELLED = [3, 5];

/**
 * With moves on, after the final rounds: no property left on a port its contract has left while
 * the port SGP now gives is there for it. For each live client of an active contract that gives a
 * CTO and port: the target is that box's drop splitter with the port (the first by name, R2.5);
 * when it exists, is not blocked and no property holds it, the client's property must be on it
 * (moved, or connected later) and on no other port. A taken or missing target holds the move
 * (R4.8), which is allowed. `moves` false checks only connect later, on the box SGP gives.
 */
export function portsFollowContracts(state: OzmapState, sgp: readonly SgpContract[], moves: boolean): string[] {
  const problems: string[] = [];
  const held = new Set(state.properties.flatMap((p) => p.connections.map((c) => `${c.id}:${c.port}`)));
  for (const contract of sgp) {
    const status = STATUS_TEXTS[contract.status];
    if (
      status === 'unknown' ||
      CANCELLED.includes(status) ||
      contract.splitter === null ||
      contract.splitter.porta === null
    )
      continue;
    const port = contract.splitter.porta;
    const box = state.boxes.find((b) => b.name === CTO_TEXTS[contract.splitter!.nome]);
    if (!box) continue;
    const splitter = state.splitters
      .filter((s) => s.parent === box.id && s.isDrop)
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .find((s) => (s.connectables?.output ?? []).length >= port);
    if (!splitter) continue;
    const target = `${splitter.id}:${port}`;
    const blocked = splitter.ports?.[port - 1]?.blocked === true;
    const clients = state.ftthClients.filter((c) => c.code === contract.code);
    for (const client of clients) {
      const property = state.properties.find((p) => p.client === client.id);
      if (!property) continue;
      const at = property.connections.map((c) => `${c.id}:${c.port}`);
      if (at.includes(target)) {
        if (at.length > 1)
          problems.push(
            `code ${contract.code}: property ${property.id} holds ${at.join(', ')} besides its port ${target}`,
          );
        continue;
      }
      if (blocked || held.has(target)) continue;
      const onBox = property.box === box.id;
      if (at.length === 0 && onBox)
        problems.push(
          `code ${contract.code}: property ${property.id} left unconnected on ${box.name} though ${target} is free`,
        );
      if (at.length > 0 && moves)
        problems.push(
          `code ${contract.code}: property ${property.id} still holds ${at.join(', ')} though SGP gives ${target}, which is free`,
        );
    }
  }
  return problems;
}
