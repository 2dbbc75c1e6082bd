import pino from 'pino';
import type { DestinationStream, Level, LevelWithSilent, LogFn, Logger } from 'pino';
import { createDeepScrubber, REDACTED, redactText, SECRET_SETTINGS, secretForms } from '../domain/redaction.ts';

/**
 * The service's logger. Secrets are kept out of every line two ways, because either alone leaks:
 * - by key: any field named like a credential (token, authorization, password, apiKey, ...) is
 *   censored at any depth, whatever its value;
 * - by value: the configured secret values themselves are replaced wherever they appear, in the
 *   message, in nested strings, in error messages and stacks (an SGP URL carries `?token=` in its
 *   query string, an error can quote a request).
 */

export { REDACTED };

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
  ...SECRET_SETTINGS,
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

/** Replaces every occurrence of the secret values in a text (an error message, a response body), and redacts its URLs. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return redactText(text, secretForms(secrets));
}

// pino serialises errors onto its own prototype; those copies are as plain as object literals.
const SERIALIZED_ERROR_PROTOTYPE: unknown = Object.getPrototypeOf(pino.stdSerializers.err(new Error()));

/** As the logger does it, for API responses and alert payloads: a scrubbed deep copy. */
export function scrubSecretsDeep(value: unknown, secrets: readonly string[]): unknown {
  return createDeepScrubber(secrets, {
    serializeError: pino.stdSerializers.err,
    plainPrototypes: [SERIALIZED_ERROR_PROTOTYPE],
  })(value);
}

/** Node's request and response objects, which pino maps itself before our formatter sees them. */
function isHttpMessage(value: object): boolean {
  return ('method' in value && 'headers' in value && 'socket' in value) || 'setHeader' in value;
}

export function createLogger(options: CreateLoggerOptions): Logger {
  // Objects already scrubbed by the log-method hook, so the formatter does not walk them twice.
  const scrubbed = new WeakSet<object>();
  const scrub = createDeepScrubber(options.secrets ?? [], {
    serializeError: pino.stdSerializers.err,
    plainPrototypes: [SERIALIZED_ERROR_PROTOTYPE],
    onCopy: (copy) => scrubbed.add(copy),
  });
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
