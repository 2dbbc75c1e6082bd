// (e) One client: the desired state, what OZmap looked like at the last read, what the next
// sync would change, and the audit timeline told as a story, with time travel (`?at=`).
import { api, ApiError, query } from './api.js';
import {
  errorText,
  fill,
  formatCoords,
  formatDateTime,
  formatRx,
  formatShortDateTime,
  formatStatus,
  fromZonedInput,
  h,
  labelOf,
  notify,
  quoted,
  timeZone,
  toZonedInput,
} from './dom.js';
import { t } from './i18n.js';
import { rxChart } from './insights.js';
import { reasonTitle } from './skipped.js';
import { newStoryContext, tell } from './story.js';

const HISTORY_PAGE = 200;
const dash = () => t('common.dash');
const clientHash = (code, at) => `#/client/${encodeURIComponent(code)}${at ? `?at=${encodeURIComponent(at)}` : ''}`;

/** A `<dl>` of [label key, value] pairs; pairs with a null value are left out. */
function facts(pairs) {
  return h(
    'dl',
    { class: 'facts' },
    pairs
      .filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(([key, value]) => [h('dt', {}, t(key)), h('dd', {}, value)]),
  );
}

function desiredView(row, state, at) {
  const title = h('h3', {}, at ? t('client.desiredAt', { at: formatDateTime(at) }) : t('client.desired'));
  if (!row)
    return h(
      'section',
      { class: 'panel' },
      title,
      h('p', { class: 'muted' }, t('client.notYet', { at: formatDateTime(at) })),
    );
  const s = row.snapshot;
  const online = s ? t(`online.${s.online === null ? 'null' : String(s.online)}`) : null;
  return h(
    'section',
    { class: 'panel', id: 'desired' },
    title,
    facts([
      ['field.state', state ? h('span', { class: `pill state-${state}` }, labelOf('listState', state)) : null],
      ['field.name', s?.name],
      ['field.status', s ? formatStatus(s.status, s.statusText) : null],
      ['field.cto', s ? (s.cto ?? dash()) : null],
      ['field.ctoPort', s ? (s.ctoPort ?? dash()) : null],
      ['field.rx', s ? formatRx(s.rxDbm) : null],
      ['field.online', online],
      ['field.coords', s ? formatCoords(s.coords) : null],
      ['field.address', s ? s.address || dash() : null],
      ['field.lastObserved', row.lastObservedAt ? formatDateTime(row.lastObservedAt) : null],
      ['field.skip', row.lastSkipReason ? reasonTitle(row.lastSkipReason) : null],
      [
        'field.ozmapIds',
        row.ozmap
          ? h(
              'span',
              { class: 'ids' },
              t('field.idsValue', { client: row.ozmap.clientId ?? dash(), property: row.ozmap.propertyId ?? dash() }),
            )
          : null,
      ],
      ['field.cancelledAt', row.cancelledAt ? formatDateTime(row.cancelledAt) : null],
      [
        'field.pendingCancel',
        row.pendingCancellation
          ? `${labelOf('cancelMode', row.pendingCancellation.mode)}${row.pendingCancellation.observationLine ? `: '${row.pendingCancellation.observationLine}'` : ''}`
          : null,
      ],
      [
        'field.failure',
        row.lastFailure
          ? t('field.failureValue', { ...row.lastFailure, at: formatDateTime(row.lastFailure.at) })
          : null,
      ],
      [
        'field.rejected',
        row.lastRejected
          ? t('field.rejectedValue', { ...row.lastRejected, at: formatDateTime(row.lastRejected.at) })
          : null,
      ],
    ]),
    s ? null : h('p', { class: 'muted' }, t('client.desiredNone')),
  );
}

function seenView(seen) {
  const title = h('h3', {}, t('client.seen'));
  if (!seen || (seen.clients.length === 0 && seen.properties.length === 0)) {
    return h('section', { class: 'panel', id: 'seen' }, title, h('p', { class: 'muted' }, t('client.seenNone')));
  }
  const clients = seen.clients.map((c) => [
    h('h4', {}, t('client.ozClient', { id: c.id })),
    facts([
      ['field.name', c.name],
      ['field.implanted', t(c.implanted ? 'common.yes' : 'common.no')],
      ['field.ozStatus', c.status === null ? dash() : labelOf('ozStatus', c.status)],
      ['field.observation', c.observation ? h('span', { class: 'observation' }, c.observation) : null],
    ]),
  ]);
  const properties = seen.properties.map((p) => [
    h('h4', {}, t('client.ozProperty', { id: p.id })),
    facts([
      ['field.address', p.address || dash()],
      ['field.coords', formatCoords(p.coords)],
      ['field.potency', formatRx(p.potencyRead)],
      [
        'field.connections',
        p.connections.length
          ? p.connections.map((c) => t('client.connection', { splitter: c.splitterId, port: c.port })).join('; ')
          : dash(),
      ],
      ['field.observation', p.observation ? h('span', { class: 'observation' }, p.observation) : null],
    ]),
  ]);
  return h(
    'section',
    { class: 'panel', id: 'seen' },
    title,
    h('p', { class: 'muted' }, t('client.seenAt', { at: formatDateTime(seen.at) })),
    clients,
    properties,
  );
}

