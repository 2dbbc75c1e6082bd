import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createSgpSimulator } from '../../../sim/sgp/createSgpSimulator.ts';
import { createOzmapSimulator } from '../../../sim/ozmap/createOzmapSimulator.ts';
import { ozmapFixtureSchema, type OzmapFixture, type OzmapState } from '../../../sim/ozmap/ozmapFixture.ts';
import type { RecordedEvent } from '../../../src/domain/eventStore.ts';
import { openEventStore } from '../../../src/adapters/eventstore/openEventStore.ts';
import { contractStream } from '../../../src/domain/events/streams.ts';
import { SIM } from '../../support/engineHarness.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'bin/sgp-ozmap');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface TimelineJson {
  readonly code: string;
  readonly entries: { kind: string; rule?: string; summary: string; details: Record<string, unknown> }[];
}

/**
 * Both simulators listening on loopback in the test process, and `bin/sgp-ozmap` run as a child
 * process against them with a SQLite event store in a temporary directory: the service exactly
 * as an operator runs it, configured only through its environment.
 */
export interface CliRig {
  readonly sgp: FastifyInstance;
  readonly ozmap: FastifyInstance;
  readonly dir: string;
  /** Runs the CLI; `env` adds to (or overrides) the rig's environment for this run only. */
  cli(args: readonly string[], env?: Record<string, string>): Promise<CliResult>;
  /** `history <code> --json`, parsed; throws when the command fails. */
  history(code: string): Promise<TimelineJson>;
  ozmapState(): Promise<OzmapState>;
  /** An edit made by a person in SGP (`PATCH /__sim/contracts/:code`). */
  editSgp(code: string | number, edit: Record<string, unknown>): Promise<void>;
  /** The contract vanishes from SGP (`DELETE /__sim/contracts/:code`). */
  deleteSgp(code: string | number): Promise<void>;
  /** A hand edit in OZmap (`PATCH /__sim/objects/:collection/:id`). */
  editOzmap(collection: string, id: string, fields: Record<string, unknown>): Promise<void>;
  faults(sim: 'sgp' | 'ozmap', plan: { seed?: number; rules: unknown[] } | null): Promise<void>;
  /** `{ "<METHOD> <route>": n }` of the OZmap simulator since the last reset. */
  ozmapCounters(): Promise<Record<string, number>>;
  resetCounters(): Promise<void>;
  /** The events of a stream, read from the SQLite file between CLI runs. */
  events(stream: string): Promise<RecordedEvent[]>;
  contractEvents(code: string | number): Promise<RecordedEvent[]>;
  /** Writes a file into the rig's directory and returns its path. */
  writeFile(name: string, content: string): string;
  close(): Promise<void>;
}

function run(args: readonly string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((done) => {
    execFile(BIN, [...args], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

async function ok(response: { statusCode: number; body: string }, what: string): Promise<void> {
  if (response.statusCode >= 300) throw new Error(`${what}: ${response.statusCode} ${response.body}`);
}

export async function startCliRig(args: {
  sgpFixture: { clientes: unknown[] };
  ozmapFixture: unknown;
  env?: Record<string, string>;
}): Promise<CliRig> {
  const dir = mkdtempSync(join(tmpdir(), 'sgp-ozmap-cli-'));
  const dbPath = join(dir, 'events.db');
  const sgp = await createSgpSimulator({ fixture: args.sgpFixture, token: SIM.token, app: SIM.app });
  const ozmap = await createOzmapSimulator({
    fixture: ozmapFixtureSchema.parse(args.ozmapFixture) as OzmapFixture,
    apiKey: SIM.key,
  });
  const sgpUrl = await sgp.listen({ host: '127.0.0.1', port: 0 });
  const ozmapUrl = await ozmap.listen({ host: '127.0.0.1', port: 0 });
  // Only what the service reads: nothing of the test runner's environment leaks into the child.
  const baseEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    SGP_URL: sgpUrl,
    SGP_TOKEN: SIM.token,
    SGP_APP: SIM.app,
    OZMAP_URL: ozmapUrl,
    OZMAP_API_KEY: SIM.key,
    EVENTSTORE_URL: `sqlite:${dbPath}`,
    READMODEL_PATH: join(dir, 'readmodels.db'),
    SGP_MAX_RPS: '1000',
    OZMAP_MAX_RPS: '1000',
    REQUEST_TIMEOUT: '5s',
    LOG_LEVEL: 'warn',
    ...args.env,
  };
  const rig: CliRig = {
    sgp,
    ozmap,
    dir,
    cli: (cliArgs, env = {}) => run(cliArgs, { ...baseEnv, ...env }),
    async history(code) {
      const result = await run(['history', code, '--json'], baseEnv);
      if (result.code !== 0) throw new Error(`history ${code} exited ${result.code}: ${result.stderr}`);
      return JSON.parse(result.stdout) as TimelineJson;
    },
    async ozmapState() {
      return (await ozmap.inject({ method: 'GET', url: '/__sim/state' })).json() as OzmapState;
    },
    async editSgp(code, edit) {
      await ok(
        await sgp.inject({ method: 'PATCH', url: `/__sim/contracts/${code}`, payload: edit }),
        `edit SGP contract ${code}`,
      );
    },
    async deleteSgp(code) {
      await ok(await sgp.inject({ method: 'DELETE', url: `/__sim/contracts/${code}` }), `delete SGP contract ${code}`);
    },
    async editOzmap(collection, id, fields) {
      await ok(
        await ozmap.inject({ method: 'PATCH', url: `/__sim/objects/${collection}/${id}`, payload: fields }),
        `edit OZmap ${collection}/${id}`,
      );
    },
    async faults(sim, plan) {
      const app = sim === 'sgp' ? sgp : ozmap;
      const response =
        plan === null
          ? await app.inject({ method: 'DELETE', url: '/__sim/faults' })
          : await app.inject({ method: 'POST', url: '/__sim/faults', payload: plan });
      await ok(response, `${sim} faults`);
    },
    async ozmapCounters() {
      return (
        (await ozmap.inject({ method: 'GET', url: '/__sim/counters' })).json() as { counts: Record<string, number> }
      ).counts;
    },
    async resetCounters() {
      await ok(await ozmap.inject({ method: 'DELETE', url: '/__sim/counters' }), 'reset counters');
    },
    async events(stream) {
      const store = await openEventStore({ kind: 'sqlite', path: dbPath, readonly: true });
      try {
        return await store.readStream(stream);
      } finally {
        await store.close();
      }
    },
    contractEvents: (code) => rig.events(contractStream(String(code))),
    writeFile(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    async close() {
      await sgp.close();
      await ozmap.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}

/** The OZmap writes a run sent, by route: what "nothing written" is checked against. */
export function writesOf(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts).filter(([key]) => /^(POST|PATCH|PUT|DELETE) /.test(key) && !key.includes('/users/login')),
  );
}
