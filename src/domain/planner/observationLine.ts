/** R5.2: the prefix of the line written on a property when its client is cancelled. */
const OBSERVATION_PREFIX = 'Cliente removido pela integração SGP:';

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
  return `${OBSERVATION_PREFIX} ${singleLineName(clientName)} (código ${code}) em ${formatBrazilianDateTime(at, timeZone)}`;
}

/**
 * R5.5: a name edited in OZmap may hold a line break or a tab; on the property it would split
 * the line in two, which no retry could then recognise, so it was written again. Control
 * characters and line/paragraph separators become spaces, runs of spaces one.
 */
export function singleLineName(name: string): string {
  return name
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `yyyymmddHHMM` of `at` in `timeZone`: sorts like the time, and like a line's date. */
export function minuteKey(at: Date, timeZone: string): string {
  const [day, month, rest] = formatBrazilianDateTime(at, timeZone).split('/');
  const [year, time] = (rest ?? '').split(' ');
  return `${year}${month}${day}${(time ?? '').replace(':', '')}`;
}

const LINE_DATE = / em (\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})$/;

/**
 * R5.5: the line of the service for `code` that belongs to the cancellation under way, or null.
 * `since` is the minute (`minuteKey`) the contract was last seen not cancelled: a line dated
 * before it was written for an earlier cancellation, before the last reactivation, and does not
 * count. Recognised from the line's own content, so a restart or a restore from a backup still
 * finds it. With `since` null (never seen active) any line of the code counts: writing twice is
 * the worse mistake. A line the log records for a finished cancellation (`ended`) never counts.
 * The latest such line, as it stands on the property.
 */
export function findObservationLine(
  observation: string,
  code: string,
  since: string | null,
  ended: readonly string[] = [],
): string | null {
  const lines = observation
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim())
    .filter(
      (line) => line.startsWith(OBSERVATION_PREFIX) && line.includes(`(código ${code}) em `) && !ended.includes(line),
    );
  const counted = lines.filter((line) => {
    if (since === null) return true;
    const date = LINE_DATE.exec(line);
    // A line of ours without a readable date cannot be dated: it counts, rather than be doubled.
    return date === null || `${date[3]}${date[2]}${date[1]}${date[4]}${date[5]}` >= since;
  });
  return counted.at(-1) ?? null;
}

/** R5.5: a line already written by `(código N)` on one of our lines (any date). */
export function hasObservationLine(observation: string, code: string, since: string | null = null): boolean {
  return findObservationLine(observation, code, since) !== null;
}

/**
 * R5.5: the exact line of a cancellation is on the property (on lines of its own). A line
 * decided by an older version may span lines (a name with a line break): matched whole too.
 */
export function containsObservationLine(observation: string, line: string): boolean {
  return (
    `\n${observation.replace(/\r\n?/g, '\n')}\n`.includes(`\n${line}\n`) ||
    observation.split('\n').some((l) => l.trim() === line.trim())
  );
}

/** The property's observations with `line` on a line of its own after any existing text. */
export function appendObservationLine(observation: string, line: string): string {
  const existing = observation.replace(/\s+$/, '');
  return existing.length === 0 ? line : `${existing}\n${line}`;
}
