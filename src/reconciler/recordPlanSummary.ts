import type { GuardVerdict } from '../domain/planner/cancelGuard.ts';
import type { PlannedCommand } from '../domain/planner/commands.ts';
import { summarisePlan } from '../domain/planner/planSummary.ts';
import { CYCLES_STREAM } from '../domain/events/streams.ts';
import type { EventWriter } from './eventWriter.ts';

/** Records what a cycle planned, grouped (`CyclePlanSummarised`), before any command runs. */
export async function recordPlanSummary(
  writer: EventWriter,
  cycle: { readonly cycleId: string; readonly kind: 'sync' | 'cancel'; readonly at: Date },
  commands: readonly PlannedCommand[],
  guard: GuardVerdict | null,
  blocked: string | null,
): Promise<void> {
  const summary = summarisePlan(commands, guard, blocked);
  await writer.append(CYCLES_STREAM, 'CyclePlanSummarised', {
    v: 1,
    cycleId: cycle.cycleId,
    at: cycle.at.toISOString(),
    kind: cycle.kind,
    writes: summary.writes,
    groups: summary.groups.map((g) => ({ ...g, codes: [...g.codes] })),
    guard: summary.guard,
    blocked: summary.blocked,
  });
}
