/**
 * The one place that decides what a secret is and how it is kept out of text: the HTTP
 * transport's error messages and body excerpts, the logger, the API's responses, alerts and
 * configuration errors all use it. Pure: the secret values come from the configuration.
 */

export const REDACTED = '[REDACTED]';

/** The settings whose whole value is a secret (ALERT_WEBHOOK_URL: chat webhooks carry their key in the URL). */
export const SECRET_SETTINGS = [
  'SGP_TOKEN',
  'SGP_PASSWORD',
  'OZMAP_API_KEY',
  'OZMAP_PASSWORD',
  'ADMIN_TOKEN',
  'READ_TOKEN',
  'ALERT_WEBHOOK_URL',
] as const;

/**
 * Whether a field name holds a credential or a customer secret, compared without case, `-` or
 * `_`: tokens, passwords (SGP's `senha`, `wifi_password_5`), API keys, authorization headers,
 * cookies, secrets, CPF/CNPJ. The same rule for log fields, API responses and body excerpts.
 */
export function isSecretKey(key: string): boolean {
  const name = key.toLowerCase().replace(/[-_]/g, '');
  return /senha|passw|passwd|token|secret|apikey|authorization|cookie|cpf|cnpj/.test(name) || name.endsWith('pass');
}

/**
 * Every spelling a secret travels in: as is, URL-encoded (query strings), JSON-escaped (a quoted
 * response body). Longest first, so that a secret containing another is replaced whole.
 */
export function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === '') continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** `text` with every form (from `secretForms`) replaced by REDACTED. */
function replaceForms(text: string, forms: readonly string[]): string {
  let result = text;
  for (const form of forms) if (result.includes(form)) result = result.split(form).join(REDACTED);
  return result;
}

// scheme://[user-info@]host[path][?query][#fragment], up to a quote, a space or a bracket.
const URL_IN_TEXT =
  /\b([a-z][a-z0-9+.-]*:\/\/)([^\s"'<>@/?#]*@)?([^\s"'<>/?#]*)([^\s"'<>?#]*)(\?[^\s"'<>#]*)?(#[^\s"'<>]*)?/gi;

/**
 * A URL with the places tokens ride redacted: the password of its user-info (a lone user-info,
 * often a token, whole) and every query-string value, names kept:
 * `esdb://admin:[REDACTED]@host?tls=[REDACTED]`.
 */
export function redactUrl(url: string): string {
  return url.replace(
    URL_IN_TEXT,
    (_m, scheme: string, userInfo: string | undefined, host: string, path: string, query: string | undefined) => {
      const user =
        userInfo === undefined
          ? ''
          : userInfo.includes(':')
            ? `${userInfo.slice(0, userInfo.indexOf(':'))}:${REDACTED}@`
            : `${REDACTED}@`;
      const params = query === undefined ? '' : query.replace(/([?&][^=&]*)=[^&]*/g, `$1=${REDACTED}`);
      return `${scheme}${user}${host}${path}${params}`;
    },
  );
}

/** `text` with every URL in it redacted as `redactUrl` does, and every secret value replaced. */
export function redactText(text: string, forms: readonly string[] = []): string {
  return replaceForms(text.includes('://') ? redactUrl(text) : text, forms);
}

export interface DeepScrubOptions {
  /** An error as a plain object whose texts can be scrubbed (the logger passes pino's serializer). */
  readonly serializeError?: (error: Error) => object;
  /** Prototypes copied like object literals, besides Object's and null. */
  readonly plainPrototypes?: readonly unknown[];
  /** Told of every copy made (the logger skips objects already scrubbed). */
  readonly onCopy?: (copy: object) => void;
}

const defaultSerializeError = (error: Error): object => ({
  type: error.name,
  message: error.message,
  ...(error.stack ? { stack: error.stack } : {}),
});

/**
 * A deep copy with secret fields censored (`isSecretKey`) and secret values and URLs redacted
 * in every string. Only plain objects, arrays and errors are copied: any other instance (a
 * Fastify request, a Date) is returned as is, for its serializer or toJSON.
 */
export function createDeepScrubber(
  secrets: readonly string[],
  options: DeepScrubOptions = {},
): (value: unknown) => unknown {
  const forms = secretForms(secrets);
  const serializeError = options.serializeError ?? defaultSerializeError;
  const plain = new Set<unknown>([Object.prototype, null, ...(options.plainPrototypes ?? [])]);
  const scrub = (value: unknown, seen: WeakSet<object>, depth: number): unknown => {
    if (typeof value === 'string') return redactText(value, forms);
    if (typeof value !== 'object' || value === null) return value;
    if (value instanceof URL) return scrub(value.href, seen, depth);
    if (value instanceof Error) return scrub(serializeError(value), seen, depth);
    const isArray = Array.isArray(value);
    if (!isArray && !plain.has(Object.getPrototypeOf(value))) return value;
    if (seen.has(value)) return '[Circular]';
    if (depth > 32) return '[Too deep]';
    seen.add(value);
    const copy: object = isArray
      ? value.map((item) => scrub(item, seen, depth + 1))
      : Object.fromEntries(
          Object.entries(value).map(([key, inner]) => [
            key,
            isSecretKey(key) && inner !== undefined && inner !== null ? REDACTED : scrub(inner, seen, depth + 1),
          ]),
        );
    seen.delete(value);
    options.onCopy?.(copy);
    return copy;
  };
  return (value) => scrub(value, new WeakSet(), 0);
}