export function changeValue(field, value) {
  if (field === 'potencyRead') return formatRx(value);
  if (field === 'coords') return formatCoords(value);
  if (field === 'implanted') return t(value ? 'common.yes' : 'common.no');
  if (field === 'status' && (value === 0 || value === 1)) return t(`ozStatus.${value}`);
  return typeof value === 'string' || value === null ? quoted(value) : JSON.stringify(value);
}

/** Nothing to update: because OZmap is as SGP asks, or because there is no client to update. */
function nothingPending(seen, row, state) {
  if (seen.clients.length > 0) return t('client.pendingNone');
  if (state === 'cancelled') return t('client.pendingRemoved');
  if (row?.lastSkipReason) return t('client.pendingNotCreated', { reason: reasonTitle(row.lastSkipReason) });
  return t('client.pendingNoClient');
}

function pendingView(seen, row, state) {
  const title = h('h3', {}, t('client.pending'));
  if (!seen)
    return h(
      'section',
      { class: 'panel', id: 'pending' },
      title,
      h('p', { class: 'muted' }, t('client.pendingUnknown')),
    );
  const changes = seen.pendingUpdates.flatMap((command) => command.changes);
  if (changes.length === 0)
    return h(
      'section',
      { class: 'panel', id: 'pending' },
      title,
      h('p', { class: 'muted' }, nothingPending(seen, row, state)),
      withheldView(seen),
    );
  return h(
    'section',
    { class: 'panel', id: 'pending' },
    title,
    h(
      'ul',
      { class: 'changes' },
      changes.map((c) =>
        h(
          'li',
          {},
          t('client.pendingChange', {
            object: labelOf('object', c.object),
            field: labelOf('ofield', c.field),
            from: changeValue(c.field, c.from),
            to: changeValue(c.field, c.to),
          }),
          h('span', { class: `cause cause-${c.cause}` }, labelOf('cause', c.cause)),
          h('span', { class: 'policy' }, t('client.policy', { policy: c.policy ?? 'sgp' })),
          h('span', { class: 'rule' }, c.rule),
        ),
      ),
    ),
    withheldView(seen),
  );
}

/** R9.2: the differences this client's policies or an exclusion leave as OZmap has them. */
function withheldView(seen) {
  const withheld = seen.withheld ?? [];
  if (withheld.length === 0) return null;
  return h(
    'div',
    { id: 'withheld' },
    h('h4', {}, t('client.withheld')),
    h(
      'ul',
      { class: 'changes' },
      withheld.map((d) =>
        h(
          'li',
          {},
          t('client.pendingChange', {
            object: labelOf('object', d.object),
            field: labelOf('ofield', d.field),
            from: changeValue(d.field, d.ozmapValue),
            to: changeValue(d.field, d.sgpValue),
          }),
          ' ',
          h('span', { class: 'cause', title: d.reason ?? '' }, labelOf('dcause', d.cause)),
        ),
      ),
    ),
  );
}

function entryView(entry, ctx, code, at) {
  const { source, text } = tell(entry, ctx);
  const after = at !== null && Date.parse(entry.at) > Date.parse(at);
  return h(
    'li',
    { class: `tl-entry src-${source}${after ? ' after' : ''}` },
    h('span', { class: 'tl-source' }, t(`src.${source}`)),
    h(
      'div',
      { class: 'tl-body' },
      h(
        'p',
        { class: 'tl-text' },
        text,
        ' ',
        h(
          'span',
          { class: 'tl-when' },
          t('timeline.when'),
          ' ',
          h('time', { datetime: entry.at, title: formatDateTime(entry.at) }, formatShortDateTime(entry.at)),
        ),
        after ? h('span', { class: 'visually-hidden' }, ` (${t('timeline.after')})`) : null,
      ),
      h(
        'div',
        { class: 'tl-meta' },
        entry.rule ? h('span', { class: 'rule' }, entry.rule) : null,
        h('a', { href: clientHash(code, entry.at) }, t('timeline.seeState')),
        h('details', {}, h('summary', {}, t('timeline.details')), h('pre', {}, JSON.stringify(entry.details, null, 2))),
      ),
    ),
  );
}

