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
  app.addHook('preSerialization', async (_request, _reply, payload) => scrub(payload));
  if (configured.length === 0) return;
  const forms = secretForms(configured);
  app.addHook('onSend', async (_request, _reply, payload) => (typeof payload === 'string' ? redactText(payload, forms) : payload));
}
