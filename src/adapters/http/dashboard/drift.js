// Other writers (docs/RULES.md R9): each field's policy, the differences known and not written
// with their age (R9.2), and the exclusions, added and lifted with the admin token (R9.3).
import { api } from './api.js';
import { errorText, fill, formatDateTime, formatRelative, h, labelOf, notify } from './dom.js';
import { t, tn } from './i18n.js';
import { changeValue } from './client.js';

const SHOWN = 100;
const clientLink = (code) => h('a', { href: `#/client/${encodeURIComponent(code)}` }, code);

function policiesView(policies) {
  return h(
    'p',
    { class: 'policies' },
    `${t('drift.policies')}: `,
    Object.entries(policies ?? {}).map(([field, policy], i) => [
      i > 0 ? ', ' : '',
      `${labelOf('ofield', field)} `,
      h('code', { class: `policy policy-${policy}` }, policy),
    ]),
  );
}

function itemsView(items) {
  if (items.length === 0) return h('p', { class: 'muted' }, t('drift.none'));
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { id: 'drift-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['drift.code', 'drift.field', 'drift.ozmap', 'drift.sgp', 'drift.cause', 'drift.since'].map((key) =>
            h('th', { scope: 'col' }, t(key)),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        items
          .slice(0, SHOWN)
          .map((item) =>
            h(
              'tr',
              {},
              h('td', {}, clientLink(item.code)),
              h('td', {}, labelOf('ofield', item.field)),
              h('td', {}, changeValue(item.field, item.ozmapValue)),
              h('td', {}, changeValue(item.field, item.sgpValue)),
              h('td', { title: item.reason ?? '' }, labelOf('dcause', item.cause)),
              h('td', {}, `${formatDateTime(item.since)} (${formatRelative(item.since)})`),
            ),
          ),
      ),
    ),
    items.length > SHOWN ? h('p', { class: 'muted' }, tn('drift.more', items.length - SHOWN)) : null,
  );
}

async function change(path, body, done) {
  try {
    await api(path, { method: 'POST', body });
    notify(t('exclusions.saved'));
  } catch (error) {
    notify(errorText(error), 'error');
  }
  await done();
}

function exclusionsView(exclusions, done) {
  const kind = h(
    'select',
    { id: 'exclusion-kind', 'aria-label': t('exclusions.kind') },
    h('option', { value: 'contract' }, t('exclusions.contract')),
    h('option', { value: 'box' }, t('exclusions.box')),
  );
  const value = h('input', {
    id: 'exclusion-value',
    type: 'text',
    required: true,
    'aria-label': t('exclusions.value'),
  });
  const reason = h('input', { id: 'exclusion-reason', type: 'text', 'aria-label': t('exclusions.reason') });
  const add = (event) => {
    event.preventDefault();
    void change('/api/exclusions', { kind: kind.value, value: value.value, reason: reason.value }, done);
  };
  return h(
    'div',
    { class: 'exclusions' },
    h('h3', {}, t('exclusions.title')),
    exclusions.length === 0
      ? h('p', { class: 'muted' }, t('exclusions.none'))
      : h(
          'ul',
          { id: 'exclusion-list' },
          exclusions.map((e) =>
            h(
              'li',
              {},
              `${labelOf('exclusions', e.kind)} `,
              e.kind === 'contract' ? clientLink(e.value) : h('strong', {}, e.value),
              e.reason ? ` (${e.reason})` : '',
              h('span', { class: 'muted' }, ` ${t('exclusions.by', { by: e.by, at: formatDateTime(e.at) })} `),
              h(
                'button',
                {
                  type: 'button',
                  class: 'small secondary',
                  onclick: () => void change('/api/exclusions/remove', { kind: e.kind, value: e.value }, done),
                },
                t('exclusions.remove'),
              ),
            ),
          ),
        ),
    h(
      'form',
      { id: 'exclusion-form', class: 'inline-form', onsubmit: add },
      kind,
      value,
      reason,
      h('button', { type: 'submit', class: 'small' }, t('exclusions.add')),
    ),
  );
}

/** Loads `/api/drift` and `/api/exclusions` into `body`. */
export async function renderDrift(body) {
  try {
    const [{ data: drift }, { data: excluded }] = await Promise.all([api('/api/drift'), api('/api/exclusions')]);
    fill(
      body,
      policiesView(drift.fieldPolicies),
      h('p', {}, tn('drift.count', drift.items.length)),
      itemsView(drift.items),
      exclusionsView(excluded.exclusions ?? [], () => renderDrift(body)),
    );
  } catch (error) {
    fill(body, h('p', { class: 'error' }, errorText(error)));
  }
}
