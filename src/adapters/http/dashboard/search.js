// (d) Client search by code or name, with state and reason filters, paged with the cursor.
import { api, query } from './api.js';
import { errorText, fill, formatDateTime, formatStatus, h, labelOf } from './dom.js';
import { t } from './i18n.js';
import { reasonTitle } from './skipped.js';

const STATES = ['created', 'linked', 'skipped', 'cancelled', 'vanished', 'rejected', 'pending', 'blocked'];
const REASONS = [
  'no-cto-in-sgp',
  'box-not-found',
  'box-ambiguous',
  'port-occupied',
  'status-unknown',
  'cancelled-in-sgp',
  'creation-disabled',
  'ozmap-read-incomplete',
  'duplicate-code-in-ozmap',
  'no-coordinates',
  'ozmap-record-unreadable',
];
const PAGE = 25;

export const clientHref = (code) => `#/client/${encodeURIComponent(code)}`;

function options(select, values, label) {
  const chosen = select.value;
  fill(
    select,
    h('option', { value: '' }, t('search.any')),
    values.map((v) => h('option', { value: v }, label(v))),
  );
  select.value = chosen;
}

function stateCell(item) {
  const failedLast = item.lastFailure && item.lastFailure.at >= (item.lastEventAt ?? '');
  return h(
    'td',
    {},
    h('span', { class: `pill state-${item.state}` }, labelOf('listState', item.state)),
    failedLast ? h('span', { class: 'cell-note error' }, item.lastFailure.code) : null,
  );
}

function row(item) {
  const cto =
    item.cto === null || item.cto === undefined
      ? t('common.dash')
      : `${item.cto}${item.ctoPort ? ` / ${item.ctoPort}` : ''}`;
  return h(
    'tr',
    {},
    h('td', {}, h('a', { href: clientHref(item.code) }, item.code)),
    h('td', { class: 'name' }, item.name ?? t('common.dash')),
    stateCell(item),
    h('td', {}, formatStatus(item.status)),
    h('td', {}, cto),
    h('td', {}, item.skipReason ? reasonTitle(item.skipReason) : t('common.dash')),
    h(
      'td',
      { class: 'nowrap' },
      item.lastEventAt ? h('time', { datetime: item.lastEventAt }, formatDateTime(item.lastEventAt)) : t('common.dash'),
    ),
  );
}

function table(items) {
  const cols = ['col.code', 'col.name', 'col.state', 'col.status', 'col.cto', 'col.reason', 'col.lastEvent'];
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { id: 'search-table' },
      h('caption', { class: 'visually-hidden' }, t('search.caption')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          cols.map((key) => h('th', { scope: 'col' }, t(key))),
        ),
      ),
      h('tbody', {}, items.map(row)),
    ),
  );
}

/** Wires the search form; returns what the page needs to drive it. */
export function createSearch(form, results) {
  const input = form.elements.namedItem('search');
  const stateSelect = form.elements.namedItem('state');
  const reasonSelect = form.elements.namedItem('skipReason');
  let params = null;
  let cursors = [null];

  const labelSelects = () => {
    options(stateSelect, STATES, (s) => labelOf('listState', s));
    options(reasonSelect, REASONS, reasonTitle);
  };

  const pager = (nextCursor) => {
    const page = cursors.length;
    const prev = h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        disabled: page === 1,
        onclick: () => {
          cursors.pop();
          run(false);
        },
      },
      t('search.prev'),
    );
    const next = h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        disabled: nextCursor === null,
        onclick: () => {
          cursors.push(nextCursor);
          run(false);
        },
      },
      t('search.next'),
    );
    return h(
      'nav',
      { class: 'pager', 'aria-label': t('search.caption') },
      prev,
      h('span', {}, t('search.page', { page })),
      next,
    );
  };

  async function run(openSingle) {
    if (params === null) return;
    fill(results, h('p', { class: 'muted' }, t('common.loading')));
    try {
      const cursor = cursors[cursors.length - 1];
      const { data } = await api(`/api/clients${query({ ...params, limit: PAGE, cursor })}`);
      const wanted = params.search.trim();
      // A code typed in full opens its page (the API matches codes by prefix: 1234 finds 12345 too).
      if (openSingle && wanted && data.items.some((item) => item.code === wanted)) {
        location.hash = clientHref(wanted);
      }
      fill(
        results,
        data.items.length === 0
          ? h('p', { class: 'muted' }, t('search.empty'))
          : [table(data.items), pager(data.nextCursor)],
      );
    } catch (error) {
      fill(results, h('p', { class: 'error' }, errorText(error)));
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    params = { search: input.value.trim(), state: stateSelect.value, skipReason: reasonSelect.value };
    cursors = [null];
    void run(true);
  });
  labelSelects();

  return {
    /** After a language switch: new labels, same page. */
    relabel() {
      labelSelects();
      void run(false);
    },
    /** Lists the contracts skipped for `reason` and brings the search into view. */
    byReason(reason) {
      input.value = '';
      stateSelect.value = '';
      reasonSelect.value = reason;
      form.requestSubmit();
      form.scrollIntoView({ behavior: 'smooth', block: 'start' });
      reasonSelect.focus({ preventScroll: true });
    },
  };
}
