// Decides whether bin/sgp-ozmap may run the compiled dist/ or must run the TypeScript sources:
// a clone being edited must never run a stale build. Plain JavaScript: it runs before any build.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What dist/ is compiled from (tsconfig.build.json's include). */
export const SOURCE_DIRS = ['src', 'sim', 'tsconfig.build.json', 'tsconfig.json'];
/** Written last by scripts/build.mjs: when the build started reading the sources. */
export const STAMP_FILE = join('dist', '.build-stamp.json');

/**
 * The newest modification time (ms) of the sources, or undefined when there are none (an image
 * that ships only dist/). Directories count too: deleting or renaming a file changes its
 * directory's time, not any remaining file's.
 */
export function newestSourceMtime(root, sources = SOURCE_DIRS) {
  let newest;
  const visit = (path) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return;
    }
    if (newest === undefined || stat.mtimeMs > newest) newest = stat.mtimeMs;
    if (!stat.isDirectory()) return;
    for (const name of readdirSync(path)) visit(join(path, name));
  };
  for (const source of sources) visit(join(root, source));
  return newest;
}

/**
 * `{ entry: 'dist' }` when dist/ was built from the sources as they are now; otherwise
 * `{ entry: 'source', reason }`. A source modified after the build started makes the build stale
 * (make's rule); a build with no sources beside it is all there is.
 */
export function chooseEntry(root) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, STAMP_FILE), 'utf8'));
  } catch {
    return { entry: 'source', reason: 'there is no build in dist/' };
  }
  if (typeof stamp?.startedAtMs !== 'number') return { entry: 'source', reason: 'dist/ has no valid build stamp' };
  const newest = newestSourceMtime(root);
  if (newest !== undefined && newest > stamp.startedAtMs) {
    return { entry: 'source', reason: 'a source file changed after dist/ was built' };
  }
  return { entry: 'dist' };
}
