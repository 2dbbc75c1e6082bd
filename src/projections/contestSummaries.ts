import type { DomainEvent } from '../domain/events/catalogue.ts';

type ContestEvent = Extract<DomainEvent, { type: 'FieldContested' | 'FieldContestResolved' | 'FieldOverrideSet' }>;

const shown = (value: unknown): string => JSON.stringify(value ?? null);

/** R9.4 for a contest and its quiet end, R9.5 for what an operator decided. */
export const contestRule = (event: ContestEvent): string =>
  event.type === 'FieldContested' || (event.type === 'FieldContestResolved' && event.data.resolution === 'quiet')
    ? 'R9.4'
    : 'R9.5';

/** One sentence for the audit trail and the history page. */
export function contestSummary(event: ContestEvent): string {
  switch (event.type) {
    case 'FieldContested': {
      const d = event.data;
      const who = d.changedBy === null ? 'by a writer OZmap does not name' : `by ${d.changedBy}`;
      const then = d.mode === 'hold' ? 'held (not written) until resolved' : 'still written (SGP wins)';
      return `${d.field} contested: changed back in OZmap ${d.changesBack.length} times ${who} (SGP ${shown(d.sgpValue)}, OZmap ${shown(d.ozmapValue)}); ${then}`;
    }
    case 'FieldContestResolved': {
      const d = event.data;
      const how = {
        sgp: 'SGP wins from now on',
        ozmap: 'OZmap wins for this client',
        watch: 'watching it again',
        quiet: `no change back for a whole window`,
      }[d.resolution];
      return `${d.field} contest ended (${how}) by ${d.by}`;
    }
    case 'FieldOverrideSet': {
      const d = event.data;
      return d.owner === null
        ? `${d.field}: override cleared by ${d.by}, the field's policy applies again`
        : `${d.field}: ${d.owner === 'sgp' ? 'SGP' : 'OZmap'} owns it for this client (override by ${d.by})`;
    }
  }
}
