import { isSecretKey, REDACTED, redactText, secretForms } from '../../domain/redaction.ts';

export { REDACTED };
const EXCERPT_CHARS = 300;

/**
 * Keeps credentials and customer secrets out of error messages and body excerpts, which end up
 * in logs and in the audit trail.
 */
export interface Redactor {
  /** `text` with every configured secret (raw, URL-encoded, JSON-escaped) replaced. */
  text(text: string): string;
  /**
   * The start of a response body, for an error's details, with secrets replaced. A JSON body
   * keeps its shape and only the values that explain a failure (`detail`, `msg`, `total`, ...):
   * a truncated SGP page starts with a customer's name, CPF and service passwords, which have
   * no place in a log line.
   */
  excerpt(body: string): string;
}

// A "key": value pair of JSON text; the key is judged by `isSecretKey`.
const JSON_PAIR = new RegExp(String.raw`("([^"\\]*)"\s*:\s*)("(?:[^"\\]|\\.)*"?|[^,}\]\s]+)`, 'g');

export function createRedactor(secrets: readonly string[] = []): Redactor {
  const forms = secretForms(secrets);
  const longest = forms[0]?.length ?? 0;

  const text = (value: string): string => redactText(value, forms);

  return {
    text,
    excerpt(body) {
      // Redact a window longer than the excerpt, so that a secret straddling the cut is whole
      // when it is replaced, then cut.
      const window = text(body.slice(0, EXCERPT_CHARS + longest + 200));
      const cleaned = /^\s*[[{]/.test(window)
        ? redactJsonValues(window)
        : window.replace(JSON_PAIR, (pair: string, head: string, key: string) =>
            isSecretKey(key) ? `${head}"${REDACTED}"` : pair,
          );
      return cleaned.length > EXCERPT_CHARS ? `${cleaned.slice(0, EXCERPT_CHARS)}…` : cleaned;
    },
  };
}

// Values worth keeping in an excerpt: error texts and paging counters.
const KEPT_TEXT = new Set(['detail', 'msg', 'message', 'mensagem', 'erro', 'error', 'errors', 'status', 'title']);
const KEPT_NUMBER = new Set(['offset', 'limit', 'total', 'parcial', 'status', 'code', 'count']);
// A string (maybe cut short), with a following colon when it is a key; or a number.
const JSON_TOKEN = /"((?:[^"\\]|\\.)*)("?)(\s*:)?|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/** Replaces every string and number value of (possibly truncated) JSON, except kept keys'. */
function redactJsonValues(json: string): string {
  let key = '';
  return json.replace(
    JSON_TOKEN,
    (token: string, content: string | undefined, _quote: string, colon: string | undefined) => {
      if (content !== undefined && colon !== undefined) {
        key = content;
        return token;
      }
      const kept = content !== undefined ? KEPT_TEXT.has(key) : KEPT_NUMBER.has(key);
      return kept ? token : `"${REDACTED}"`;
    },
  );
}
