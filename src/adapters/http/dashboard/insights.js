// The insights (issue 16): suspected outages, RX degradation with its CSV, a box's or PON's
// status strip (`#/place/<box|pon>/<name>`), and the RX chart of a client page. Inline SVG.
import { api, query } from './api.js';
import { errorText, fill, formatDateTime, formatNumber, formatRx, formatShortDateTime, h } from './dom.js';
import { t } from './i18n.js';
import './insightsText.js';

const SVG = 'http://www.w3.org/2000/svg';
const STRIP_DAYS = 7;

/** An SVG element: `h` creates HTML elements, which do not draw inside an <svg>. */
function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs))
    if (value !== null && value !== undefined) el.setAttribute(name, String(value));
  for (const child of children.flat()) if (child) el.append(child instanceof Node ? child : String(child));
  return el;
}

export const placeHash = (kind, name) => `#/place/${kind}/${encodeURIComponent(name)}`;
const placeLink = (kind, name) => h('a', { href: placeHash(kind, name) }, t(`place.${kind}`, { name }));
const clientLink = (code) => h('a', { href: `#/client/${encodeURIComponent(code)}` }, code);
const codeList = (codes) =>
  h(
    'span',
    { class: 'codes' },
    codes.map((c, i) => [i > 0 ? ', ' : '', clientLink(c)]),
  );

function outageState(o) {
  return o.clearedAt
    ? h('span', { class: 'pill state-created' }, t('outages.cleared', { at: formatShortDateTime(o.clearedAt) }))
    : h('span', { class: 'pill state-rejected' }, t('outages.open'));
}

function outageTable(outages, id) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { id },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['outages.place', 'outages.started', 'outages.clients', 'outages.state'].map((k) =>
            h('th', { scope: 'col' }, t(k)),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        outages.map((o) =>
          h(
            'tr',
            { 'data-outage': o.id },
            h('th', { scope: 'row' }, placeLink(o.placeKind, o.place)),
            h('td', {}, formatDateTime(o.startedAt)),
            h(
              'td',
              {},
              h('p', {}, t('outages.count', { offline: o.clients.length, total: o.placeClients, back: o.back.length })),
              codeList(o.clients),
            ),
            h('td', {}, outageState(o)),
          ),
        ),
      ),
    ),
  );
}

/** The panel of suspected outages, newest first. */
export async function renderOutages(body) {
  try {
    const { data } = await api('/api/insights/outages');
    const outages = data.outages ?? [];
    fill(
      body,
      outages.length === 0
        ? h('p', { class: 'muted' }, t('outages.none'))
        : outageTable(outages.slice(0, 20), 'outages-table'),
    );
  } catch (error) {
    fill(body, h('p', { class: 'error' }, errorText(error)));
  }
}

function placesTable(report) {
  const rows = ['boxes', 'splitters', 'pons'].flatMap((kind) =>
    report[kind].filter((p) => p.likelyFault).map((p) => ({ kind, ...p })),
  );
  if (rows.length === 0) return null;
  const link = (row) =>
    row.kind === 'boxes' ? placeLink('box', row.place) : row.kind === 'pons' ? placeLink('pon', row.place) : row.place;
  return h(
    'div',
    { class: 'table-wrap' },
    h('h3', {}, t('rx.places')),
    h(
      'table',
      { id: 'rx-places' },
      h(
        'tbody',
        {},
        rows.map((row) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, t(`rx.placeKind.${row.kind}`)),
            h('td', {}, link(row)),
            h('td', {}, t('rx.degradedOf', { degraded: row.degraded, measured: row.measured })),
            h('td', {}, h('span', { class: 'pill state-rejected' }, t('rx.fault'))),
          ),
        ),
      ),
    ),
  );
}

