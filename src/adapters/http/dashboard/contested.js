// Contested fields (docs/RULES.md R9.4, R9.5): the open contests, the per-client overrides, and
// an operator's decision on each (admin token, after a confirmation).
import { api, confirmDialog } from './api.js';
import { errorText, fill, formatDateTime, h, notify } from './dom.js';
import { t } from './i18n.js';

const clientLink = (code) => h('a', { href: `#/client/${encodeURIComponent(code)}` }, code);
const shown = (value) =>
  value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);

async function decide(item, resolution, onChanged) {
  const ok = await confirmDialog({
    title: t('contested.dialogTitle', { code: item.code, field: item.field }),
    text: t(`contested.explain.${resolution}`),
    confirmLabel: t(`contested.resolve.${resolution}`),
  });
  if (!ok) return;
  try {
    const { status } = await api('/api/contested/resolve', {
      method: 'POST',
      body: { code: item.code, field: item.field, resolution },
      accept: [409],
    });
    notify(
      status === 409 ? t('contested.nothing') : t('contested.done', { code: item.code, field: item.field }),
      status === 409 ? 'error' : undefined,
    );
  } catch (error) {
    notify(errorText(error), 'error');
  }
  document.dispatchEvent(new CustomEvent('dashboard:changed'));
  await onChanged();
}

function itemView(item, onChanged) {
  const button = (resolution) =>
    h(
      'button',
      {
        type: 'button',
        class: 'small',
        'data-resolution': resolution,
        onclick: () => decide(item, resolution, onChanged),
      },
      t(`contested.resolve.${resolution}`),
    );
  if (item.state === 'override') {
    return h(
      'li',
      { class: 'contested-item' },
      clientLink(item.code),
      ' ',
      t('contested.override', { field: item.field, owner: item.owner === 'ozmap' ? 'OZmap' : 'SGP' }),
      ' ',
      button('watch'),
    );
  }
  return h(
    'li',
    { class: 'contested-item' },
    clientLink(item.code),
    ' ',
    t(item.mode === 'hold' ? 'contested.held' : 'contested.applied', {
      field: item.field,
      times: item.changesBack,
      since: formatDateTime(item.since),
      sgp: shown(item.sgpValue),
      ozmap: shown(item.ozmapValue),
      by: item.changedBy ?? t('contested.unknownWriter'),
    }),
    ' ',
    button('sgp'),
    button('ozmap'),
    button('watch'),
  );
}

/** Loads `/api/contested` into `body`; marks the section while a contest is open. */
export async function renderContested(section, body) {
  try {
    const { data } = await api('/api/contested');
    const items = data.items ?? [];
    section.classList.toggle(
      'attention',
      items.some((i) => i.state === 'contested'),
    );
    fill(
      body,
      items.length === 0
        ? h('p', { class: 'muted' }, t('contested.none'))
        : h(
            'ul',
            { class: 'contested-list' },
            items.map((item) => itemView(item, () => renderContested(section, body))),
          ),
    );
  } catch (error) {
    fill(body, h('p', { class: 'error' }, errorText(error)));
  }
}
