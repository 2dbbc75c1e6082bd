/** R5.2: the prefix of the line written on a property when its client is cancelled. */
export const OBSERVATION_PREFIX = 'Cliente removido pela integração SGP:';

/** `dd/mm/yyyy HH:MM` in `timeZone`, 24-hour clock. */
export function formatBrazilianDateTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('pt-BR', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}/${part('month')}/${part('year')} ${part('hour')}:${part('minute')}`;
}

/**
 * `Cliente removido pela integração SGP: Maria da Silva (código 1234) em 29/11/2026 14:05`,
 * exactly as R5.2 writes it.
 */
export function observationLine(clientName: string, code: string, at: Date, timeZone: string): string {
  return `${OBSERVATION_PREFIX} ${clientName} (código ${code}) em ${formatBrazilianDateTime(at, timeZone)}`;
}

/** R5.5: a retry recognises a line already written by `(código N)` on one of our lines. */
export function hasObservationLine(observation: string, code: string): boolean {
  return observation
    .split('\n')
    .some((line) => line.startsWith(OBSERVATION_PREFIX) && line.includes(`(código ${code})`));
}

/** The property's observations with `line` on a line of its own after any existing text. */
export function appendObservationLine(observation: string, line: string): string {
  const existing = observation.replace(/\s+$/, '');
  return existing.length === 0 ? line : `${existing}\n${line}`;
}
