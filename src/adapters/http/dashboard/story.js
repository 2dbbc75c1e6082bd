// The audit timeline (docs/RULES.md R6) told in the page's language, from each entry's `kind` and
// `details` (src/projections/timeline.ts), never from its English `summary`.
import { t } from './i18n.js';
import { formatCoords, formatRx, formatStatus, labelOf, quoted } from './dom.js';

/** What the story remembers while it reads the entries oldest first: the last SGP snapshot. */
export const newStoryContext = () => ({ snapshot: null, removed: false });

const online = (value) => t(`online.${value === true ? 'true' : value === false ? 'false' : 'null'}`);

/** "RX -21,3 → -24,9 dBm": the unit once, at the end, when the last value is a reading. */
function rxPair(from, to) {
  const left = typeof from === 'number' ? formatRx(from, typeof to !== 'number') : t('rx.none');
  return { from: left, to: formatRx(to) };
}

function sgpValue(field, value, statusText) {
  switch (field) {
    case 'status':
      return formatStatus(value, statusText);
    case 'ctoPort':
      return value ?? t('common.none');
    case 'online':
      return online(value);
    case 'coords':
      return formatCoords(value);
    default:
      return quoted(value);
  }
}

function firstRead(s) {
  const parts = [
    t('tl.part.name', { value: quoted(s.name) }),
    t('tl.part.status', { value: formatStatus(s.status, s.statusText) }),
    s.cto === null
      ? t('tl.part.noCto')
      : s.ctoPort === null
        ? t('tl.part.ctoNoPort', { cto: quoted(s.cto) })
        : t('tl.part.cto', { cto: quoted(s.cto), port: s.ctoPort }),
    t('tl.part.rx', { value: formatRx(s.rxDbm) }),
    t('tl.part.online', { value: online(s.online) }),
  ];
  if (s.coords) parts.push(t('tl.part.coords', { value: formatCoords(s.coords) }));
  if (s.address) parts.push(t('tl.part.address', { value: quoted(s.address) }));
  return t('tl.first', { parts: parts.join(', ') });
}

function observed(d, ctx) {
  if (!d.snapshot) return t('tl.unparsable');
  const first = ctx.snapshot === null;
  ctx.snapshot = d.snapshot;
  return first ? firstRead(d.snapshot) : t('tl.noRuleChange');
}

function sgpChange(d, ctx) {
  const before = ctx.snapshot;
  // SGP's wording of a new status is not in the entry: do not keep the old one.
  if (before) ctx.snapshot = { ...before, [d.field]: d.to, ...(d.field === 'status' ? { statusText: null } : {}) };
  if (d.field === 'rxDbm') return t('tl.sgp.rxDbm', rxPair(d.from, d.to));
  const key = `tl.sgp.${d.field}`;
  const from = sgpValue(d.field, d.from, before?.statusText ?? null);
  const to = sgpValue(d.field, d.to, null);
  return t(key) === key ? `${d.field}: ${from} → ${to}` : t(key, { from, to });
}

/** The box the skip is about: the CTO of the last snapshot, else the one the detail names. */
function boxOf(d, ctx) {
  const named = /box(?:es)? named "([^"]*)"/.exec(d.detail ?? '')?.[1];
  return quoted(named ?? ctx.snapshot?.cto ?? null);
}

function skipped(d, ctx) {
  const vars = {
    box: boxOf(d, ctx),
    port: ctx.snapshot?.ctoPort ?? /port (\d+)/.exec(d.detail ?? '')?.[1] ?? '?',
    status: quoted(ctx.snapshot?.statusText ?? null),
    reason: quoted(d.reason),
    detail: d.detail ?? '',
  };
  // After a cancellation removed the client, the sync's R2.1 skip means it stays removed.
  if (ctx.removed && d.reason === 'cancelled-in-sgp') return t('tl.skippedRemoved', { status: vars.status });
  const key = `skip.${d.reason}`;
  // An unreadable OZmap record blocks every write, not only the creation (decision 0004).
  const line = d.reason === 'ozmap-record-unreadable' ? 'tl.blocked' : 'tl.skipped';
  return t(line, { why: t(key) === key ? t('skip.other', vars) : t(key, vars) });
}

const commandLabel = (kind) => (t(`cmd.${kind}`) === `cmd.${kind}` ? t('cmd.other', { kind }) : t(`cmd.${kind}`));

function updatedValue(field, value) {
  switch (field) {
    case 'potencyRead':
      return formatRx(value);
    case 'coords':
      return formatCoords(value);
    case 'status':
      return value === 0 || value === 1 ? t(`ozStatus.${value}`) : String(value ?? t('common.none'));
    case 'implanted':
      return t(value ? 'common.yes' : 'common.no');
    default:
      return typeof value === 'string' || value === null ? quoted(value) : JSON.stringify(value);
  }
}

/** R4.8: a splitter place as the planner records it. */
function place(p) {
  return p && typeof p === 'object'
    ? t('tl.place', { box: quoted(p.boxName ?? null), splitter: quoted(p.splitterName ?? null), port: p.port ?? '?' })
    : t('common.none');
}

