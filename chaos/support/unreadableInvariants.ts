import type { OzmapFixture, OzmapState } from '../../sim/ozmap/ozmapFixture.ts';
import type { Tally } from '../campaign.ts';
import type { LogEvent } from './eventLog.ts';

/**
 * The promise on a messy OZmap (issue 11, docs/decisions/0004), checked on the simulator's state
 * before and after cycles: no two clients with one code, no cancellation without its line, no
 * write to a record edited out of the documented forms, and every contract blocked is tied to
 * one of those records. Each check returns its violations, empty when it holds.
 */
export interface UnreadableCheck {
  readonly name: string;
  readonly violations: readonly string[];
}

type HandEdit = NonNullable<OzmapFixture['handEdits']>[number];
type Rec = { readonly id: string; readonly updatedAt?: string | undefined; readonly [key: string]: unknown };

const codeCounts = (state: OzmapState): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const c of state.ftthClients)
    if (typeof c.code === 'string' && c.code !== '') counts.set(c.code, (counts.get(c.code) ?? 0) + 1);
  return counts;
};

export function checkUnreadableInvariants(args: {
  readonly handEdits: readonly HandEdit[];
  readonly before: OzmapState;
  readonly after: OzmapState;
  /** Contract code -> the details of its `ozmap-record-unreadable` skips. */
  readonly blocked: ReadonlyMap<string, readonly string[]>;
}): UnreadableCheck[] {
  const { handEdits, before, after, blocked } = args;
  const beforeCounts = codeCounts(before);
  const duplicates = [...codeCounts(after)]
    .filter(([code, n]) => n > 1 && n > (beforeCounts.get(code) ?? 0))
    .map(([code, n]) => `code ${code}: ${n} clients`);

  const byId = (state: OzmapState, collection: HandEdit['collection']): Map<string, Rec> =>
    new Map((state[collection] as readonly Rec[]).map((r) => [r.id, r]));
  const touched: string[] = [];
  for (const edit of handEdits) {
    const was = byId(before, edit.collection).get(edit.id);
    const now = byId(after, edit.collection).get(edit.id);
    if (!now) touched.push(`${edit.collection} ${edit.id} was deleted`);
    else if (edit.collection === 'splitters') {
      // A splitter changes when a property on it is removed (R5.3 frees its port): not a write
      // to it. Connecting a new client to one of its ports is.
      const fibers = (r: Rec | undefined): readonly unknown[] =>
        (r?.['connectables'] as { output?: unknown[] } | undefined)?.output ?? [];
      const before = fibers(was);
      const added = fibers(now).filter((fiber, port) => fiber !== null && fiber !== before[port]);
      if (added.length > 0) touched.push(`splitters ${edit.id}: a new connection on it (${added.join(', ')})`);
    } else if (was?.updatedAt !== now.updatedAt)
      touched.push(
        `${edit.collection} ${edit.id} was written (updatedAt ${String(was?.updatedAt)} -> ${String(now.updatedAt)})`,
      );
  }

  const remaining = new Set(after.ftthClients.map((c) => c.id));
  const afterProperties = byId(after, 'properties');
  const lineless: string[] = [];
  for (const client of before.ftthClients) {
    if (remaining.has(client.id)) continue;
    const property = before.properties.find((p) => p.client === client.id);
    const left = property ? afterProperties.get(property.id) : undefined;
    // R5.3 removes the property with its client; R5.2 leaves it, with the line.
    if (left && !String(left['observation'] ?? '').includes(`(código ${client.code})`))
      lineless.push(`client ${client.id} (code ${client.code}) removed, property ${left.id} has no line`);
  }

  const editedIds = new Set(handEdits.map((e) => e.id));
  const untied = [...blocked]
    .filter(([, details]) => !details.some((d) => [...editedIds].some((id) => d.includes(id))))
    .map(([code, details]) => `contract ${code} blocked by ${details.join('; ')}`);

  return [
    { name: 'no two OZmap clients with one code', violations: duplicates },
    {
      name: 'no write to a record edited out of the documented forms (no new connection on such a splitter)',
      violations: touched,
    },
    { name: 'no cancellation without its observation line', violations: lineless },
    { name: 'every blocked contract names a record edited out of the documented forms', violations: untied },
  ];
}

/** Contract code -> the details of its `ozmap-record-unreadable` skips, from the event log. */
export function blockedInLog(events: readonly LogEvent[]): Map<string, string[]> {
  const blocked = new Map<string, string[]>();
  for (const e of events) {
    if (e.type !== 'ClientCreationSkipped' || e.data['reason'] !== 'ozmap-record-unreadable') continue;
    const code = e.stream.replace(/^contract-/, '');
    blocked.set(code, [...(blocked.get(code) ?? []), String(e.data['detail'])]);
  }
  return blocked;
}

/**
 * The OZmap half of the bad-input campaign: the invariants above, plus every unreadable record
 * counted in each cycle's history and logged with its id and field by each cycle.
 */
export function tallyUnreadable(
  tally: Tally,
  args: {
    readonly handEdits: readonly HandEdit[];
    readonly before: OzmapState;
    readonly after: OzmapState;
    readonly events: readonly LogEvent[];
    readonly logs: readonly (readonly Record<string, unknown>[])[];
  },
): void {
  const { handEdits, events } = args;
  tally.fault(handEdits.length);
  for (const check of checkUnreadableInvariants({ ...args, blocked: blockedInLog(events) })) {
    tally.check(`OZmap: ${check.name}`, check.violations.length === 0, () => check.violations.slice(0, 10).join('; '));
  }
  const finished = events.filter((e) => e.type === 'CycleFinished');
  const miscounted = finished.filter(
    (e) => (e.data['counts'] as Record<string, number>)['ozmapUnreadable'] !== handEdits.length,
  );
  tally.check(
    'OZmap: each cycle counts every unreadable record, and completes',
    miscounted.length === 0 && finished.every((e) => e.data['outcome'] === 'completed'),
    () =>
      miscounted
        .map((e) => JSON.stringify(e.data['counts']))
        .slice(0, 3)
        .join('; '),
  );
  const unlogged = args.logs.flatMap((lines, cycle) =>
    handEdits
      .filter(
        (h) =>
          !lines.some((l) => l['id'] === h.id && typeof l['field'] === 'string' && l['collection'] === h.collection),
      )
      .map((h) => `cycle ${cycle + 1}: ${h.collection} ${h.id}`),
  );
  tally.check('OZmap: every unreadable record logged with its id and field, every cycle', unlogged.length === 0, () =>
    unlogged.slice(0, 10).join('; '),
  );
  tally.note(
    `${handEdits.length} OZmap records out of the documented forms; ${blockedInLog(events).size} contracts blocked by them`,
  );
}
