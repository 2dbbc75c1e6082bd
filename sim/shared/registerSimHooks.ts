import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createFaultSchedule, FaultPlan, type FaultRule, type RequestKey } from './faultSchedule.ts';
import { injectAfter, injectBefore } from './injectFault.ts';
import { createSimCounters } from './simCounters.ts';

export interface SimHooksOptions {
  readonly name: 'sgp' | 'ozmap';
  /** Seed of the fault PRNG when a fault plan does not bring its own. */
  readonly seed?: number;
}

/** Test-control routes live here; they are never counted nor faulted. */
export const simPrefix = '/__sim/';

function requestKey(request: FastifyRequest): RequestKey {
  const path = request.url.split('?', 1)[0] ?? request.url;
  return { method: request.method, route: request.routeOptions.url, path };
}

function isSimRequest(request: FastifyRequest): boolean {
  return request.url.startsWith(simPrefix);
}

/**
 * Adds request counters and fault injection to a simulator. Call it before adding any other
 * hook: Fastify runs hooks in the order they were added, and a request answered by an earlier
 * hook (a 401, say) would otherwise escape both the counters and the faults.
 */
export function registerSimHooks(app: FastifyInstance, options: SimHooksOptions): void {
  const counters = createSimCounters();
  const schedule = createFaultSchedule(options.seed ?? 0);
  // The rule chosen in onRequest, for onSend: 'after' faults (and slowBody) apply there.
  const pending = new WeakMap<FastifyRequest, FaultRule>();

  app.addHook('onRequest', async (request, reply) => {
    if (isSimRequest(request)) return;
    const key = requestKey(request);
    counters.count(key.method, key.route ?? key.path);
    const chosen = schedule.decide(key);
    if (!chosen) return;
    const { rule } = chosen;
    if (rule.when === 'after' || rule.fault.kind === 'slowBody') pending.set(request, rule);
    if (rule.when === 'before' && (await injectBefore(rule.fault, reply))) {
      request.log.info({ sim: options.name, fault: rule.fault.kind, when: 'before' }, 'fault injected');
      return reply;
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const rule = pending.get(request);
    if (!rule) return payload;
    pending.delete(request);
    request.log.info({ sim: options.name, fault: rule.fault.kind, when: rule.when }, 'fault injected');
    return injectAfter(rule.fault, reply, payload);
  });

  app.get('/__sim/counters', async () => ({ sim: options.name, ...counters.snapshot() }));
  app.delete('/__sim/counters', async (_request, reply) => {
    counters.reset();
    return reply.code(204).send();
  });

  app.get('/__sim/faults', async () => ({ sim: options.name, ...schedule.describe() }));
  app.post('/__sim/faults', async (request, reply) => {
    const parsed = FaultPlan.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reply.code(400).send({
        code: 'invalid-fault-plan',
        field: issue?.path.join('.') ?? '',
        message: issue?.message ?? 'invalid fault plan',
      });
    }
    schedule.install(parsed.data);
    return { sim: options.name, ...schedule.describe() };
  });
  app.delete('/__sim/faults', async (_request, reply) => {
    schedule.clear();
    return reply.code(204).send();
  });
}
