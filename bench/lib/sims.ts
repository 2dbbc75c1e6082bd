/**
 * The SGP and OZmap simulators in their own process (`sgp-ozmap sim`), and the `/__sim/` hooks
 * the benchmark drives: counters, injected latency, state, hand edits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Readable } from 'node:stream';
import { parseSgpFixtureLines } from '../../sim/sgp/sgpFixtureFile.ts';
import { createInterface } from 'node:readline';
import { CLI, ROOT } from './processes.ts';

/** `GET /__sim/counters`: requests per "<METHOD> <route pattern>". */
export type Counts = Readonly<Record<string, number>>;

export interface Sims {
  readonly sgpUrl: string;
  readonly ozmapUrl: string;
  readonly pid: number;
  counters(): Promise<{ sgp: Counts; ozmap: Counts }>;
  resetCounters(): Promise<void>;
  /** Every request to both simulators waits `ms` before it is handled (0 = no fault plan). */
  setLatency(ms: number): Promise<void>;
  ozmapState(): Promise<OzmapState>;
  sgpState(): Promise<{ clientes: unknown[] }>;
  editContract(code: string, edit: Readonly<Record<string, unknown>>): Promise<void>;
  /** The OLT's readings move between sweeps (`POST /__sim/rx-jitter`); resolves to how many moved. */
  jitterRx(share: number, maxDb: number, seed: number): Promise<number>;
  editOzmapObject(
    collection: 'ftthClients' | 'properties',
    id: string,
    fields: Readonly<Record<string, unknown>>,
  ): Promise<void>;
  stop(): Promise<void>;
}

export interface OzmapRecord {
  readonly id: string;
  readonly [field: string]: unknown;
}

export interface OzmapState {
  readonly boxes: OzmapRecord[];
  readonly splitters: OzmapRecord[];
  readonly properties: OzmapRecord[];
  readonly ftthClients: OzmapRecord[];
}

async function call(url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: HTTP ${response.status} ${await response.text()}`);
  return response;
}

const json = (body: unknown): RequestInit => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** Starts both simulators on free ports; resolves once they print their URLs. */
export async function startSims(sgpFixture: string, ozmapFixture: string): Promise<Sims> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--max-old-space-size=8192', CLI, 'sim', '--sgp-fixture', sgpFixture, '--ozmap-fixture', ozmapFixture],
    {
      cwd: ROOT,
      // Their one-line-per-request log is not read: leave it unbuffered on the floor.
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const urls = await new Promise<{ sgp: string; ozmap: string }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line) as { sgp: string; ozmap: string });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.once('exit', (code) => reject(new Error(`the simulators exited (${code}) before printing their URLs`)));
    child.once('error', reject);
  });
  child.stdout!.resume();
  const { sgp, ozmap } = urls;
  const both = [sgp, ozmap];

  return {
    sgpUrl: sgp,
    ozmapUrl: ozmap,
    pid: child.pid!,
    async counters() {
      const [s, o] = await Promise.all(
        both.map(async (base) => ((await (await call(`${base}/__sim/counters`)).json()) as { counts: Counts }).counts),
      );
      return { sgp: s!, ozmap: o! };
    },
    async resetCounters() {
      await Promise.all(both.map((base) => call(`${base}/__sim/counters`, { method: 'DELETE' })));
    },
    async setLatency(ms) {
      if (ms <= 0) {
        await Promise.all(both.map((base) => call(`${base}/__sim/faults`, { method: 'DELETE' })));
        return;
      }
      const plan = { rules: [{ fault: { kind: 'latency', ms }, when: 'before' }] };
      await Promise.all(both.map((base) => call(`${base}/__sim/faults`, { method: 'POST', ...json(plan) })));
    },
    async ozmapState() {
      return (await (await call(`${ozmap}/__sim/state`)).json()) as OzmapState;
    },
    async sgpState() {
      // Read a record per line: at 300,000 contracts the whole state is past V8's largest string.
      const response = await call(`${sgp}/__sim/state`);
      if (!response.body) throw new Error('the SGP simulator sent no state');
      const state = await parseSgpFixtureLines(Readable.fromWeb(response.body as never).setEncoding('utf8'));
      if (!state) throw new Error('the SGP simulator sent its state in another layout');
      return state;
    },
    async editContract(code, edit) {
      await call(`${sgp}/__sim/contracts/${encodeURIComponent(code)}`, { method: 'PATCH', ...json(edit) });
    },
    async jitterRx(share, maxDb, seed) {
      const response = await call(`${sgp}/__sim/rx-jitter`, { method: 'POST', ...json({ share, maxDb, seed }) });
      return ((await response.json()) as { moved: number }).moved;
    },
    async editOzmapObject(collection, id, fields) {
      await call(`${ozmap}/__sim/objects/${collection}/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        ...json(fields),
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
