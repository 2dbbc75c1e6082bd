// The dashboard: header (service state, next runs, actions), the overview sections, and the
// client page behind `#/client/<code>?at=<instant>`. Plain ES modules, no build step.
import { api, forgetToken, hasToken, wireDialogs } from './api.js';
import { renderClient } from './client.js';
import { renderCycles } from './cycles.js';
import { errorText, fill, formatRelative, formatWhen, h, labelOf, notify, setTimeZone } from './dom.js';
import { renderGuard } from './guard.js';
import { renderContested } from './contested.js';
import { applyStatic, has, lang, setLang, t } from './i18n.js';
import { renderPlan, wirePlan } from './plan.js';
import { renderOutages, renderPlace, renderRx } from './insights.js';
import { createSearch } from './search.js';
import { renderSkipped } from './skipped.js';
import { renderDrift } from './drift.js';

const REFRESH_MS = 30_000;
const $ = (id) => document.getElementById(id);

let meta = null;
let readiness = null;
let search = null;

// --- header ---------------------------------------------------------------------------

async function loadReady() {
  try {
    const { data } = await api('/ready', { accept: [503] });
    readiness = { ready: data?.ready === true, reasons: data?.reasons ?? [], problems: data?.problems ?? [] };
  } catch {
    readiness = { ready: null, reasons: [], problems: [] };
  }
  renderReady();
}

let shownReadiness = '';

/** The reasons in the page's language, from `/ready`'s problems; its English sentence for a code this page does not know. */
function readinessReasons(state) {
  const reasons = state?.reasons ?? [];
  const problems = state?.problems ?? [];
  if (problems.length !== reasons.length) return reasons;
  return problems.map((problem, i) =>
    has(`ready.${problem.code}`)
      ? t(`ready.${problem.code}`, {
          ...problem,
          kind: problem.kind ? labelOf('kind', problem.kind).toLowerCase() : '',
        })
      : reasons[i],
  );
}

/** Redraws the state only when it changed: the box is a live region, read out on each change. */
function renderReady() {
  const state =
    readiness?.ready === true
      ? 'ready'
      : readiness?.ready === false
        ? 'degraded'
        : readiness
          ? 'unreachable'
          : 'loading';
  const shown = JSON.stringify([lang(), state, readiness?.reasons ?? []]);
  if (shown === shownReadiness) return;
  shownReadiness = shown;
  const box = $('service-state');
  box.className = `service-state is-${state}`;
  fill(
    box,
    h('span', { class: 'dot', 'aria-hidden': 'true' }),
    h('span', { class: 'visually-hidden' }, `${t('state.label')}: `),
    t(`state.${state}`),
  );
  const reasons = readinessReasons(readiness);
  fill(
    $('ready-reasons'),
    reasons.map((reason) => h('li', {}, reason)),
  );
  $('ready-reasons').hidden = state !== 'degraded' || reasons.length === 0;
}

async function loadMeta() {
  try {
    meta = (await api('/api/meta')).data;
    setTimeZone(meta.timezone);
  } catch (error) {
    notify(errorText(error), 'error');
  }
  renderMeta();
}

function renderMeta() {
  $('dry-run').hidden = !meta?.dryRun;
  const when = (iso) => (iso ? t('next.at', { time: formatWhen(iso), relative: formatRelative(iso) }) : t('next.none'));
  fill(
    $('next-runs'),
    h('div', {}, h('dt', {}, t('next.sync')), h('dd', {}, when(meta?.nextRuns?.sync))),
    h('div', {}, h('dt', {}, t('next.cancel')), h('dd', {}, when(meta?.nextRuns?.cancel))),
  );
  fill(
    $('footer-info'),
    meta
      ? `${t('footer.version', { version: meta.version })} · ${t('footer.timezone', { timezone: meta.timezone })}`
      : '',
  );
}

async function runCycle(kind, button) {
  button.disabled = true;
  try {
    const { data } = await api('/api/cycles', { method: 'POST', body: { kind } });
    const running = data?.running
      ? ` ${t('action.running', { kind: labelOf('kind', data.running).toLowerCase() })}`
      : '';
    notify(`${t(`action.queued.${kind}`)}${running}`);
    setTimeout(() => void refresh(), 3000);
  } catch (error) {
    notify(errorText(error), 'error');
  } finally {
    button.disabled = false;
  }
}

