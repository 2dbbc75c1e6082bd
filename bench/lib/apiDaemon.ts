/** `sgp-ozmap run` in its own process for the API load benchmark, driven through its API. */
import { spawn } from 'node:child_process';
import { CLI, ROOT } from './processes.ts';

export interface ApiDaemon {
  readonly url: string;
  get(path: string): Promise<unknown>;
  /** Waits until `count` cycles have finished. */
  waitForCycles(count: number, timeoutMs: number): Promise<void>;
  /** Runs one sync cycle through POST /api/cycles and returns its duration as the daemon measured it. */
  syncCycle(): Promise<number>;
  stop(): Promise<void>;
}

interface CycleRow {
  readonly cycleId: string;
  readonly kind: string;
  readonly outcome: string;
  readonly durationMs: number | null;
}

const ADMIN_TOKEN = 'bench-admin-token';

export async function startApiDaemon(env: NodeJS.ProcessEnv): Promise<ApiDaemon> {
  // Long intervals: only the benchmark starts cycles once the first two ran.
  const child = spawn(CLI, ['run'], {
    cwd: ROOT,
    env: { ...env, HTTP_PORT: '0', ADMIN_TOKEN, SYNC_INTERVAL: '24h', CANCEL_INTERVAL: '24h' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => void (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => void (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    const poll = setInterval(() => {
      const match = /dashboard and API at (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearInterval(poll);
        resolve(match[1]!);
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(poll);
      reject(new Error(`bench:api: the daemon exited (${code}) before listening: ${stderr.slice(-500)}`));
    });
  });
  const get = async (path: string): Promise<unknown> => {
    const response = await fetch(`${url}${path}`);
    if (!response.ok) throw new Error(`bench:api: GET ${path} answered ${response.status}`);
    return response.json();
  };
  const cycles = async (): Promise<CycleRow[]> => ((await get('/api/cycles?limit=50')) as { items: CycleRow[] }).items;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  return {
    url,
    get,
    async waitForCycles(count, timeoutMs) {
      const until = Date.now() + timeoutMs;
      while ((await cycles()).filter((c) => c.outcome !== 'running').length < count) {
        if (Date.now() > until)
          throw new Error(`bench:api: fewer than ${count} cycles after ${timeoutMs} ms: ${stderr.slice(-500)}`);
        await sleep(500);
      }
    },
    async syncCycle() {
      const before = new Set((await cycles()).map((c) => c.cycleId));
      const response = await fetch(`${url}/api/cycles`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'sync' }),
      });
      if (response.status !== 202) throw new Error(`bench:api: POST /api/cycles answered ${response.status}`);
      for (;;) {
        const fresh = (await cycles()).find(
          (c) => !before.has(c.cycleId) && c.kind === 'sync' && c.outcome !== 'running',
        );
        if (fresh) {
          if (fresh.outcome !== 'completed' || fresh.durationMs === null)
            throw new Error(`bench:api: the sync cycle ended ${fresh.outcome}`);
          return fresh.durationMs;
        }
        await sleep(100);
      }
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
