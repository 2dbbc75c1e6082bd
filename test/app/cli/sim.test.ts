import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/app/cli/main.ts';
import { captureIo } from '../../support/captureIo.ts';

const dir = mkdtempSync(join(tmpdir(), 'sgp-ozmap-sim-'));
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  // A failed assertion must not leave a simulator running behind the test run.
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function start(args: readonly string[]): ChildProcessWithoutNullStreams {
  const child = spawn('bin/sgp-ozmap', [...args], { stdio: 'pipe' });
  children.push(child);
  return child;
}

function finished(child: ChildProcessWithoutNullStreams): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  const lines = createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    lines.once('line', (line) => resolve(line));
    child.once('close', (code) => reject(new Error(`sim exited with ${code} before printing its URLs`)));
  });
}

describe('sgp-ozmap sim generate', () => {
  it('writes sgp.json and ozmap.json, byte-identical for the same seed, and prints one summary line', async () => {
    const run = async (out: string) =>
      finished(start(['sim', 'generate', '--contracts', '60', '--seed', '3', '--out', out]));
    const first = await run(join(dir, 'a'));
    const second = await run(join(dir, 'b'));
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(first.stdout.trim().split('\n')).toHaveLength(1);
    expect(first.stdout).toMatch(/^generated 60 contracts of \d+ SGP clients .* \(seed 3\) into /);
    for (const file of ['sgp.json', 'ozmap.json']) {
      expect(readFileSync(join(dir, 'b', file), 'utf8')).toBe(readFileSync(join(dir, 'a', file), 'utf8'));
    }
    const sgp = JSON.parse(readFileSync(join(dir, 'a', 'sgp.json'), 'utf8'));
    expect(sgp.clientes.flatMap((c: { contratos: unknown[] }) => c.contratos)).toHaveLength(60);
  });

  it('refuses a missing --out with the usage text, exit 1', async () => {
    const io = captureIo();
    expect(await main(['sim', 'generate', '--contracts', '5'], io)).toBe(1);
    expect(io.err.join('\n')).toContain('--out DIR is required');
    expect(io.err.join('\n')).toContain('Usage: sgp-ozmap sim generate');
  });

  it('refuses a contract count that is not a positive integer', async () => {
    const io = captureIo();
    expect(await main(['sim', 'generate', '--out', dir, '--contracts', 'many'], io)).toBe(1);
    expect(io.err.join('\n')).toContain('--contracts must be an integer');
  });
});

describe('sgp-ozmap sim', () => {
  it('prints both URLs as its first stdout line, serves both simulators, and stops on SIGTERM', async () => {
    await finished(start(['sim', 'generate', '--contracts', '30', '--seed', '5', '--out', join(dir, 'run')]));
    const child = start([
      'sim',
      '--sgp-fixture',
      join(dir, 'run', 'sgp.json'),
      '--ozmap-fixture',
      join(dir, 'run', 'ozmap.json'),
      '--sgp-token',
      'tok',
      '--sgp-app',
      'App',
    ]);
    const done = finished(child);
    const line = await firstLine(child);
    expect(line).toMatch(/^\{"sgp":"http:\/\/127\.0\.0\.1:\d+","ozmap":"http:\/\/127\.0\.0\.1:\d+"\}$/);
    const urls = JSON.parse(line) as { sgp: string; ozmap: string };
    const sgp = await fetch(`${urls.sgp}/api/ura/clientes/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=tok&app=App&limit=5',
    });
    expect(sgp.status).toBe(200);
    expect(((await sgp.json()) as { clientes: unknown[] }).clientes).toHaveLength(5);
    const ozmap = await fetch(`${urls.ozmap}/api/v2/boxes?limit=2`, { headers: { authorization: 'sim-key' } });
    expect(ozmap.status).toBe(200);
    expect(((await ozmap.json()) as { rows: unknown[] }).rows).toHaveLength(2);
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('"path":"/api/ura/clientes/"');
    expect(result.stderr).not.toContain('token=tok');
  });

  it('names the fixture file and its problem, exit 1, when a fixture is not valid', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"clientes": [1, 2');
    const wrongShape = join(dir, 'shape.json');
    writeFileSync(wrongShape, '{"clientes": {}}');
    const notJson = await finished(start(['sim', '--sgp-fixture', broken, '--ozmap-fixture', broken]));
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain(`the SGP fixture ${broken} is not valid JSON`);
    const shape = await finished(start(['sim', '--sgp-fixture', wrongShape, '--ozmap-fixture', broken]));
    expect(shape.code).toBe(1);
    expect(shape.stderr).toContain(`the SGP fixture ${wrongShape} does not fit its schema at clientes`);
    expect(shape.stdout).toBe('');
  });

  it('says which fixture file is missing', async () => {
    const io = captureIo();
    const missing = join(dir, 'nope.json');
    expect(await main(['sim', '--sgp-fixture', missing, '--ozmap-fixture', missing], io)).toBe(1);
    expect(io.err.join('\n')).toContain(`cannot read the SGP fixture ${missing}: no such file`);
  });

  it('refuses an unknown option and a bad --id-shape as usage errors', async () => {
    const unknown = captureIo();
    expect(await main(['sim', '--sgp-fixture', 'a', '--ozmap-fixture', 'b', '--colour', 'x'], unknown)).toBe(1);
    expect(unknown.err.join('\n')).toContain("Unknown option '--colour'");
    const shape = captureIo();
    expect(await main(['sim', '--sgp-fixture', 'a', '--ozmap-fixture', 'b', '--id-shape', 'uuid'], shape)).toBe(1);
    expect(shape.err.join('\n')).toContain('--id-shape must be one of id, _id, both');
  });

  it('prints its full help with exit 0', async () => {
    const io = captureIo();
    expect(await main(['sim', '--help'], io)).toBe(0);
    expect(io.out.join('\n')).toContain('--ozmap-fixture FILE');
    expect(io.out.join('\n')).toContain('SIGTERM');
  });
});