/** The RX degradation report, its likely fault places and the CSV link. */
export async function renderRx(body) {
  try {
    const { data } = await api('/api/insights/rx');
    const s = data.settings;
    fill(
      body,
      h(
        'p',
        { class: 'muted' },
        t('rx.intro', { db: formatNumber(s.rxDegradationDb), days: s.rxWindowDays, edge: s.rxEdgeDays }),
        ' ',
        t('rx.measured', { count: data.measured }),
      ),
      h(
        'p',
        {},
        h('a', { href: '/api/insights/rx.csv', download: 'degradacao-rx.csv', class: 'button small' }, t('rx.csv')),
      ),
      placesTable(data),
      data.clients.length === 0
        ? h('p', { class: 'muted' }, t('rx.none'))
        : h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { id: 'rx-table' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ['rx.client', 'outages.place', 'rx.first', 'rx.last', 'rx.drop'].map((k) =>
                    h('th', { scope: 'col' }, t(k)),
                  ),
                ),
              ),
              h(
                'tbody',
                {},
                data.clients
                  .slice(0, 50)
                  .map((c) =>
                    h(
                      'tr',
                      {},
                      h('th', { scope: 'row' }, clientLink(c.code), ' ', h('span', { class: 'muted' }, c.name)),
                      h(
                        'td',
                        {},
                        c.box ? placeLink('box', c.box) : '—',
                        c.pon ? [' · ', placeLink('pon', c.pon)] : null,
                      ),
                      h('td', {}, formatRx(c.firstDbm)),
                      h('td', {}, formatRx(c.lastDbm)),
                      h('td', {}, `${formatNumber(c.dropDb)} dB`),
                    ),
                  ),
              ),
            ),
          ),
    );
  } catch (error) {
    fill(body, h('p', { class: 'error' }, errorText(error)));
  }
}

/** One client's status over the span, as coloured segments of one bar. */
function strip(segments, from, to) {
  const start = Date.parse(from);
  const span = Date.parse(to) - start;
  const x = (iso) => ((Date.parse(iso) - start) / span) * 100;
  const cls = (online) => (online === true ? 'strip-online' : online === false ? 'strip-offline' : 'strip-unknown');
  const label = (online) => t(online === true ? 'strip.online' : online === false ? 'strip.offline' : 'strip.unknown');
  return svg(
    'svg',
    {
      class: 'strip',
      viewBox: '0 0 100 10',
      preserveAspectRatio: 'none',
      role: 'img',
      'aria-label': segments.map((s) => `${label(s.online)} ${formatShortDateTime(s.from)}`).join('; '),
    },
    segments.map((s) =>
      svg(
        'rect',
        { class: cls(s.online), x: x(s.from), y: 0, width: Math.max(0.2, x(s.to) - x(s.from)), height: 10 },
        svg('title', {}, `${label(s.online)}: ${formatShortDateTime(s.from)} – ${formatShortDateTime(s.to)}`),
      ),
    ),
  );
}

/** `#/place/<kind>/<name>`: the place's clients as status strips, and its outages. */
export async function renderPlace(view, kind, name, { focus = true } = {}) {
  const back = h('p', { class: 'back' }, h('a', { href: '#outages' }, t('place.back')));
  const heading = h('h2', { id: 'place-title', tabindex: '-1' }, t(`place.${kind}`, { name }));
  try {
    const { data } = await api(`/api/insights/place${query({ kind, name, days: STRIP_DAYS })}`);
    fill(
      view,
      back,
      heading,
      h(
        'section',
        { class: 'panel' },
        h('h3', {}, t('place.strip', { days: STRIP_DAYS })),
        h(
          'div',
          { class: 'strip-legend' },
          ['online', 'offline', 'unknown'].map((s) => h('span', { class: `legend strip-${s}` }, t(`strip.${s}`))),
        ),
        data.clients.length === 0
          ? h('p', { class: 'muted' }, t('place.noClients'))
          : h(
              'ul',
              { id: 'place-strips', class: 'strips' },
              data.clients.map((c) =>
                h(
                  'li',
                  {},
                  h('span', { class: 'strip-name' }, clientLink(c.code), ' ', h('span', { class: 'muted' }, c.name)),
                  strip(c.segments, data.from, data.to),
                ),
              ),
            ),
      ),
      h(
        'section',
        { class: 'panel' },
        h('h3', {}, t('place.outages')),
        data.outages.length === 0
          ? h('p', { class: 'muted' }, t('outages.none'))
          : outageTable(data.outages, 'place-outages'),
      ),
    );
  } catch (error) {
    fill(view, back, heading, h('p', { class: 'error' }, errorText(error)));
  }
  if (focus) heading.focus();
}

