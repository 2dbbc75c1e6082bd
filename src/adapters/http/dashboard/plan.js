// (f) The plan: what the last sync and cancel cycles planned (each cycle records it), grouped by
// kind and reason, with the mass-deletion guard's verdict. A live plan sweeps SGP and reads all
// of OZmap, so it is computed only when asked, with the admin token (rate-limited by the API).
import { api } from './api.js';
import { errorText, fill, formatDateTime, formatNumber, h, labelOf, notify } from './dom.js';
import { has, t } from './i18n.js';
import { reasonTitle } from './skipped.js';

const KINDS = ['sync', 'cancel'];
let live = null;

/** The reason of a group in words: each kind names its reasons differently. */
function reasonLabel(group) {
  if (group.kind === 'skip') return reasonTitle(group.reason);
  if (group.kind === 'update') return labelOf('ofield', group.reason);
  const key = `plan.${group.kind}.${group.reason}`;
  return has(key) ? t(key) : group.reason;
}

function codeLinks(codes, count) {
  return [
    codes.map((code, i) => [i > 0 ? ', ' : '', h('a', { href: `#/client/${encodeURIComponent(code)}` }, code)]),
    count > codes.length ? ` ${t('common.andMore', { count: count - codes.length })}` : '',
  ];
}

function groupsTable(groups) {
  if (groups.length === 0) return h('p', { class: 'muted' }, t('plan.empty'));
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'plan-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['plan.col.kind', 'plan.col.reason', 'plan.col.rule', 'plan.col.count', 'plan.col.codes'].map((key) =>
            h('th', { scope: 'col' }, t(key)),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        groups.map((g) =>
          h(
            'tr',
            {},
            h('td', {}, labelOf('plan.kind', g.kind)),
            h('td', {}, reasonLabel(g)),
            h('td', {}, h('span', { class: 'rule' }, g.rule)),
            h('td', { class: 'num' }, formatNumber(g.count, 0)),
            h('td', {}, codeLinks(g.codes ?? [], g.count)),
          ),
        ),
      ),
    ),
  );
}

/** The guard's verdict and why a cancel plan could not plan, when either applies. */
function verdict(plan) {
  const lines = [];
  const g = plan.guard;
  if (g) {
    lines.push(
      h(
        'p',
        { class: g.tripped ? 'error' : 'muted' },
        g.tripped
          ? t('plan.guardTripped', {
              removals: formatNumber(g.removals, 0),
              total: formatNumber(g.totalClients, 0),
              hash: g.hash,
            })
          : t('plan.guardOk', { removals: formatNumber(g.removals, 0), total: formatNumber(g.totalClients, 0) }),
      ),
    );
  }
  if (plan.blocked)
    lines.push(h('p', { class: 'muted' }, t('plan.blocked', { why: labelOf('plan.blockedWhy', plan.blocked) })));
  return lines;
}

function planView(kind, plan, heading) {
  return h(
    'div',
    { class: 'plan-kind', id: `plan-${kind}` },
    h('h3', {}, heading),
    h('p', { class: 'muted' }, t('plan.writes', { count: formatNumber(plan.writes, 0) })),
    verdict(plan),
    groupsTable(plan.groups ?? []),
  );
}

function recordedView(recorded) {
  return KINDS.map((kind) => {
    const plan = recorded?.[kind];
    if (!plan)
      return h(
        'div',
        { class: 'plan-kind' },
        h('h3', {}, labelOf('kind', kind)),
        h('p', { class: 'muted' }, t('plan.none')),
      );
    const heading =
      t('plan.recorded', { kind: labelOf('kind', kind), at: formatDateTime(plan.startedAt) }) +
      (plan.dryRun ? ` (${t('plan.dryRun')})` : '');
    return planView(kind, plan, heading);
  });
}

function liveView(liveBody) {
  if (!live) return fill(liveBody);
  const partial =
    live.sweepComplete && live.ozmapComplete ? null : h('p', { class: 'error' }, t('plan.liveIncomplete'));
  return fill(
    liveBody,
    h('h3', {}, t('plan.liveTitle', { at: formatDateTime(live.at) })),
    partial,
    KINDS.map((kind) => planView(kind, live[kind], labelOf('kind', kind))),
  );
}

async function askLive(button, liveBody) {
  button.disabled = true;
  fill(liveBody, h('p', { class: 'muted' }, t('plan.liveRunning')));
  try {
    live = (await api('/api/plan', { method: 'POST' })).data;
    liveView(liveBody);
  } catch (error) {
    fill(liveBody);
    notify(errorText(error), 'error');
  } finally {
    button.disabled = false;
  }
}

/** Wires the live plan button once. */
export function wirePlan(button, liveBody) {
  button.addEventListener('click', () => void askLive(button, liveBody));
}

/** Renders the recorded plans into `body`, and the last live plan asked for into `liveBody`. */
export async function renderPlan(body, liveBody) {
  try {
    const { data } = await api('/api/plan');
    fill(body, recordedView(data));
  } catch (error) {
    fill(body, h('p', { class: 'error' }, errorText(error)));
  }
  liveView(liveBody);
}
