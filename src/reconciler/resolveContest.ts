import type { OperatorResolution } from '../domain/contest/contestState.ts';
import { planResolution } from '../domain/contest/planResolution.ts';
import { contractStream } from '../domain/events/streams.ts';
import type { EventStore } from '../domain/eventStore.ts';
import type { Projector } from '../projections/projector.ts';
import type { ReadModels } from '../projections/readModels.ts';
import type { Alert } from './engine.ts';
import type { ReconcilerLogger } from './reconcilerLogger.ts';
import { createEventWriter, revisionsFromReadModels } from './eventWriter.ts';
import { contestEndedAlert } from './recordContests.ts';

export type ResolveResult =
  | { readonly ok: true; readonly recorded: readonly string[] }
  | {
      readonly ok: false;
      readonly code: 'CONTRACT_NOT_FOUND' | 'UNKNOWN_FIELD' | 'NOTHING_TO_RESOLVE';
      readonly message: string;
    };

/**
 * R9.5: an operator's decision on one contested (or not yet contested) field of one client, from
 * the CLI, the API or the dashboard: appended to the contract's stream, so it survives replay
 * and shows in the trail; a contest it ends raises the "ended" alert.
 */
export async function resolveContest(
  deps: {
    readonly store: EventStore;
    readonly readModels: ReadModels;
    readonly projector: Projector;
    readonly clock: () => Date;
    readonly alert?: (alert: Alert) => Promise<void>;
    readonly logger?: Pick<ReconcilerLogger, 'warn'>;
  },
  request: {
    readonly code: string;
    readonly field: string;
    readonly resolution: OperatorResolution;
    readonly by: string;
  },
): Promise<ResolveResult> {
  await deps.projector.catchUp();
  const row = deps.readModels.getContract(request.code);
  if (!row) return { ok: false, code: 'CONTRACT_NOT_FOUND', message: `contract ${request.code} is not known` };
  const plan = planResolution(row.contest, request.field, request.resolution, request.by, deps.clock());
  if (!plan.ok) return plan;
  // The stream's revision comes from the read model (the contract was just caught up).
  const writer = createEventWriter(
    deps.store,
    revisionsFromReadModels(() => deps.readModels),
  );
  for (const event of plan.events) {
    if (event.type === 'FieldOverrideSet') await writer.append(contractStream(request.code), event.type, event.data);
    else await writer.append(contractStream(request.code), event.type, event.data);
  }
  await deps.projector.catchUp();
  for (const event of plan.events) {
    if (event.type === 'FieldContestResolved' && deps.alert) {
      // Best effort, like every alert: the decision is recorded whether or not the webhook answers.
      await deps
        .alert(contestEndedAlert(request.code, event.data, ''))
        .catch((e: unknown) => deps.logger?.warn({ err: e }, 'alert not delivered'));
    }
  }
  return { ok: true, recorded: plan.events.map((e) => e.type) };
}
