import type { ContestOutcome } from '../domain/planner/applyFieldOverrides.ts';
import { contractStream } from '../domain/events/streams.ts';
import type { EngineDeps, Alert } from './engine.ts';
import type { EventWriter } from './eventWriter.ts';

const shown = (value: unknown): string => JSON.stringify(value ?? null);

/** The alert for a contest's start (R9.4): one per incident, as the event is one per incident. */
export function contestedAlert(
  code: string,
  d: { field: string; sgpValue: unknown; ozmapValue: unknown; changesBack: readonly string[]; mode: string },
  cycleId: string,
): Alert {
  return {
    kind: 'field-contested',
    cycleId,
    message: `contract ${code}: ${d.field} was changed back in OZmap ${d.changesBack.length} times (SGP ${shown(d.sgpValue)}, OZmap ${shown(d.ozmapValue)}); ${d.mode === 'hold' ? 'held until resolved' : 'SGP still wins'}: see /api/contested`,
    details: { code, ...d },
  };
}

/** The alert for a contest's end (R9.4/R9.5): one when it ends, whoever ended it. */
export function contestEndedAlert(
  code: string,
  d: { field: string; resolution: string; by: string; since: string },
  cycleId: string,
): Alert {
  return {
    kind: 'field-contest-ended',
    cycleId,
    message: `contract ${code}: the contest over ${d.field} ended (${d.resolution}, by ${d.by})`,
    details: { code, ...d },
  };
}

/**
 * R9.4: records the contests a sync found and the ones that went quiet, after its writes (so an
 * `apply`-mode write that changed the value back again is not counted twice), then alerts on
 * each. The event comes first: a restart never alerts twice for one incident.
 */
export async function recordContests(
  deps: Pick<EngineDeps, 'readModels' | 'projector' | 'alert' | 'logger' | 'clock'>,
  outcome: ContestOutcome,
  writer: EventWriter,
  cycleId: string,
): Promise<number> {
  if (outcome.found.length === 0 && outcome.quiet.length === 0) return 0;
  await deps.projector.catchUp();
  const alerts: Alert[] = [];
  const at = deps.clock().toISOString();
  for (const f of outcome.found) {
    const data = {
      v: 1 as const,
      cycleId,
      at,
      field: f.field,
      object: f.object,
      sgpValue: f.sgpValue,
      ozmapValue: f.ozmapValue,
      wroteAt: f.wroteAt,
      changesBack: [...f.changesBack],
      // docs/OZMAP-API.md: OZmap names a record's creator, never its last editor.
      changedBy: null,
      mode: f.mode,
    };
    await writer.append(contractStream(f.code), 'FieldContested', data);
    alerts.push(contestedAlert(f.code, data, cycleId));
  }
  for (const q of outcome.quiet) {
    const data = { v: 1 as const, at, field: q.field, resolution: 'quiet' as const, by: 'service', since: q.since };
    await writer.append(contractStream(q.code), 'FieldContestResolved', data);
    alerts.push(contestEndedAlert(q.code, data, cycleId));
  }
  await deps.projector.catchUp();
  for (const alert of alerts) {
    deps.logger.warn({ cycleId, ...alert.details }, alert.message);
    await deps.alert(alert).catch((e: unknown) => deps.logger.warn({ err: e }, 'alert not delivered'));
  }
  return outcome.found.length;
}
