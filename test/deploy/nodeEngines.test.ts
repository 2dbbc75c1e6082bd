import fastifyStatic from '@fastify/static';
import fastify from 'fastify';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// The README promises Node.js 20.19. `npm ci` prints EBADENGINE for every locked package whose
// `engines.node` excludes the running Node, so a package that wants Node 22 would warn on every
// machine here (issue 12, point 12). The lock records each package's engines: check them all.
const OLDEST_NODE = '20.19.0';

interface LockedPackage {
  readonly version?: string;
  readonly engines?: { readonly node?: string } | readonly string[];
}
const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, LockedPackage>;
};
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  engines: { node: string };
};

describe('Node engines of the locked packages', () => {
  it(`the project itself says Node ${OLDEST_NODE} or newer`, () => {
    expect(semver.minVersion(manifest.engines.node)?.version).toBe(OLDEST_NODE);
  });

  it(`every package in package-lock.json accepts Node ${OLDEST_NODE} (npm ci shows no EBADENGINE)`, () => {
    const refused = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, pkg]) => {
        const range = Array.isArray(pkg.engines) ? undefined : (pkg.engines as { node?: string } | undefined)?.node;
        return range && !semver.satisfies(OLDEST_NODE, range, { includePrerelease: true })
          ? [`${path}@${pkg.version}: node ${range}`]
          : [];
      });
    expect(refused).toEqual([]);
  });
});

// The two overrides in package.json (cookie 1 under light-my-request, content-disposition 2
// under @fastify/static) must still give their dependents the functions they call.
describe('the packages pinned back for Node 20 still do their job', () => {
  it('light-my-request sends the cookies a test asks for (cookie.stringifySetCookie)', async () => {
    const app = fastify();
    app.get('/', async (request) => ({ cookie: request.headers.cookie ?? null }));
    const response = await app.inject({ url: '/', cookies: { lang: 'pt', token: 'a b' } });
    expect(response.json()).toEqual({ cookie: 'lang=pt; token=a%20b' });
    await app.close();
  });

  it('@fastify/static names a download with an encoded file name (content-disposition.create)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sgp-ozmap-static-'));
    writeFileSync(join(root, 'relatório.txt'), 'ok');
    const app = fastify();
    await app.register(fastifyStatic, { root, serve: false });
    app.get('/file', (_request, reply) => reply.download('relatório.txt'));
    const response = await app.inject({ url: '/file' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="relat?rio.txt"; filename*=UTF-8''relat%C3%B3rio.txt`,
    );
    expect(response.body).toBe('ok');
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });
});
