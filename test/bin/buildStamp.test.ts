import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error bin/buildStamp.mjs is plain JavaScript (it runs before any build), without types.
import { chooseEntry, STAMP_FILE } from '../../bin/buildStamp.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A clone's layout: sources, a build of them stamped at `builtAt`, every time in seconds since the epoch. */
function clone(builtAt: number, sourcesAt: number): string {
  const root = mkdtempSync(join(tmpdir(), 'build-stamp-'));
  dirs.push(root);
  mkdirSync(join(root, 'src/app/cli'), { recursive: true });
  mkdirSync(join(root, 'sim'), { recursive: true });
  mkdirSync(join(root, 'dist/src/app/cli'), { recursive: true });
  writeFileSync(
    join(root, 'src/app/cli/main.ts'),
    `export async function main() { console.log('source'); return 0; }\n`,
  );
  writeFileSync(join(root, 'src/app/cli/old.ts'), '\n');
  writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
  writeFileSync(
    join(root, 'dist/src/app/cli/main.js'),
    `export async function main() { console.log('dist'); return 0; }\n`,
  );
  for (const path of ['src/app/cli/main.ts', 'src/app/cli/old.ts', 'src/app/cli', 'src/app', 'src', 'sim'])
    utimesSync(join(root, path), sourcesAt, sourcesAt);
  writeFileSync(join(root, STAMP_FILE), JSON.stringify({ startedAtMs: builtAt * 1000 }));
  return root;
}

describe('bin/sgp-ozmap: the build or the sources (bin/buildStamp.mjs)', () => {
  it('runs dist/ when it was built after the sources last changed', () => {
    expect(chooseEntry(clone(2_000, 1_000))).toEqual({ entry: 'dist' });
  });

  it('runs the sources when one changed after the build started', () => {
    const root = clone(2_000, 1_000);
    utimesSync(join(root, 'src/app/cli/main.ts'), 3_000, 3_000);
    expect(chooseEntry(root)).toMatchObject({ entry: 'source', reason: 'a source file changed after dist/ was built' });
  });

  it('runs the sources when a file was deleted after the build (its directory changed)', () => {
    const root = clone(2_000, 1_000);
    unlinkSync(join(root, 'src/app/cli/old.ts'));
    expect(chooseEntry(root)).toMatchObject({ entry: 'source' });
  });

  it('runs the sources when there is no build or no stamp', () => {
    const root = clone(2_000, 1_000);
    rmSync(join(root, STAMP_FILE));
    expect(chooseEntry(root)).toEqual({ entry: 'source', reason: 'there is no build in dist/' });
  });

  it('runs dist/ when no sources ship beside it (the Docker image)', () => {
    const root = clone(2_000, 3_000);
    rmSync(join(root, 'src'), { recursive: true });
    rmSync(join(root, 'sim'), { recursive: true });
    expect(chooseEntry(root)).toEqual({ entry: 'dist' });
  });

  it('the real bin: runs the build while it is current, the edited sources once they are newer', async () => {
    const root = clone(2_000, 1_000);
    cpSync(join(ROOT, 'bin'), join(root, 'bin'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
    const run = async () => (await promisify(execFile)(join(root, 'bin/sgp-ozmap'), ['--help'])).stdout.trim();
    expect(await run()).toBe('dist');
    utimesSync(join(root, 'src/app/cli/main.ts'), 3_000, 3_000);
    expect(await run()).toBe('source');
  });
});
