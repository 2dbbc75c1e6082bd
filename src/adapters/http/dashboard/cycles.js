// (b) The cycle history, newest first, a page at a time.
import { api, query } from './api.js';
import { errorText, fill, formatDateTime, formatDuration, formatNumber, h, labelOf } from './dom.js';
import { t } from './i18n.js';

const COUNTS = ['created', 'updated', 'cancelled', 'skipped', 'failed'];
const PAGE = 15;

function outcomeCell(cycle) {
  const notes = [];
  if (cycle.dryRun) notes.push(t('cycles.dryRun', { count: cycle.plannedCommands ?? cycle.counts?.planned ?? 0 }));
  if (cycle.outcome !== 'failed' && cycle.sweepComplete === false) notes.push(t('cycles.sgpIncomplete'));
  if (cycle.outcome !== 'failed' && cycle.ozmapComplete === false) notes.push(t('cycles.ozmapIncomplete'));
  // R4.8: contracts on another box or port than SGP gives, left there (MOVE_ON_CTO_CHANGE off).
  if (cycle.counts?.moveDiffer > 0) notes.push(t('cycles.moveDiffer', { count: cycle.counts.moveDiffer }));
  return h(
    'td',
    {},
    h('span', { class: `pill outcome-${cycle.outcome}` }, labelOf('outcome', cycle.outcome)),
    notes.length ? h('span', { class: 'cell-note' }, notes.join(' · ')) : null,
    cycle.error ? h('span', { class: 'cell-note error' }, cycle.error) : null,
  );
}

/** `schedule`, `cli`, or `api:<address>` as the API records who asked: "manual (10.0.0.5)". */
function triggerLabel(trigger) {
  const [head, ...rest] = String(trigger).split(':');
  const label = labelOf('trigger', head);
  return rest.length > 0 && label !== head ? `${label} (${rest.join(':')})` : labelOf('trigger', trigger);
}

function countCell(value) {
  const n = typeof value === 'number' ? value : 0;
  return h('td', { class: n === 0 ? 'num zero' : 'num' }, formatNumber(n, 0));
}

function row(cycle) {
  return h(
    'tr',
    {},
    h('td', { class: 'nowrap' }, h('time', { datetime: cycle.startedAt }, formatDateTime(cycle.startedAt))),
    h('td', {}, labelOf('kind', cycle.kind)),
    h('td', {}, triggerLabel(cycle.trigger)),
    outcomeCell(cycle),
    COUNTS.map((name) => countCell(cycle.counts?.[name])),
    h('td', { class: 'num nowrap' }, formatDuration(cycle.durationMs)),
  );
}

function table(rows) {
  const th = (key, numeric = false) => h('th', { scope: 'col', class: numeric ? 'num' : null }, t(key));
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { id: 'cycles-table' },
      h('caption', { class: 'visually-hidden' }, t('cycles.caption')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          th('col.started'),
          th('col.kind'),
          th('col.trigger'),
          th('col.outcome'),
          COUNTS.map((name) => th(`col.${name}`, true)),
          th('col.duration', true),
        ),
      ),
      rows,
    ),
  );
}

/** Loads the first page into `body`; "load more" appends the next ones. */
export async function renderCycles(body) {
  const tbody = h('tbody');
  const more = h('button', { type: 'button', class: 'secondary' }, t('common.more'));
  let cursor = null;
  const load = async () => {
    more.disabled = true;
    const { data } = await api(`/api/cycles${query({ limit: PAGE, cursor })}`);
    tbody.append(...data.items.map(row));
    cursor = data.nextCursor;
    more.hidden = cursor === null;
    more.disabled = false;
    return data.items.length;
  };
  more.addEventListener('click', () =>
    load().catch((error) => fill(body, h('p', { class: 'error' }, errorText(error)))),
  );
  try {
    const count = await load();
    body.dataset.expanded = '';
    fill(
      body,
      count === 0 ? h('p', { class: 'muted' }, t('cycles.empty')) : [table(tbody), h('div', { class: 'more' }, more)],
    );
    more.addEventListener(
      'click',
      () => {
        body.dataset.expanded = 'yes';
      },
      { once: true },
    );
  } catch (error) {
    fill(body, h('p', { class: 'error' }, errorText(error)));
  }
}
