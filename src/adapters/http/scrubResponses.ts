import type { FastifyInstance } from 'fastify';
import { scrubSecrets, scrubSecretsDeep } from '../../app/logger.ts';

/**
 * The last line of defence: no configured secret leaves in a response, whatever a route or an
 * upstream error message put in it. Objects are scrubbed before serialisation (values, and
 * fields named like credentials); text bodies (metrics, errors sent as text) after.
 */
export function scrubResponses(app: FastifyInstance, secrets: readonly string[]): void {
  const configured = secrets.filter((secret) => secret !== '');
  app.addHook('preSerialization', async (_request, _reply, payload) => scrubSecretsDeep(payload, configured));
  if (configured.length === 0) return;
  app.addHook('onSend', async (_request, _reply, payload) => (typeof payload === 'string' ? scrubSecrets(payload, configured) : payload));
}
