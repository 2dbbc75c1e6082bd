import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createHttpServer } from '../../src/adapters/http/createHttpServer.ts';
import { configSecrets, loadConfig } from '../../src/app/config/index.ts';
import { createLogger } from '../../src/app/logger.ts';
import { createService, type Service } from '../../src/app/createService.ts';

/** A local stand-in for ALERT_WEBHOOK_URL: keeps every JSON body POSTed to it. */
export interface WebhookReceiver {
  readonly url: string;
  readonly alerts: Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const alerts: Record<string, unknown>[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => void (body += chunk));
    request.on('end', () => {
      try {
        alerts.push(JSON.parse(body) as Record<string, unknown>);
      } catch {
        alerts.push({ unparsable: body });
      }
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    alerts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
}

/** The service and its HTTP API in this process, as `bin/sgp-ozmap run` composes them, without the scheduler's timers. */
export interface RunningService {
  readonly service: Service;
  readonly server: FastifyInstance;
  readonly url: string;
  readonly adminToken: string;
  call(method: string, path: string, options?: { token?: string | null; body?: unknown }): Promise<ApiAnswer>;
  /** Queues a cycle through the API (as an operator would) and waits for its record. */
  cycle(kind: 'sync' | 'cancel'): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

export async function startServiceInProcess(env: Record<string, string>): Promise<RunningService> {
  const adminToken = randomBytes(16).toString('hex');
  const loaded = loadConfig({ ...env, ADMIN_TOKEN: adminToken, HTTP_HOST: '127.0.0.1', HTTP_PORT: '0' });
  if (!loaded.ok) throw new Error(`chaos: invalid configuration: ${loaded.problems.join('; ')}`);
  const { config } = loaded;
  const secrets = configSecrets(config);
  const service = await createService(config, { logger: createLogger({ level: 'silent', secrets }) });
  const server = await createHttpServer({ service, host: '127.0.0.1', adminToken, logger: false, secrets });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  const call: RunningService['call'] = async (method, path, options = {}) => {
    const token = options.token === undefined ? adminToken : options.token;
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (metrics, HTML): the text is the body.
    }
    return { status: response.status, body, text };
  };
  const seen = new Set<string>();
  const cycles = async () =>
    ((await call('GET', '/api/cycles?limit=20')).body as { items: Record<string, unknown>[] }).items;
  for (const row of await cycles()) seen.add(String(row['cycleId']));
  return {
    service,
    server,
    url,
    adminToken,
    call,
    async cycle(kind) {
      const queued = await call('POST', '/api/cycles', { body: { kind } });
      if (queued.status !== 202) throw new Error(`chaos: POST /api/cycles answered ${queued.status}: ${queued.text}`);
      for (let waited = 0; waited < 600_000; waited += 100) {
        const fresh = (await cycles()).find(
          (row) => !seen.has(String(row['cycleId'])) && row['kind'] === kind && row['outcome'] !== 'running',
        );
        if (fresh) {
          for (const row of await cycles()) seen.add(String(row['cycleId']));
          return fresh;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`chaos: the ${kind} cycle did not finish`);
    },
    async stop() {
      await server.close();
      await service.stop();
    },
  };
}