function updated(d) {
  // R4.8: connect later (from nothing) or a move, from -> to.
  if (d.object === 'property' && d.field === 'connection') {
    return d.from ? t('tl.moved', { from: place(d.from), to: place(d.to) }) : t('tl.connected', { to: place(d.to) });
  }
  const cause = t(d.cause === 'drift' ? 'tl.cause.drift' : 'tl.cause.sgp');
  const known = [
    'client.name',
    'client.implanted',
    'client.status',
    'property.potencyRead',
    'property.coords',
    'property.address',
  ];
  const key = known.includes(`${d.object}.${d.field}`) ? `tl.upd.${d.field}` : 'tl.upd.other';
  const vars =
    d.field === 'potencyRead'
      ? rxPair(d.from, d.to)
      : { from: updatedValue(d.field, d.from), to: updatedValue(d.field, d.to) };
  return `${t(key, { ...vars, object: labelOf('object', d.object), field: labelOf('ofield', d.field) })} ${cause}`;
}

function created(d) {
  const base = { name: quoted(d.client?.name ?? null), box: quoted(d.boxName ?? null) };
  // R5.8: a reactivation back on its own previous property.
  if (d.reusedProperty && d.connection)
    return t('tl.reactivated', {
      ...base,
      property: d.propertyId ?? '?',
      splitter: quoted(d.connection.splitterName),
      port: d.connection.port,
    });
  if (d.connection)
    return t('tl.created', { ...base, splitter: quoted(d.connection.splitterName), port: d.connection.port });
  const why = d.unconnectedReason ? labelOf('unconnected', d.unconnectedReason) : t('unconnected.other');
  return t('tl.createdUnconnected', { ...base, why });
}

function cancelled(d) {
  const name = quoted(d.clientName ?? null);
  if (d.mode === 'remove') return t('tl.cancelled.remove', { name });
  const observation =
    d.observationLine === null || d.observationLine === undefined
      ? t('tl.obs.none')
      : t(d.observationWritten ? 'tl.obs.written' : 'tl.obs.present', { line: d.observationLine });
  return t('tl.cancelled.detach', { name, observation }) + (d.disconnected ? t('tl.freed') : '');
}

function failed(d) {
  const error = d.error ?? {};
  return t('tl.failed', {
    command: commandLabel(d.kind),
    step: quoted(d.step ?? null),
    code: error.code ?? '?',
    http: typeof error.status === 'number' ? t('tl.http', { status: error.status }) : '',
    message: error.message ?? '',
    retry: t(d.retryable ? 'tl.retry.yes' : 'tl.retry.no'),
  });
}

function linked(d) {
  const property = d.propertyId ? t('tl.linkedProperty', { id: d.propertyId }) : t('tl.linkedNoProperty');
  const was = d.previous?.clientId;
  return was && was !== d.clientId
    ? t('tl.linkedChanged', { id: d.clientId ?? '?', property, was })
    : t('tl.linked', { id: d.clientId ?? '?', property });
}

function note(d) {
  const key = `tl.note.${d.note}`;
  return t(key) === key
    ? t('tl.note.other', { note: d.note })
    : t(key, { detail: String(d.detail ?? '').replace(/^move held: /, '') });
}

/** R9.4/R9.5: a contest (it carries `changesBack`), its end (`resolution`) or an override (`owner`). */
function contested(d) {
  if (Array.isArray(d.changesBack))
    return t(d.mode === 'hold' ? 'tl.contestedHeld' : 'tl.contestedApplied', {
      field: d.field ?? '?',
      times: d.changesBack.length,
    });
  if (d.resolution) return t(`tl.contestEnded.${d.resolution}`, { field: d.field ?? '?', by: d.by ?? '?' });
  return d.owner
    ? t('tl.overrideSet', { field: d.field ?? '?', owner: d.owner === 'ozmap' ? 'OZmap' : 'SGP', by: d.by ?? '?' })
    : t('tl.overrideCleared', { field: d.field ?? '?', by: d.by ?? '?' });
}

const SOURCE = {
  observed: 'sgp',
  'sgp-change': 'sgp',
  rejected: 'sgp',
  vanished: 'sgp',
  created: 'ozmap',
  superseded: 'ozmap',
  updated: 'ozmap',
  cancelled: 'ozmap',
  linked: 'ozmap',
  skipped: 'service',
  issued: 'service',
  failed: 'service',
  note: 'service',
};

/** `{ source: 'sgp' | 'ozmap' | 'service', text }` for one entry; updates `ctx`. */
export function tell(entry, ctx) {
  const d = entry.details ?? {};
  const source = SOURCE[entry.kind] ?? 'service';
  if (entry.kind === 'cancelled') ctx.removed = true;
  if (entry.kind === 'created' || entry.kind === 'superseded' || entry.kind === 'linked') ctx.removed = false;
  switch (entry.kind) {
    case 'observed':
      return { source, text: observed(d, ctx) };
    case 'sgp-change':
      return { source, text: sgpChange(d, ctx) };
    case 'rejected':
      return { source, text: t('tl.rejected', { field: quoted(d.field ?? null), problem: d.problem ?? '' }) };
    case 'vanished':
      return { source, text: t('tl.vanished') };
    case 'skipped':
      return { source, text: skipped(d, ctx) };
    case 'issued':
      return { source, text: t('tl.issued', { command: commandLabel(d.command?.kind) }) };
    case 'created':
      return { source, text: created(d) };
    case 'superseded':
      return { source, text: t('tl.superseded', { id: d.clientId ?? '?' }) };
    case 'updated':
      return { source, text: updated(d) };
    case 'cancelled':
      return { source, text: cancelled(d) };
    case 'failed':
      return { source, text: failed(d) };
    case 'note':
      return { source, text: note(d) };
    case 'linked':
      return { source, text: linked(d) };
    case 'contested':
      return { source, text: contested(d) };
    // A kind this page does not know yet: the server's own sentence is better than nothing.
    default:
      return { source, text: entry.summary ?? entry.kind };
  }
}
