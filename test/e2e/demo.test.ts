import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** The README's walk from the demo to the CLI: the lines of the block after its `demo-walk` marker. */
function readmeWalk(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /<!-- demo-walk[^>]*-->\n```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README.md has no demo-walk block');
  return block.split('\n').filter((line) => line.trim() !== '');
}

// `npm run demo` is `bin/sgp-ozmap demo`: the same command, on a smaller network and a free port,
// run from a folder laid out like the clone (its bin/ linked in), so `data/demo` is where the
// README says and the walk's lines run unchanged.
describe('demo', () => {
  const clone = mkdtempSync(join(tmpdir(), 'sgp-ozmap-demo-'));
  symlinkSync(join(ROOT, 'bin'), join(clone, 'bin'));
  const dir = join(clone, 'data', 'demo');
  afterAll(() => rmSync(clone, { recursive: true, force: true }));

  it('serves the dashboard, runs cycles that do things, the README walk works against it, and it stops cleanly on SIGTERM', async () => {
    const child = spawn(
      'bin/sgp-ozmap',
      ['demo', '--contracts', '300', '--port', '0', '--sync-interval', '5s', '--change-every', '2s'],
      {
        cwd: clone,
        env: { ...process.env, LOG_LEVEL: 'warn' },
      },
    );
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
        const body = (await (await fetch(`${url}/api/cycles?limit=50`)).json()) as {
          items: { kind: string; outcome: string; counts: Record<string, number> }[];
        };
        const syncs = body.items.filter((c) => c.kind === 'sync' && c.outcome === 'completed');
        return syncs.length >= 2 ? syncs : undefined;
      }, 60_000);
      const first = cycles.at(-1)!;
      expect(first.counts.created).toBeGreaterThan(0);
      expect(cycles[0]!.counts.observed).toBeGreaterThan(0);
      const admin = readFileSync(join(dir, 'admin-token'), 'utf8').trim();
      expect(stdout).not.toContain(admin);

      // The CLI's environment: in a file only its owner reads; the demo prints the line that loads it, never a secret.
      const envFile = join(dir, 'env');
      expect(statSync(envFile).mode & 0o777).toBe(0o600);
      expect(stdout).toContain('data/demo/env');
      expect(stdout).toContain('set -a; . data/demo/env; set +a');
      const simulators = JSON.parse(readFileSync(join(dir, 'simulators.json'), 'utf8')) as {
        sgp: { token: string };
        ozmap: { apiKey: string };
      };
      for (const secret of [admin, simulators.sgp.token, simulators.ozmap.apiKey]) {
        expect(readFileSync(envFile, 'utf8')).toContain(secret);
        expect(stdout).not.toContain(secret);
      }

      // A second terminal runs the README's lines as written: every one succeeds.
      const walk = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
        execFile(
          'bash',
          ['-euo', 'pipefail', '-c', readmeWalk().join('\n')],
          { cwd: clone, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, timeout: 90_000 },
          (error, out, err) =>
            done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout: out, stderr: err }),
        );
      });
      expect(walk.stderr).not.toContain('never seen');
      expect(walk.code, walk.stderr).toBe(0);
      expect(walk.stdout).toMatch(/^contract 1004: \d+ entries/m);
      expect(walk.stdout).toMatch(/^sync: \d+ writes planned/m);
      expect(walk.stdout).toMatch(/^cancel: \d+ cancellations planned/m);
      expect(walk.stdout).toMatch(/^ok +event store: sqlite: [1-9]\d* events projected/m);
      expect(walk.stdout).toMatch(/^ok +SGP credentials and CTO list/m);
      expect(walk.stdout).toMatch(/^ok +OZmap credentials and clients/m);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 180_000);
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
