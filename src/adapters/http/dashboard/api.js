// The API of docs/api-contract.md, with the bearer token the user typed (kept in
// sessionStorage) and the dialogs that ask for it or for a confirmation.
import { t } from './i18n.js';

const TOKEN_KEY = 'sgp-ozmap.token';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function storedToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function storeToken(token) {
  try {
    if (token === null) sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Storage disabled: the token is asked again at the next 401.
  }
  document.dispatchEvent(new CustomEvent('dashboard:token'));
}

export const hasToken = () => storedToken() !== null;
export const forgetToken = () => storeToken(null);

/**
 * Calls the API and answers `{ status, data }`. A 401, or a 403 other than
 * ADMIN_TOKEN_NOT_CONFIGURED, asks for a token and retries; `accept` lists statuses that are
 * answers rather than errors (503 from /ready, 409 from the guard confirmation).
 */
export async function api(path, { method = 'GET', body, accept = [] } = {}) {
  for (;;) {
    const token = storedToken();
    const headers = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, 'NETWORK', t('error.network'));
    }
    const data = await response.json().catch(() => null);
    const code = data?.error?.code ?? null;
    if (response.status === 403 && code === 'ADMIN_TOKEN_NOT_CONFIGURED')
      throw new ApiError(403, code, t('auth.notConfigured'));
    if (response.status === 401 || response.status === 403) {
      // Forget a refused token, unless another request already stored a newer one.
      if (token && storedToken() === token) storeToken(null);
      const typed = await askToken({ admin: method !== 'GET', refused: Boolean(token) });
      if (!typed) throw new ApiError(response.status, code ?? 'UNAUTHORIZED', t('auth.cancelled'));
      storeToken(typed);
      continue;
    }
    if (!response.ok && !accept.includes(response.status)) {
      throw new ApiError(
        response.status,
        code ?? `HTTP_${response.status}`,
        data?.error?.message ?? `HTTP ${response.status}`,
      );
    }
    return { status: response.status, data };
  }
}

/** A query string from the entries that have a value. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== null && value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

// --- dialogs --------------------------------------------------------------------------

let asking = null;

/** One prompt at a time: requests that fail together wait for the same answer. */
function askToken({ admin, refused }) {
  if (asking) return asking;
  const dialog = document.getElementById('token-dialog');
  const input = document.getElementById('token-input');
  document.getElementById('token-text').textContent = t(admin ? 'auth.adminText' : 'auth.readText');
  document.getElementById('token-refused').hidden = !refused;
  input.value = '';
  dialog.returnValue = '';
  asking = new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => {
        asking = null;
        const token = input.value.trim();
        input.value = '';
        resolve(dialog.returnValue === 'ok' && token ? token : null);
      },
      { once: true },
    );
  });
  dialog.showModal();
  return asking;
}

/** Asks the user to confirm; resolves true only on the confirm button. */
export function confirmDialog({ title, text, detail, confirmLabel }) {
  const dialog = document.getElementById('confirm-dialog');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-detail').textContent = detail ?? '';
  document.getElementById('confirm-ok').textContent = confirmLabel;
  dialog.returnValue = '';
  const answer = new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
  });
  dialog.showModal();
  return answer;
}

/** Wires the cancel buttons of the dialogs (they are plain buttons, so Enter submits). */
export function wireDialogs() {
  for (const button of document.querySelectorAll('dialog [data-close]')) {
    button.addEventListener('click', () => button.closest('dialog').close('cancel'));
  }
}
