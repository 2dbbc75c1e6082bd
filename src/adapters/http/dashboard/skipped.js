// (c) Contracts not created, by reason (docs/RULES.md R2, R3), with the SGP CTO names that match no
// OZmap box, the similar boxes, and a CTO_ALIASES file to start from.
import { api } from './api.js';
import { copyText, errorText, fill, formatNumber, h, labelOf, quoted } from './dom.js';
import { has, t, tn } from './i18n.js';

const SHOWN_CODES = 12;

/** The first codes of a group of `count` contracts; the API sends only some codes, so the rest is counted from `count`. */
function codeLinks(codes, count) {
  const shown = codes.slice(0, SHOWN_CODES);
  const rest = Math.max(count ?? codes.length, codes.length) - shown.length;
  return h(
    'p',
    { class: 'codes' },
    shown.map((code, i) => [i > 0 ? ', ' : '', h('a', { href: `#/client/${encodeURIComponent(code)}` }, code)]),
    rest > 0 ? ` ${t('common.andMore', { count: formatNumber(rest, 0) })}` : '',
  );
}

export const reasonTitle = (reason) =>
  has(`reason.${reason}`) ? t(`reason.${reason}`) : t('reason.other', { reason });

function reasonCard(group, onSearch) {
  const why = has(`reason.${group.reason}.why`) ? h('p', {}, t(`reason.${group.reason}.why`)) : null;
  return h(
    'li',
    { class: 'reason-card' },
    h(
      'div',
      { class: 'reason-head' },
      h('h3', {}, reasonTitle(group.reason)),
      h('span', { class: 'count' }, tn('skipped.count', group.count)),
      h('code', { class: 'reason-code' }, group.reason),
    ),
    why,
    codeLinks(group.codes ?? [], group.count),
    h(
      'button',
      { type: 'button', class: 'small secondary', onclick: () => onSearch(group.reason) },
      t('skipped.search'),
    ),
  );
}

function suggestion(s) {
  const why = s.why === 'edit-distance' ? tn('why.edit-distance', s.distance ?? 0) : labelOf('why', s.why);
  return h(
    'li',
    {},
    h('span', { class: 'box-name' }, quoted(s.boxName)),
    ' ',
    h('span', { class: 'muted' }, `(${why})`),
  );
}

function unmatchedTable(unmatched) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { id: 'unmatched-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, t('unmatched.cto')),
          h('th', { scope: 'col' }, t('unmatched.contracts')),
          h('th', { scope: 'col' }, t('unmatched.suggestions')),
        ),
      ),
      h(
        'tbody',
        {},
        unmatched.map((u) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, h('span', { class: 'box-name' }, u.cto)),
            h('td', {}, tn('skipped.count', u.count), codeLinks(u.codes ?? [], u.count)),
            h(
              'td',
              {},
              u.suggestions?.length
                ? h('ul', { class: 'suggestions' }, u.suggestions.map(suggestion))
                : h('span', { class: 'muted' }, t('unmatched.noSuggestion')),
            ),
          ),
        ),
      ),
    ),
  );
}

function aliasesView(snippet) {
  const json = JSON.stringify(snippet, null, 2);
  return h(
    'div',
    { class: 'aliases' },
    h(
      'div',
      { class: 'aliases-head' },
      h('h3', { id: 'aliases-title' }, t('aliases.title')),
      h('button', { type: 'button', class: 'small', onclick: () => copyText(json) }, t('aliases.copy')),
    ),
    h('p', { class: 'muted' }, t('aliases.intro')),
    h(
      'pre',
      { class: 'snippet', 'aria-labelledby': 'aliases-title', tabindex: '0' },
      h('code', { id: 'aliases-snippet' }, json),
    ),
  );
}

/** Loads `/api/skipped` into `body`; `onSearch(reason)` lists those contracts in the search. */
export async function renderSkipped(body, onSearch) {
  try {
    const { data } = await api('/api/skipped');
    const reasons = data.reasons ?? [];
    const unmatched = data.unmatchedCtos ?? [];
    const snippet = data.aliasesSnippet ?? {};
    fill(
      body,
      reasons.length === 0
        ? h('p', { class: 'muted' }, t('skipped.none'))
        : h(
            'ul',
            { class: 'reason-list' },
            reasons.map((g) => reasonCard(g, onSearch)),
          ),
      unmatched.length === 0
        ? null
        : h(
            'div',
            { class: 'unmatched' },
            h('h3', {}, t('unmatched.title')),
            h('p', { class: 'muted' }, t('unmatched.intro')),
            unmatchedTable(unmatched),
          ),
      Object.keys(snippet).length === 0 ? null : aliasesView(snippet),
    );
  } catch (error) {
    fill(body, h('p', { class: 'error' }, errorText(error)));
  }
}
