import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what survived its last full collection before
 * collecting again, in percent. Left to itself on a machine with memory to spare, V8 grows it by
 * up to 4x: a steady 100,000-contract cycle holding about 250 MB of live data peaked at 718 to
 * 975 MiB of RSS, mostly garbage not yet collected (BENCHMARKS.md, issue 18). A cycle's garbage is
 * short-lived pages and records, so collecting at 1.5x its live size keeps the peak near the data
 * it really holds for little CPU (the measured cost is in BENCHMARKS.md).
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Sets V8's heap growth for this process (the CLI's start), unless node was started with its own
 * `--heap-growing-percent` on its command line (`--heap-growing-percent=0`: V8's own growth),
 * which then stands. Node refuses V8 flags like it in NODE_OPTIONS.
 */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) return false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
