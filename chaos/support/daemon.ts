import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startService, type ServiceExit, type ServiceProcess } from './serviceProcess.ts';

/**
 * `bin/sgp-ozmap run` as a child process, on short intervals so that its scheduled cycles come
 * one after another, its API on a port of its own (HTTP_PORT=0: the kernel picks one).
 */
export interface Daemon {
  readonly process: ServiceProcess;
  /** Resolves with the API's URL and the lease owner once it is listening; rejects if it exits first. */
  readonly ready: Promise<{ url: string; owner: string }>;
  get(path: string): Promise<{ status: number; body: unknown }>;
  /** Sends `signal` and waits for the exit; `ms` from the signal to the exit. */
  stop(signal: 'SIGTERM' | 'SIGINT'): Promise<ServiceExit & { readonly stopMs: number }>;
}

/** Settings every daemon campaign shares: cycles every few hundred ms, a short lease. */
export const DAEMON_ENV = {
  HTTP_PORT: '0',
  SYNC_INTERVAL: '400ms',
  CANCEL_INTERVAL: '900ms',
  LEASE_TTL: '3s',
  LOG_LEVEL: 'warn',
} as const;

export function startDaemon(env: Record<string, string>, options: { timeoutMs?: number } = {}): Daemon {
  const child = startService(['run'], { ...DAEMON_ENV, ...env }, { timeoutMs: options.timeoutMs ?? 300_000 });
  const ready = new Promise<{ url: string; owner: string }>((resolve, reject) => {
    const poll = setInterval(() => {
      const match = /dashboard and API at (http:\/\/\S+?)(?: \(DRY_RUN[^)]*\))? as (\S+)/.exec(child.output().stdout);
      if (match) {
        clearInterval(poll);
        resolve({ url: match[1]!, owner: match[2]! });
      }
    }, 25);
    void child.exit.then((exit) => {
      clearInterval(poll);
      reject(new Error(`the daemon exited before listening: ${exit.code} ${exit.signal} ${exit.stderr.slice(-400)}`));
    });
  });
  ready.catch(() => undefined);
  return {
    process: child,
    ready,
    async get(path) {
      const { url } = await ready;
      const response = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(10_000) });
      return { status: response.status, body: await response.json().catch(() => null) };
    },
    async stop(signal) {
      const sent = Date.now();
      child.child.kill(signal);
      const exit = await child.exit;
      return { ...exit, stopMs: Date.now() - sent };
    },
  };
}

/** Waits until `probe` holds, polling; false when `ms` passed first. */
export async function waitFor(probe: () => Promise<boolean> | boolean, ms: number, everyMs = 100): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (
      await Promise.resolve()
        .then(probe)
        .catch(() => false)
    )
      return true;
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** An OZmap write as one daemon's proxy forwarded it. */
export interface ProxiedWrite {
  readonly daemon: string;
  readonly method: string;
  readonly path: string;
  readonly at: number;
}

/**
 * A loopback HTTP proxy in front of the OZmap simulator, one per daemon, so that each write is
 * known by the daemon that sent it (the simulator alone sees two clients of one address).
 */
export async function startOzmapProxy(
  target: string,
  daemon: string,
  writes: ProxiedWrite[],
): Promise<{ url: string; close(): Promise<void> }> {
  const to = new URL(target);
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' && !(req.url ?? '').endsWith('/login'))
      writes.push({ daemon, method: req.method ?? '', path: req.url ?? '', at: Date.now() });
    const upstream = httpRequest(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
