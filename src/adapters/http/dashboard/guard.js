// (f) The mass-deletion guard (docs/RULES.md R5.6): the pending set, and its release by hash.
import { api, confirmDialog } from './api.js';
import { copyText, errorText, fill, formatDateTime, h, labelOf, notify } from './dom.js';
import { t } from './i18n.js';

const clientLink = (code) => h('a', { href: `#/client/${encodeURIComponent(code)}` }, code);

function pendingView(pending, onChanged) {
  const confirm = async () => {
    const ok = await confirmDialog({
      title: t('guard.dialogTitle'),
      text: t('guard.dialogText', { removals: pending.removals }),
      detail: t('guard.dialogHash', { hash: pending.hash }),
      confirmLabel: t('guard.dialogConfirm', { removals: pending.removals }),
    });
    if (!ok) return;
    try {
      const { status, data } = await api('/api/cancellations/confirm', {
        method: 'POST',
        body: { hash: pending.hash },
        accept: [409],
      });
      if (status === 409) notify(t('guard.mismatch'), 'error');
      else
        notify(t('guard.done', { cycleId: data?.cycleId ?? '?', outcome: labelOf('outcome', data?.outcome ?? '?') }));
    } catch (error) {
      notify(errorText(error), 'error');
    }
    document.dispatchEvent(new CustomEvent('dashboard:changed'));
    await onChanged();
  };
  return h(
    'div',
    { class: 'guard-pending' },
    h(
      'p',
      { class: 'guard-lead' },
      t('guard.pending', { at: formatDateTime(pending.at), removals: pending.removals, total: pending.totalClients }),
    ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('guard.hash')),
      h(
        'dd',
        {},
        h('code', { class: 'hash' }, pending.hash),
        ' ',
        h('button', { type: 'button', class: 'small', onclick: () => copyText(pending.hash) }, t('common.copy')),
      ),
      h('dt', {}, t('guard.codes')),
      h(
        'dd',
        {},
        h(
          'ul',
          { class: 'code-list' },
          pending.codes.map((code) => h('li', {}, clientLink(code))),
        ),
      ),
    ),
    h(
      'button',
      { type: 'button', class: 'danger', id: 'guard-confirm', onclick: confirm },
      t('guard.confirm', { removals: pending.removals }),
    ),
  );
}

function releasedView(released) {
  if (!released.length) return null;
  const recent = [...released].reverse().slice(0, 5);
  return h(
    'div',
    { class: 'guard-released' },
    h('h3', {}, t('guard.released')),
    h(
      'ul',
      {},
      recent.map((r) => h('li', {}, t('guard.releasedItem', { hash: r.hash, by: r.by, at: formatDateTime(r.at) }))),
    ),
  );
}

/** Loads `/api/guard` into `body`; marks the section when a set is pending. */
export async function renderGuard(section, body) {
  try {
    const { data } = await api('/api/guard');
    section.classList.toggle('attention', Boolean(data.pending));
    fill(
      body,
      data.pending
        ? pendingView(data.pending, () => renderGuard(section, body))
        : h('p', { class: 'muted' }, t('guard.none')),
      releasedView(data.released ?? []),
    );
  } catch (error) {
    fill(body, h('p', { class: 'error' }, errorText(error)));
  }
}
