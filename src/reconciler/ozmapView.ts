import { buildOzmapIndex, type OzmapIndex } from '../domain/planner/ozmapIndex.ts';
import { planUpdate } from '../domain/planner/planUpdate.ts';
import { applyFieldOverrides, type FieldWithheld } from '../domain/planner/applyFieldOverrides.ts';
import type { UpdateClientCommand } from '../domain/planner/commands.ts';
import type { RuleOptions } from '../domain/ruleOptions.ts';
import type { ReadModels } from '../projections/readModels.ts';
import type { OzmapReadResult } from './ports.ts';
import type { SeenInOzmap } from './serviceApi.ts';

export interface OzmapView {
  /** Told of every OZmap read a cycle makes; keeps the last one (one index). */
  onRead(result: OzmapReadResult): void;
  /** What OZmap looked like for a client at the last read, and what the next sync would write. */
  seenInOzmap(code: string): SeenInOzmap | null;
  /** OZmap box names at the last read; one list per read (the API caches on its identity). */
  boxNames(): readonly string[];
  /** The last read itself (its time and index), for what is derived from it (the drift list). */
  lastRead(): { readonly at: string; readonly index: OzmapIndex } | null;
  /** R9.2: the fields contests hold and overrides give to OZmap at the last read, for the drift list. */
  contestWithheld(): readonly FieldWithheld[];
}

/** The last OZmap read, as the API shows it: the actual state of a client and its pending differences. */
export function createOzmapView(args: {
  readonly clock: () => Date;
  readonly rules: RuleOptions;
  readonly readModels: () => ReadModels;
}): OzmapView {
  let lastRead: { readonly at: string; readonly index: OzmapIndex } | null = null;
  let boxNames: readonly string[] = [];
  /** The client's updates the next sync would plan, and what contests and overrides keep from them. */
  function pendingFor(code: string) {
    if (!lastRead) return null;
    const { index, at } = lastRead;
    const clients = index.clientsByCode.get(code) ?? [];
    const properties = clients.flatMap((c) => index.propertyByClientId.get(c.id) ?? []);
    const row = args.readModels().getContract(code);
    const snapshot = row?.snapshot;
    const pendingUpdates =
      row && snapshot
        ? clients.flatMap(
            (client) =>
              planUpdate({
                snapshot,
                previous: row.previousSnapshot,
                client,
                property: index.propertyByClientId.get(client.id) ?? null,
                options: args.rules,
              }) ?? [],
          )
        : [];
    // Without the fields a contest holds or an override gives to OZmap (R9.4, R9.5).
    const writable = applyFieldOverrides(pendingUpdates, [], () => row?.contest, args.rules.contest, args.clock());
    return { at, clients, properties, writable };
  }

  return {
    onRead(result) {
      lastRead = { at: args.clock().toISOString(), index: buildOzmapIndex(result.actual) };
      boxNames = lastRead.index.actual.boxes.map((b) => b.name);
    },
    seenInOzmap(code) {
      const pending = pendingFor(code);
      if (!pending) return null;
      const { at, clients, properties, writable } = pending;
      return {
        at,
        clients,
        properties,
        pendingUpdates: writable.commands.filter((c): c is UpdateClientCommand => c.kind === 'update'),
      };
    },
    contestWithheld() {
      if (!lastRead) return [];
      return [...args.readModels().contracts()]
        .filter((row) => row.contest !== undefined)
        .flatMap((row) => pendingFor(row.code)?.writable.withheld ?? []);
    },
    boxNames: () => boxNames,
    lastRead: () => lastRead,
  };
}