async function timelineView(code, at) {
  const list = h('ol', { class: 'timeline', id: 'timeline' });
  const more = h('button', { type: 'button', class: 'secondary' }, t('common.more'));
  const ctx = newStoryContext();
  let cursor = null;
  const load = async () => {
    const { data } = await api(
      `/api/clients/${encodeURIComponent(code)}/history${query({ limit: HISTORY_PAGE, cursor })}`,
    );
    list.append(...data.items.map((entry) => entryView(entry, ctx, code, at)));
    cursor = data.nextCursor;
    more.hidden = cursor === null;
    return data.items.length;
  };
  more.addEventListener('click', () =>
    load().catch((error) => more.replaceWith(h('p', { class: 'error' }, errorText(error)))),
  );
  const count = await load();
  return h(
    'section',
    { class: 'panel wide', 'aria-labelledby': 'timeline-title' },
    h('h3', { id: 'timeline-title' }, t('timeline.title')),
    count === 0 ? h('p', { class: 'muted' }, t('timeline.empty')) : [list, h('div', { class: 'more' }, more)],
  );
}

function travelForm(code, at) {
  // A text field in the page's format: a `datetime-local` field follows the browser's locale
  // (a 12-hour US clock beside the page's 24-hour dates).
  const input = h('input', {
    id: 'travel-at',
    type: 'text',
    name: 'at',
    value: toZonedInput(at ?? new Date().toISOString()),
    required: true,
    placeholder: t('travel.format'),
    autocomplete: 'off',
    spellcheck: 'false',
    size: 18,
  });
  const submit = (event) => {
    event.preventDefault();
    const instant = fromZonedInput(input.value);
    input.setAttribute('aria-invalid', instant ? 'false' : 'true');
    if (instant) location.hash = clientHash(code, instant);
    else notify(t('travel.invalid', { format: t('travel.format') }), 'error');
  };
  return h(
    'form',
    { class: 'travel', onsubmit: submit },
    h(
      'fieldset',
      {},
      h('legend', {}, t('travel.legend')),
      h('label', { for: 'travel-at' }, t('travel.label', { timezone: timeZone() })),
      h(
        'div',
        { class: 'inline' },
        input,
        h('button', { type: 'submit', class: 'secondary' }, t('travel.go')),
        at ? h('a', { class: 'button-link', href: clientHash(code, null) }, t('travel.now')) : null,
      ),
    ),
  );
}

/** Renders the page of contract `code` into `view`, as it was at `at` when given. */
export async function renderClient(view, code, at, { focus = true } = {}) {
  fill(view, h('p', { class: 'muted' }, t('common.loading')));
  const back = h('p', { class: 'back' }, h('a', { href: '#clients' }, t('client.back')));
  try {
    const [{ data }, past] = await Promise.all([
      api(`/api/clients/${encodeURIComponent(code)}`),
      at ? api(`/api/clients/${encodeURIComponent(code)}/history${query({ at })}`) : Promise.resolve(null),
    ]);
    const row = past ? past.data.state : data.contract;
    // The server says which state a row is listed under (contractListState): one definition.
    const state = past ? past.data.listState : data.listState;
    const name = data.contract.snapshot?.name;
    const heading = h(
      'h2',
      { id: 'client-title', tabindex: '-1' },
      t('client.title', { code }),
      name ? [' — ', h('span', { class: 'name' }, name)] : null,
    );
    const [timeline, chart] = await Promise.all([timelineView(code, at), rxChart(code)]);
    fill(
      view,
      back,
      heading,
      travelForm(code, at),
      at ? h('p', { class: 'notice', role: 'status' }, t('travel.showing', { at: formatDateTime(at) })) : null,
      h(
        'div',
        { class: 'client-grid' },
        desiredView(row, state, at),
        seenView(data.seenInOzmap),
        pendingView(data.seenInOzmap, data.contract, data.listState),
      ),
      chart,
      timeline,
    );
    if (focus) heading.focus();
  } catch (error) {
    const message =
      error instanceof ApiError && error.status === 404 ? t('client.notFound', { code }) : errorText(error);
    fill(
      view,
      back,
      h('h2', { id: 'client-title', tabindex: '-1' }, t('client.title', { code })),
      h('p', { class: 'error' }, message),
    );
    if (focus) view.querySelector('h2').focus();
  }
}
