import type { FastifyInstance } from 'fastify';
import { createDeepScrubber, redactText, secretForms } from '../../domain/redaction.ts';

/**
 * The last line of defence: no configured secret leaves in a response, whatever a route or an
 * upstream error message put in it. Objects are scrubbed before serialisation (values, and
 * fields named like credentials); text bodies (metrics, errors sent as text) after.
 */
export function scrubResponses(app: FastifyInstance, secrets: readonly string[]): void {
  const configured = secrets.filter((secret) => secret !== '');
  const scrub = createDeepScrubber(configured);
  // A frozen payload cannot change, so it is scrubbed once: the cached skipped report (68 kB at
  // 10,000 contracts) cost ~5 ms of the event loop per request to copy. Freeze such payloads
  // deeply (`deepFreeze`): a frozen object with a mutable child would be served stale.
  const scrubbedFrozen = new WeakMap<object, unknown>();
  app.addHook('preSerialization', async (_request, _reply, payload) => {
    if (typeof payload !== 'object' || payload === null || !Object.isFrozen(payload)) return scrub(payload);
    if (!scrubbedFrozen.has(payload)) scrubbedFrozen.set(payload, scrub(payload));
    return scrubbedFrozen.get(payload);
  });
  if (configured.length === 0) return;
  const forms = secretForms(configured);
  app.addHook('onSend', async (_request, _reply, payload) =>
    typeof payload === 'string' ? redactText(payload, forms) : payload,
  );
}

/** Freezes a response payload and everything in it, so that `scrubResponses` scrubs it once. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
