import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `npm run demo` is `bin/sgp-ozmap demo`: the same command, on a smaller network and a free port.
describe('demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgp-ozmap-demo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the dashboard, runs cycles that do things, and stops cleanly on SIGTERM', async () => {
    const child = spawn('bin/sgp-ozmap', ['demo', '--contracts', '300', '--port', '0', '--dir', dir, '--sync-interval', '5s', '--change-every', '2s'], {
      env: { ...process.env, LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await poll(() => /dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout)?.[1], 30_000);
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
      // Two completed syncs: the first creates the network's clients, a later one acts on SGP's changes.
      const cycles = await poll(async () => {
        const body = (await (await fetch(`${url}/api/cycles?limit=50`)).json()) as { items: { kind: string; outcome: string; counts: Record<string, number> }[] };
        const syncs = body.items.filter((c) => c.kind === 'sync' && c.outcome === 'completed');
        return syncs.length >= 2 ? syncs : undefined;
      }, 60_000);
      const first = cycles.at(-1)!;
      expect(first.counts.created).toBeGreaterThan(0);
      expect(cycles[0]!.counts.observed).toBeGreaterThan(0);
      const admin = readFileSync(join(dir, 'admin-token'), 'utf8').trim();
      expect(stdout).not.toContain(admin);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 120_000);
});

async function poll<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve(probe()).catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
