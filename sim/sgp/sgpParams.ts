/**
 * Request parameters as SGP reads them: from a form-urlencoded or JSON body, falling back to the
 * query string. A form may repeat a key (`contrato_status=1&contrato_status=4`), hence arrays.
 */
export type SgpParams = Readonly<Record<string, unknown>>;

export function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const previous = out[key];
    out[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return out;
}

export function mergeParams(query: unknown, body: unknown): SgpParams {
  const asRecord = (v: unknown): Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  return { ...asRecord(query), ...asRecord(body) };
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** An integer parameter, or `fallback` when absent or not an integer. */
export function intParam(params: SgpParams, name: string, fallback: number): number {
  const value = first(params[name]);
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isInteger(n) ? n : fallback;
}

/** `1`, `true`, `"1"`, `"true"`, `"on"` are set; anything else (absent, `0`, "") is not. */
export function flagParam(params: SgpParams, name: string): boolean {
  const value = first(params[name]);
  if (value === true || value === 1) return true;
  return typeof value === 'string' && ['1', 'true', 'on', 'sim'].includes(value.trim().toLowerCase());
}

export function stringParam(params: SgpParams, name: string): string | undefined {
  const value = first(params[name]);
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Several codes: repeated, a JSON array, or comma-separated ("1,4"). Empty set = no filter. */
export function codesParam(params: SgpParams, name: string): ReadonlySet<number> {
  const raw = params[name];
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const codes = values
    .flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]))
    .map((v) => (typeof v === 'string' ? Number(v.trim()) : v))
    .filter((v): v is number => typeof v === 'number' && Number.isInteger(v));
  return new Set(codes);
}
