/**
 * `npm run bench -- --quick` (1,000 contracts, no injected latency) end to end: simulators and
 * engine in their own processes, as the full benchmark runs them. Asserts the invariants the
 * benchmark exists to keep, never timings: a steady cycle sends zero writes, and the cycle after
 * 1% of SGP changes and 0.5% of hand edits writes exactly the objects that differ, once each.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../../bench/lib/measure.ts';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'bench-quick-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runQuick(): Promise<{ code: number | null; output: string; results: ScenarioResult[] }> {
  const json = join(dir, 'result.json');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'bench', 'cycles.bench.ts'), '--quick', '--json', json],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const parsed = JSON.parse(readFileSync(json, 'utf8')) as { results: ScenarioResult[] };
  return { code, output, results: parsed.results };
}

describe('npm run bench -- --quick', () => {
  it('runs every scenario and keeps the invariants', async () => {
    const { code, output, results } = await runQuick();
    expect(code, output).toBe(0);
    const scenario = (id: string) => results.filter((r) => r.scenario === id);
    expect(results.map((r) => r.scenario)).toEqual(['1', '2', '3', '3b', '4', '5', '6', '6b']);
    expect(results.flatMap((r) => r.failures)).toEqual([]);

    // 1. First sync: one write (a property with its client inline) per client created.
    const [first] = scenario('1');
    expect(first!.differingObjects).toBeGreaterThan(0);
    expect(first!.writesPerObject).toBe(1);

    // 2 and 3b. Steady cycles: reads only, nothing appended to any contract's stream.
    for (const steady of [...scenario('2'), ...scenario('3b'), ...scenario('6b')]) {
      expect(steady.requests!.ozmapWrites).toBe(0);
      expect(steady.extra.contractEventsAppended).toBe(0);
    }

    // 3. Writes equal the objects that differ, computed by the benchmark itself.
    const [changed] = scenario('3');
    expect(changed!.differingObjects).toBeGreaterThan(0);
    expect(changed!.requests!.ozmapWrites).toBe(changed!.differingObjects);
    expect(changed!.writesPerObject).toBe(1);

    // 6. RX jitter: most readings moved, each property written once, the log's growth measured.
    const [jitter] = scenario('6');
    expect(jitter!.extra.readingsMoved).toBeGreaterThan(0);
    expect(jitter!.differingObjects).toBeGreaterThan(0);
    expect(jitter!.writesPerObject).toBe(1);
    expect(jitter!.extra.logBytes).toBeGreaterThan(0);

    // 4. The replay rebuilt what the engine had built.
    expect(scenario('4')[0]!.extra.identical).toBe(true);
  }, 240_000);
});
