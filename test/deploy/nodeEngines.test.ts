import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// The README promises Node.js 20.19. `npm ci` prints EBADENGINE for every locked package whose
// `engines.node` excludes the running Node, so a package that wants Node 22 would warn on every
// machine here (issue 12, point 12). The lock records each package's engines: check them all.
const OLDEST_NODE = '20.19.0';

interface LockedPackage { readonly version?: string; readonly engines?: { readonly node?: string } | readonly string[] }
const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, LockedPackage> };
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };

describe('Node engines of the locked packages', () => {
  it(`the project itself says Node ${OLDEST_NODE} or newer`, () => {
    expect(semver.minVersion(manifest.engines.node)?.version).toBe(OLDEST_NODE);
  });

  it(`every package in package-lock.json accepts Node ${OLDEST_NODE} (npm ci shows no EBADENGINE)`, () => {
    const refused = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, pkg]) => {
        const range = Array.isArray(pkg.engines) ? undefined : (pkg.engines as { node?: string } | undefined)?.node;
        return range && !semver.satisfies(OLDEST_NODE, range, { includePrerelease: true }) ? [`${path}@${pkg.version}: node ${range}`] : [];
      });
    expect(refused).toEqual([]);
  });
});
