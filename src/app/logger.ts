import pino from 'pino';
import type { DestinationStream, Level, LevelWithSilent, LogFn, Logger } from 'pino';

/**
 * The service's logger. Secrets are kept out of every line two ways, because either alone leaks:
 * - by key: any field named like a credential (token, authorization, password, apiKey, ...) is
 *   censored at any depth, whatever its value;
 * - by value: the configured secret values themselves are replaced wherever they appear, in the
 *   message, in nested strings, in error messages and stacks (an SGP URL carries `?token=` in its
 *   query string, an error can quote a request).
 */

export const REDACTED = '[REDACTED]';

export interface CreateLoggerOptions {
  level: LevelWithSilent;
  /** Where lines go; stdout when left out. Tests pass a stream that captures them. */
  destination?: DestinationStream;
  /** The configured secret values (see configSecrets in src/app/config). */
  secrets?: readonly string[];
}

// Names as written in the config, the environment and HTTP headers.
const SECRET_KEYS = [
  'token',
  'authorization',
  'Authorization',
  'password',
  'apiKey',
  'api_key',
  'adminToken',
  'readToken',
  'SGP_TOKEN',
  'SGP_PASSWORD',
  'OZMAP_API_KEY',
  'OZMAP_PASSWORD',
  'ADMIN_TOKEN',
  'READ_TOKEN',
];
const HEADER_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.headers.authorization',
  '*.headers.Authorization',
  '*.headers.cookie',
  '*.headers["x-api-key"]',
];
/**
 * pino's own redaction, for what it serialises after our formatter has run (the `req`/`res`/`err`
 * serializers). Its paths have a fixed depth, hence four levels of wildcards.
 */
const REDACT_PATHS = [
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]),
  ...HEADER_PATHS,
];

/** Field names that hold a credential, compared without case, `-` or `_`. */
function isSecretKey(key: string): boolean {
  const name = key.toLowerCase().replace(/[-_]/g, '');
  return (
    name.endsWith('token') ||
    name.endsWith('password') ||
    name.endsWith('apikey') ||
    name.endsWith('secret') ||
    name === 'authorization' ||
    name === 'proxyauthorization' ||
    name === 'cookie' ||
    name === 'setcookie'
  );
}

/**
 * Every spelling a secret travels in: as is, URL-encoded (query strings), JSON-escaped (a quoted
 * response body). Longest first, so a secret that contains another is replaced whole.
 */
function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === '') continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

function replaceForms(text: string, forms: readonly string[]): string {
  let result = text;
  for (const form of forms) if (result.includes(form)) result = result.split(form).join(REDACTED);
  return result;
}

/** Replaces every occurrence of the secret values in a text (an error message, a response body). */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return replaceForms(text, secretForms(secrets));
}

type Scrub = (value: unknown) => unknown;

// pino serialises errors onto its own prototype; those copies are as plain as object literals.
const SERIALIZED_ERROR_PROTOTYPE: unknown = Object.getPrototypeOf(pino.stdSerializers.err(new Error()));

function isPlainRecord(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null || prototype === SERIALIZED_ERROR_PROTOTYPE;
}

/**
 * A deep copy with secret fields censored and secret values replaced. Errors become pino's
 * serialised form (type, message, stack, cause chain, own fields) so their text can be scrubbed.
 * Only plain objects, arrays and errors are copied: any other instance (a Fastify request, a
 * Date) is left to its serializer or toJSON, which a copy would lose.
 */
function createScrubber(secrets: readonly string[], scrubbed: WeakSet<object>): Scrub {
  const forms = secretForms(secrets);
  const scrub = (value: unknown, seen: WeakSet<object>, depth: number): unknown => {
    if (typeof value === 'string') return forms.length === 0 ? value : replaceForms(value, forms);
    if (typeof value !== 'object' || value === null) return value;
    if (value instanceof URL) return scrub(value.href, seen, depth);
    if (value instanceof Error) return scrub(pino.stdSerializers.err(value), seen, depth);
    const isArray = Array.isArray(value);
    if (!isArray && !isPlainRecord(value)) return value;
    if (seen.has(value)) return '[Circular]';
    if (depth > 32) return '[Too deep]';
    seen.add(value);
    let copy: unknown;
    if (isArray) copy = value.map((item) => scrub(item, seen, depth + 1));
    else {
      const entries = Object.entries(value).map(([key, inner]) => [
        key,
        isSecretKey(key) && inner !== undefined && inner !== null ? REDACTED : scrub(inner, seen, depth + 1),
      ]);
      copy = Object.fromEntries(entries);
    }
    seen.delete(value);
    scrubbed.add(copy as object);
    return copy;
  };
  return (value) => scrub(value, new WeakSet(), 0);
}

/** As the logger does it, for API responses and alert payloads: a scrubbed deep copy. */
export function scrubSecretsDeep(value: unknown, secrets: readonly string[]): unknown {
  return createScrubber(secrets, new WeakSet())(value);
}

/** Node's request and response objects, which pino maps itself before our formatter sees them. */
function isHttpMessage(value: object): boolean {
  return ('method' in value && 'headers' in value && 'socket' in value) || 'setHeader' in value;
}

export function createLogger(options: CreateLoggerOptions): Logger {
  // Objects already scrubbed by the log-method hook, so the formatter does not walk them twice.
  const scrubbed = new WeakSet<object>();
  const scrub = createScrubber(options.secrets ?? [], scrubbed);
  const logOptions: pino.LoggerOptions = {
    level: options.level,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    hooks: {
      // Before pino formats the message: the message, its `%s`/`%j` arguments, and an error
      // whose message pino would otherwise copy into `msg` unscrubbed.
      logMethod(args: Parameters<LogFn>, method: LogFn, _level: number) {
        const clean = (args as unknown[]).map((arg, index) => {
          if (index === 0 && arg instanceof Error) return scrub({ err: arg });
          if (index === 0 && typeof arg === 'object' && arg !== null && isHttpMessage(arg)) return arg;
          return scrub(arg);
        });
        return method.apply(this, clean as Parameters<LogFn>);
      },
    },
    formatters: {
      // Objects the hook did not see, such as pino's own mapping of a Node request.
      log: (object) => (scrubbed.has(object) ? object : (scrub(object) as Record<string, unknown>)),
    },
    // The error is already serialised and scrubbed by then; serialising it again would lose its type.
    serializers: { err: (value: unknown) => (isObject(value) && scrubbed.has(value) ? value : scrub(value)) },
  };
  const logger = options.destination ? pino(logOptions, options.destination) : pino(logOptions);
  // pino does not pass a child's bindings through the bindings formatter, so scrub them here;
  // children inherit this method, so grandchildren are covered too.
  const child = logger.child;
  logger.child = function scrubbedChild(this: Logger, bindings, childOptions) {
    return child.call(this, scrub(bindings) as pino.Bindings, childOptions);
  } as Logger['child'];
  return logger;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

export type { Logger, Level };
