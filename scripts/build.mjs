// Compiles src/ and sim/ to dist/ (tsconfig.build.json) for bin/sgp-ozmap; run by `npm ci` and
// `npm install` through the `prepare` script, or by `npm run build`. Plain JavaScript: nothing
// is compiled yet when it runs.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { STAMP_FILE } from '../bin/buildStamp.mjs';

const root = resolve(import.meta.dirname, '..');
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // `npm ci --omit=dev` (the Docker image's runtime stage) runs `prepare` too, without TypeScript:
  // the image copies dist/ from its build stage.
  console.error('sgp-ozmap build: TypeScript is not installed (npm ci --omit=dev), dist/ left as it is');
  process.exit(0);
}
// Taken before tsc reads anything: a source saved during the build makes it stale.
const startedAtMs = Date.now();
rmSync(join(root, 'dist'), { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  console.error('sgp-ozmap build: tsc failed, dist/ is incomplete and bin/sgp-ozmap will run the sources');
  process.exit(result.status ?? 1);
}
// The dashboard is served as files from beside the compiled module (serveDashboard.ts).
const dashboard = join('src', 'adapters', 'http', 'dashboard');
cpSync(join(root, dashboard), join(root, 'dist', dashboard), { recursive: true });
writeFileSync(join(root, STAMP_FILE), `${JSON.stringify({ startedAtMs })}\n`);
