import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const CONFIG = resolve('.dependency-cruiser.cjs');
const FIXTURE = resolve('test/fixtures/layering');
const DEPCRUISE = resolve('node_modules/.bin/depcruise');

/** depcruise with the project's own rules, run in `cwd` on its `src`; never throws, says how it ended. */
async function cruise(cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await promisify(execFile)(DEPCRUISE, ['--config', CONFIG, 'src'], { cwd });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('the layering check (npm run lint:layers, docs/decisions/0005-layout.md)', () => {
  it('DESIGN fails on an adapter importing app wiring, even as a type only, and names the rule and the file', async () => {
    const { code, output } = await cruise(FIXTURE);
    expect(code).not.toBe(0);
    expect(output).toContain('adapters-no-app');
    expect(output).toContain('src/adapters/leaky/leakyAdapter.ts');
    expect(output).toContain('src/app/wiring.ts');
    // The adapter's import of the domain is allowed: exactly one violation.
    expect(output).toMatch(/1 dependency violations \(1 errors?/);
  }, 60_000);
});
