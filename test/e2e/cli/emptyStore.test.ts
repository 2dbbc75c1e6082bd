import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOzmapSimulator } from '../../../sim/ozmap/createOzmapSimulator.ts';
import { ozmapFixtureSchema, type OzmapFixture } from '../../../sim/ozmap/ozmapFixture.ts';
import { createSgpSimulator } from '../../../sim/sgp/createSgpSimulator.ts';
import { openEventStore } from '../../../src/adapters/eventstore/openEventStore.ts';
import { SIM } from '../../support/engineHarness.ts';
import { box, ozmapFixture, splitter } from '../../support/ozmapRecords.ts';
import { sgpFixture } from '../../support/sgpRecords.ts';

// Issue 12, point 6: `history 1004` in a fresh clone (no EVENTSTORE_URL, so the default
// ./data/sgp-ozmap.db) answered "never seen in an SGP sweep" and left an empty store behind. A
// read-only command must say there is no store (or that it is empty), point at the demo's
// environment file when there is one, and create nothing.
const ROOT = resolve(import.meta.dirname, '../../..');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

describe('a CLI command pointed at a missing or empty default store', () => {
  let clone: string;
  const sims: { close(): Promise<void> }[] = [];
  let upstreams: Record<string, string>;
  const store = () => join(clone, 'data', 'sgp-ozmap.db');

  /** `bin/sgp-ozmap` run from `clone` (a folder with the clone's bin/ in it), without EVENTSTORE_URL. */
  const cli = (args: string[], env: Record<string, string> = {}): Promise<Result> =>
    new Promise((done) => {
      execFile(
        join(clone, 'bin/sgp-ozmap'),
        args,
        { cwd: clone, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LOG_LEVEL: 'warn', ...env }, timeout: 60_000 },
        (error, stdout, stderr) =>
          done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    clone = mkdtempSync(join(tmpdir(), 'sgp-ozmap-clone-'));
    symlinkSync(join(ROOT, 'bin'), join(clone, 'bin'));
    const sgp = await createSgpSimulator({
      fixture: sgpFixture({ code: 1004, cto: 'CTO-A', porta: 1 }),
      token: SIM.token,
      app: SIM.app,
    });
    const ozmap = await createOzmapSimulator({
      fixture: ozmapFixtureSchema.parse(
        ozmapFixture({ boxes: [box('bA', 'CTO-A')], splitters: [splitter('sA', 'bA')] }),
      ) as OzmapFixture,
      apiKey: SIM.key,
    });
    sims.push(sgp, ozmap);
    upstreams = {
      SGP_URL: await sgp.listen({ host: '127.0.0.1', port: 0 }),
      SGP_TOKEN: SIM.token,
      SGP_APP: SIM.app,
      OZMAP_URL: await ozmap.listen({ host: '127.0.0.1', port: 0 }),
      OZMAP_API_KEY: SIM.key,
    };
  });

  afterAll(async () => {
    await Promise.all(sims.map((s) => s.close()));
    rmSync(clone, { recursive: true, force: true });
  });

  it('history: says there is no store, points at the demo environment file, creates nothing', async () => {
    mkdirSync(join(clone, 'data', 'demo'), { recursive: true });
    writeFileSync(join(clone, 'data', 'demo', 'env'), '', { mode: 0o600 });
    const result = await cli(['history', '1004']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`no event store at ${store()}`);
    expect(result.stderr).toContain('did you mean to load data/demo/env? (set -a; . data/demo/env; set +a)');
    expect(result.stderr).not.toContain('never seen');
    expect(existsSync(store())).toBe(false);
    expect(existsSync(join(clone, 'data', 'readmodels.db'))).toBe(false);
  });

  it('plan: plans as on a first run without creating the store, and says so', async () => {
    const result = await cli(['plan'], upstreams);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`no event store at ${store()}`);
    expect(result.stdout).toContain('sync: 1 writes planned');
    expect(existsSync(store())).toBe(false);
  });

  it('history: an existing store with no event says it is empty, not "never seen"', async () => {
    await (await openEventStore({ kind: 'sqlite', path: store() })).close();
    const result = await cli(['history', '1004']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`the event store at ${store()} is empty`);
    expect(result.stderr).toContain('data/demo/env');
    expect(result.stderr).not.toContain('never seen');
  });
});