// --- overview and routing -------------------------------------------------------------

function renderOverview() {
  return Promise.all([
    renderGuard($('guard'), $('guard-body')),
    renderContested($('contested'), $('contested-body')),
    renderCycles($('cycles-body')),
    renderSkipped($('skipped-body'), (reason) => search.byReason(reason)),
    renderPlan($('plan-body'), $('plan-live-body')),
    renderOutages($('outages-body')),
    renderRx($('rx-body')),
    renderDrift($('drift-body')),
  ]);
}

/** `#/client/<code>?at=<iso>` is a client page; anything else is the overview (and an anchor in it). */
function route({ focus = true } = {}) {
  const match = /^#\/client\/([^?]*)(?:\?(.*))?$/.exec(location.hash);
  const place = /^#\/place\/(box|pon)\/(.+)$/.exec(location.hash);
  const overview = $('overview');
  const clientView = $('client-view');
  if (place) {
    overview.hidden = true;
    clientView.hidden = false;
    return renderPlace(clientView, place[1], decodeURIComponent(place[2]), { focus });
  }
  if (match) {
    overview.hidden = true;
    clientView.hidden = false;
    const at = new URLSearchParams(match[2] ?? '').get('at');
    return renderClient(clientView, decodeURIComponent(match[1]), at, { focus });
  }
  clientView.hidden = true;
  clientView.replaceChildren();
  overview.hidden = false;
  const target = location.hash.length > 1 ? document.getElementById(location.hash.slice(1)) : null;
  if (target && focus) {
    target.scrollIntoView();
    target.querySelector('h2')?.focus({ preventScroll: true });
  }
  return Promise.resolve();
}

/** The periodic refresh: leaves alone a section the user is working in. */
async function refresh() {
  await Promise.all([loadReady(), loadMeta()]);
  if ($('overview').hidden || document.querySelector('dialog[open]')) return;
  const busy = (el) => el.contains(document.activeElement);
  if (!busy($('guard'))) void renderGuard($('guard'), $('guard-body'));
  if (!busy($('contested'))) void renderContested($('contested'), $('contested-body'));
  if (!busy($('cycles')) && $('cycles-body').dataset.expanded !== 'yes') void renderCycles($('cycles-body'));
  if (!busy($('plan'))) void renderPlan($('plan-body'), $('plan-live-body'));
  if (!busy($('outages'))) void renderOutages($('outages-body'));
  if (!busy($('drift'))) void renderDrift($('drift-body'));
}

async function switchLanguage() {
  setLang(lang() === 'pt' ? 'en' : 'pt');
  applyStatic();
  renderReady();
  renderMeta();
  search.relabel();
  await Promise.all([renderOverview(), route({ focus: false })]);
}

function showTokenControl() {
  $('forget-token').hidden = !hasToken();
}

async function boot() {
  applyStatic();
  wireDialogs();
  renderReady();
  search = createSearch($('search-form'), $('search-results'));
  $('lang-switch').addEventListener('click', () => void switchLanguage());
  $('run-sync').addEventListener('click', (event) => void runCycle('sync', event.currentTarget));
  $('run-cancel').addEventListener('click', (event) => void runCycle('cancel', event.currentTarget));
  wirePlan($('plan-live'), $('plan-live-body'));
  $('forget-token').addEventListener('click', () => {
    forgetToken();
    notify(t('auth.forgotten'));
  });
  // The skip link focuses the content without changing the hash (the hash is the route).
  $('skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    $('main').focus();
  });
  document.addEventListener('dashboard:token', showTokenControl);
  document.addEventListener('dashboard:changed', () => void refresh());
  showTokenControl();

  await loadMeta(); // the time zone, before any date is shown
  void loadReady();
  window.addEventListener('hashchange', () => void route());
  await Promise.all([route({ focus: false }), renderOverview()]);
  document.body.dataset.loaded = 'yes';
  setInterval(() => void refresh(), REFRESH_MS);
}

void boot();
