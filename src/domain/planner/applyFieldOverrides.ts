import {
  isChangeBack,
  recentChangesBack,
  type ContestMode,
  type ContestSettings,
  type FieldContestState,
} from '../contest/contestState.ts';
import type { FieldChange, PlannedCommand, UpdateClientCommand } from './commands.ts';

/** R9.4: a field of one client found changed back often enough to be a contest. */
export interface ContestFound {
  readonly code: string;
  readonly field: string;
  readonly object: FieldChange['object'];
  readonly sgpValue: unknown;
  readonly ozmapValue: unknown;
  /** When the service last wrote the value now changed back. */
  readonly wroteAt: string;
  /** The changes back inside the window, this one included (its time is `now`). */
  readonly changesBack: readonly string[];
  readonly mode: ContestMode;
}

/** R9.4: an open contest in `apply` mode with no change back for a whole window: it ended by itself. */
export interface ContestQuiet {
  readonly code: string;
  readonly field: string;
  readonly since: string;
  readonly lastRevertAt: string;
}

/** Why a change the policy wanted is not written (the drift list shows these). */
export interface FieldWithheld {
  readonly code: string;
  readonly field: string;
  readonly object: FieldChange['object'];
  readonly sgpValue: unknown;
  readonly ozmapValue: unknown;
  readonly cause: 'contested-held' | 'override-ozmap';
}

export interface ContestOutcome {
  readonly commands: PlannedCommand[];
  readonly found: ContestFound[];
  readonly quiet: ContestQuiet[];
  readonly withheld: FieldWithheld[];
}

/** The same update with only `changes`: one PATCH per object (R4.7), none when nothing is left. */
function withChanges(command: UpdateClientCommand, changes: readonly FieldChange[]): UpdateClientCommand | null {
  if (changes.length === command.changes.length) return command;
  if (changes.length === 0) return null;
  const patch = (object: FieldChange['object']): Record<string, unknown> =>
    Object.fromEntries(changes.filter((c) => c.object === object).map((c) => [c.field, c.to]));
  return {
    ...command,
    rule: [...new Set(changes.map((c) => c.rule))].join(','),
    reason: changes.map((c) => `${c.field} (${c.cause === 'sgp' ? 'changed in SGP' : 'differs in OZmap'})`).join(', '),
    clientPatch: patch('client'),
    propertyPatch: patch('property'),
    changes: [...changes],
  };
}

/**
 * R9.4/R9.5, after the planner: the planned updates as the contests and overrides of each client
 * allow them. A field an operator gave to OZmap for this client is never written; a field given
 * to SGP is written and never contested; a field whose written value was changed back
 * `threshold` times within the window opens a contest, and from then on is held (mode `hold`) or
 * still written (mode `apply`, the default: the ERP wins) until an operator resolves it. Pure:
 * the contests found are returned for the caller to record.
 */
export function applyFieldOverrides(
  commands: readonly PlannedCommand[],
  /** The contracts this plan covers: their quiet contests end. */
  codes: Iterable<string>,
  contestOf: (code: string) => FieldContestState | undefined,
  settings: ContestSettings,
  now: Date,
): ContestOutcome {
  const found: ContestFound[] = [];
  const withheld: FieldWithheld[] = [];
  const out: PlannedCommand[] = [];
  const changedBack = new Set<string>();
  for (const command of commands) {
    const state = command.kind === 'update' ? contestOf(command.code) : undefined;
    if (command.kind !== 'update' || state === undefined) {
      out.push(command);
      continue;
    }
    const kept: FieldChange[] = [];
    for (const change of command.changes) {
      const field = change.field;
      const withhold = (cause: FieldWithheld['cause']): void => {
        withheld.push({
          code: command.code,
          field,
          object: change.object,
          sgpValue: change.to,
          ozmapValue: change.from,
          cause,
        });
      };
      const owner = state.overrides?.[field];
      if (owner === 'ozmap') {
        withhold('override-ozmap');
        continue;
      }
      if (owner === 'sgp') {
        kept.push(change);
        continue;
      }
      const written = state.written?.[field];
      const back = isChangeBack(written, change);
      if (back) changedBack.add(`${command.code}\u0000${field}`);
      const open = state.open?.[field];
      if (open) {
        if (open.mode === 'hold') withhold('contested-held');
        else kept.push(change);
        continue;
      }
      const recent = back
        ? [...recentChangesBack(state.reverts?.[field], now, settings.windowMs), now.toISOString()]
        : [];
      if (back && written && recent.length >= settings.threshold) {
        found.push({
          code: command.code,
          field,
          object: change.object,
          sgpValue: change.to,
          ozmapValue: change.from,
          wroteAt: written.at,
          changesBack: recent,
          mode: settings.mode,
        });
        if (settings.mode === 'hold') {
          withhold('contested-held');
          continue;
        }
      }
      kept.push(change);
    }
    const update = withChanges(command, kept);
    if (update) out.push(update);
  }
  const quiet = quietContests(
    codes,
    contestOf,
    (code, field) => changedBack.has(`${code}\u0000${field}`),
    settings,
    now,
  );
  return { commands: out, found, quiet, withheld };
}

/**
 * R9.4: the open `apply`-mode contests of these contracts whose field was not changed back for a
 * whole window (and not in this plan): over by themselves. A held contest waits for a person.
 */
function quietContests(
  codes: Iterable<string>,
  contestOf: (code: string) => FieldContestState | undefined,
  plannedChangeBack: (code: string, field: string) => boolean,
  settings: ContestSettings,
  now: Date,
): ContestQuiet[] {
  const quiet: ContestQuiet[] = [];
  for (const code of codes) {
    for (const [field, open] of Object.entries(contestOf(code)?.open ?? {})) {
      if (open.mode !== 'apply' || plannedChangeBack(code, field)) continue;
      if (now.getTime() - Date.parse(open.lastRevertAt) >= settings.windowMs) {
        quiet.push({ code, field, since: open.since, lastRevertAt: open.lastRevertAt });
      }
    }
  }
  return quiet;
}
