import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

/** The modules `import`ed statically (type-only imports are erased; dynamic ones load on demand). */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^;'"]*?\sfrom\s+)?'([^']+)';/gm)];
  return specifiers.map((m) => m[1]!);
}

function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of staticImports(file)) {
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
      else seen.add(specifier);
    }
  };
  visit(entry);
  return seen;
}

describe('CLI start: --help loads almost nothing (issue 18)', () => {
  it('the modules main.ts imports statically are the CLI shell, its command descriptions and node built-ins', () => {
    const loaded = [...reachable(resolve(ROOT, 'src/app/cli/main.ts'))].map((f) =>
      f.startsWith('/') ? relative(ROOT, f) : f,
    );
    const unexpected = loaded.filter(
      (f) =>
        !f.startsWith('node:') &&
        !/^src\/app\/cli\/(main|cliCommand|exitCodes|commands\/\w+)\.ts$|^src\/app\/heapGrowth\.ts$/.test(f),
    );
    expect(unexpected).toEqual([]);
    expect(loaded).toContain('src/app/cli/commands/sync.ts');
  });
});
