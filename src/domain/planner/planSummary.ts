import type { GuardVerdict } from './cancelGuard.ts';
import { isWrite, type PlannedCommand } from './commands.ts';

/** One line of a plan: how many contracts get this kind of command for this reason. */
interface PlanGroup {
  readonly kind: PlannedCommand['kind'];
  /**
   * create: `connected` or why not connected; update: the field written (an update of two
   * fields counts in both groups); cancel: its mode; skip: the skip reason; note: its kind.
   */
  readonly reason: string;
  readonly rule: string;
  readonly count: number;
  /** The first codes, in plan order. */
  readonly codes: readonly string[];
}

/** What a cycle planned, small enough to keep for every cycle and to show on a page. */
export interface PlanSummary {
  readonly writes: number;
  readonly groups: readonly PlanGroup[];
  /** The mass-deletion guard's verdict (R5.6), for a cancel plan or a mass vanishing. */
  readonly guard: Pick<GuardVerdict, 'tripped' | 'removals' | 'totalClients' | 'hash'> | null;
  /** Why a cancel plan planned nothing, when it could not plan. */
  readonly blocked: string | null;
}

export const PLAN_GROUP_CODES = 10;

const KIND_ORDER: readonly PlannedCommand['kind'][] = ['create', 'update', 'cancel', 'skip', 'note'];

function groupKeys(command: PlannedCommand): { reason: string; rule: string }[] {
  switch (command.kind) {
    case 'create':
      return [{ reason: command.unconnectedReason ?? 'connected', rule: command.rule }];
    case 'update':
      return command.changes.map((c) => ({ reason: c.field, rule: c.rule }));
    case 'cancel':
      return [{ reason: command.mode, rule: command.rule }];
    case 'skip':
      return [{ reason: command.reason, rule: command.rule }];
    case 'note':
      return [{ reason: command.note, rule: command.rule }];
  }
}

/** The plan grouped by kind and reason, largest groups first within a kind. */
export function summarisePlan(
  commands: readonly PlannedCommand[],
  guard: GuardVerdict | null,
  blocked: string | null,
): PlanSummary {
  const groups = new Map<
    string,
    { kind: PlannedCommand['kind']; reason: string; rule: string; count: number; codes: string[] }
  >();
  for (const command of commands) {
    for (const { reason, rule } of groupKeys(command)) {
      const key = `${command.kind}\u0000${reason}`;
      const group = groups.get(key) ?? { kind: command.kind, reason, rule, count: 0, codes: [] };
      group.count += 1;
      if (group.codes.length < PLAN_GROUP_CODES && !group.codes.includes(command.code)) group.codes.push(command.code);
      groups.set(key, group);
    }
  }
  const sorted = [...groups.values()].sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      b.count - a.count ||
      (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0),
  );
  return {
    writes: commands.filter(isWrite).length,
    groups: sorted,
    guard:
      guard === null
        ? null
        : { tripped: guard.tripped, removals: guard.removals, totalClients: guard.totalClients, hash: guard.hash },
    blocked,
  };
}
