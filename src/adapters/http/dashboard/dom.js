// DOM building and formatting. Everything the API sends reaches the page through text nodes
// (`h` never sets innerHTML), so a contract name like `<img onerror=…>` shows as text.
import { lang, locale, t } from './i18n.js';

/**
 * `h('a', { href, class, onclick }, ...children)`: attributes are set with setAttribute,
 * `on…` functions become listeners, children are nodes or text (null/false are skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces the children of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

// --- announcements --------------------------------------------------------------------

let toastTimer = 0;

/** Shows a message in the live region (errors as alerts). */
export function notify(message, kind = 'info') {
  const region = document.getElementById(kind === 'error' ? 'alert-region' : 'status-region');
  const other = document.getElementById(kind === 'error' ? 'status-region' : 'alert-region');
  other.replaceChildren();
  fill(region, h('p', { class: `toast toast-${kind}` }, message));
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => region.replaceChildren(), kind === 'error' ? 15000 : 8000);
}

export const errorText = (error) =>
  t('error.generic', { message: error instanceof Error ? error.message : String(error) });

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    notify(t('common.copied'));
  } catch {
    notify(t('common.copyFailed'), 'error');
  }
}

// --- formatting -----------------------------------------------------------------------

let zone = 'UTC';

/** The IANA zone from `/api/meta`: every time is shown in it. */
export function setTimeZone(timeZone) {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    zone = timeZone;
  } catch {
    zone = 'UTC';
  }
}

export const timeZone = () => zone;

/** The fields of `date` as the clock reads in `zone`, 24-hour, two digits each (four for the year). */
function clock(date) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(date);
  return Object.fromEntries(parts.map((part) => [part.type, part.value]));
}

/**
 * One format per language, whatever the browser's locale: `dd/mm/aaaa HH:mm` in Portuguese,
 * `yyyy-mm-dd HH:mm` in English; without the year, `dd/mm HH:mm` and `mm-dd HH:mm`.
 */
function dateTime(date, withYear) {
  const c = clock(date);
  const time = `${c.hour}:${c.minute}`;
  if (lang() === 'en') return `${withYear ? `${c.year}-` : ''}${c.month}-${c.day} ${time}`;
  return `${c.day}/${c.month}${withYear ? `/${c.year}` : ''} ${time}`;
}

/** 12/11/2026 14:03 (pt), 2026-11-12 14:03 (en) */
export function formatDateTime(iso) {
  if (!iso) return t('common.dash');
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : dateTime(date, true);
}

/** 12/11 14:03 (pt), 11-12 14:03 (en) in the current year, else with the year. */
export function formatShortDateTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return dateTime(date, clock(date).year !== clock(new Date()).year);
}

/** 14:10 today (in the zone), else as `formatShortDateTime`. */
export function formatWhen(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  const c = clock(date);
  const today = clock(new Date());
  return c.year === today.year && c.month === today.month && c.day === today.day
    ? `${c.hour}:${c.minute}`
    : formatShortDateTime(iso);
}

/** "em 4 minutos", "há 2 horas". */
export function formatRelative(iso) {
  const seconds = (Date.parse(iso) - Date.now()) / 1000;
  const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(Math.round(seconds), 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86400), 'day');
}

export function formatNumber(value, maxDigits = 2) {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: maxDigits }).format(value);
}

/** 850 ms, 12,4 s, 3 min 05 s */
export function formatDuration(ms) {
  if (ms === null || ms === undefined) return t('common.dash');
  if (ms < 1000) return `${formatNumber(ms, 0)} ms`;
  if (ms < 60000) return `${formatNumber(ms / 1000, 1)} s`;
  const minutes = Math.floor(ms / 60000);
  const seconds = Math.round((ms % 60000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/** -21,3 dBm; null is "sem leitura". */
export function formatRx(dbm, unit = true) {
  if (typeof dbm !== 'number') return t('rx.none');
  const value = formatNumber(dbm, 2);
  return unit ? t('rx.value', { value }) : value;
}

/** Coordinates keep the dot: a comma would run into the separator. */
export function formatCoords(coords) {
  if (!coords || typeof coords.lat !== 'number' || typeof coords.lng !== 'number') return t('common.none');
  return `${coords.lat.toFixed(6)}, ${coords.lng.toFixed(6)}`;
}

export const quoted = (text) => (text === null || text === undefined ? t('common.none') : t('common.quoted', { text }));

/** SGP status code 1-7 or `unknown`, with SGP's own wording when unknown. */
export function formatStatus(status, text = null) {
  if (status === 'unknown') return text ? t('status.unknownText', { text }) : t('status.unknown');
  if (status === null || status === undefined) return t('common.dash');
  const key = `status.${status}`;
  const label = t(key);
  return label === key ? String(status) : label;
}

/** A label for a stable code (`outcome.failed`), or the code itself when it is not known. */
export function labelOf(prefix, code) {
  const key = `${prefix}.${code}`;
  const label = t(key);
  return label === key ? String(code) : label;
}

// --- the time-travel input: wall-clock time in `zone` <-> ISO instant -----------------

function zoneOffsetMs(utcMs) {
  const fields = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const p = Object.fromEntries(fields.map((f) => [f.type, Number(f.value)]));
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/** The time-travel field's text for `iso`: the page's own date format, in `zone`. */
export const toZonedInput = (iso) => (Number.isNaN(Date.parse(iso)) ? '' : formatDateTime(iso));

const PT_INPUT = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T]+(\d{1,2}):(\d{2})$/;
const ISO_INPUT = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T]+(\d{1,2}):(\d{2})$/;

/** `[year, month, day, hour, minute]` of `dd/mm/aaaa HH:mm` or `yyyy-mm-dd HH:mm` (both are unambiguous); null otherwise. */
function wallClock(value) {
  const text = value.trim();
  const pt = PT_INPUT.exec(text);
  const iso = ISO_INPUT.exec(text);
  const fields = pt ? [pt[3], pt[2], pt[1], pt[4], pt[5]] : iso ? iso.slice(1, 6) : null;
  if (!fields) return null;
  const [year, month, day, hour, minute] = fields.map(Number);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day || hour > 23 || minute > 59) return null;
  return [year, month, day, hour, minute];
}

/**
 * The instant the time-travel field names in `zone`, at the end of that minute (the state
 * "at 14:03" includes what happened during 14:03); null when it is not a date.
 */
export function fromZonedInput(value) {
  const fields = wallClock(value);
  if (!fields) return null;
  const [year, month, day, hour, minute] = fields;
  const wall = Date.UTC(year, month - 1, day, hour, minute, 59, 999);
  const guess = wall - zoneOffsetMs(wall);
  return new Date(wall - zoneOffsetMs(guess)).toISOString();
}