/** The client's RX over time as a line, with its connection changes marked. */
export async function rxChart(code) {
  const section = h('section', { class: 'panel', id: 'rx-chart' }, h('h3', {}, t('chart.title')));
  try {
    const { data } = await api(`/api/insights/clients/${encodeURIComponent(code)}`);
    const points = data.rx.filter(([, v]) => v !== null);
    if (points.length === 0)
      return fill(section, h('h3', {}, t('chart.title')), h('p', { class: 'muted' }, t('chart.none')));
    const now = Date.now();
    const times = [...points.map(([at]) => Date.parse(at)), ...data.status.map(([at]) => Date.parse(at))];
    const t0 = Math.min(...times);
    const t1 = Math.max(now, ...times);
    const values = points.map(([, v]) => v);
    const lo = Math.floor(Math.min(...values) - 1);
    const hi = Math.ceil(Math.max(...values) + 1);
    const W = 600,
      H = 160,
      L = 44,
      B = 20;
    const x = (ms) => L + ((ms - t0) / Math.max(1, t1 - t0)) * (W - L - 8);
    const y = (v) => 8 + ((hi - v) / (hi - lo)) * (H - B - 8);
    // A step line: a reading stands until the next one.
    let d = '';
    points.forEach(([at, v], i) => {
      const px = x(Date.parse(at));
      d += i === 0 ? `M${px},${y(v)}` : `H${px}V${y(v)}`;
    });
    d += `H${x(t1)}`;
    const marks = data.status.slice(1).map(([at, online]) =>
      svg(
        'line',
        {
          class: online ? 'mark-online' : 'mark-offline',
          x1: x(Date.parse(at)),
          x2: x(Date.parse(at)),
          y1: 8,
          y2: H - B,
        },
        svg(
          'title',
          {},
          `${t('chart.statusChange')}: ${t(online === true ? 'strip.online' : online === false ? 'strip.offline' : 'strip.unknown')} ${formatDateTime(at)}`,
        ),
      ),
    );
    const chart = svg(
      'svg',
      {
        class: 'rx-chart',
        viewBox: `0 0 ${W} ${H}`,
        role: 'img',
        'aria-label': `${t('chart.title')}: ${points
          .map(([at, v]) => `${formatShortDateTime(at)} ${formatRx(v)}`)
          .slice(-10)
          .join('; ')}`,
      },
      svg('text', { x: 2, y: y(hi) + 4, class: 'axis' }, formatRx(hi, false)),
      svg('text', { x: 2, y: y(lo), class: 'axis' }, formatRx(lo, false)),
      svg('text', { x: L, y: H - 4, class: 'axis' }, formatShortDateTime(new Date(t0).toISOString())),
      svg(
        'text',
        { x: W - 8, y: H - 4, class: 'axis', 'text-anchor': 'end' },
        formatShortDateTime(new Date(t1).toISOString()),
      ),
      svg('line', { x1: L, x2: L, y1: 8, y2: H - B, class: 'axis-line' }),
      marks,
      svg('path', { d, class: 'rx-line' }),
    );
    section.append(chart);
  } catch (error) {
    section.append(h('p', { class: 'error' }, errorText(error)));
  }
  return section;
}
