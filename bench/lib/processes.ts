/**
 * Child processes of the benchmark: each measured program runs in its own process, its wall
 * time taken around it and its peak RSS read by `/usr/bin/time -v` (the kernel's own maximum
 * resident set size of that process), or, where that tool is missing, by polling VmHWM.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(ROOT, 'bin', 'sgp-ozmap');
const TIME = '/usr/bin/time';

export interface ChildResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
  /** Peak resident set size of the program, in MiB; null when it could not be measured. */
  readonly peakRssMb: number | null;
  /** User + system CPU seconds of the program (from /usr/bin/time), or null. */
  readonly cpuSeconds: number | null;
}

/**
 * Runs `node <args>` (no shell) to completion. With `/usr/bin/time -v` around it the peak RSS is
 * the kernel's; without, VmHWM is polled every 50 ms (it can miss a last-moment peak).
 */
export async function runNode(args: readonly string[], env: NodeJS.ProcessEnv): Promise<ChildResult> {
  const useTime = existsSync(TIME);
  const command = useTime ? TIME : process.execPath;
  const argv = useTime ? ['-v', process.execPath, ...args] : [...args];
  const started = performance.now();
  const child = spawn(command, argv, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let polled = 0;
  const poll = useTime
    ? undefined
    : setInterval(() => {
        try {
          const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (match) polled = Math.max(polled, Number(match[1]));
        } catch {
          // gone already
        }
      }, 50);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exit) => resolve(exit));
  });
  const wallMs = performance.now() - started;
  if (poll) clearInterval(poll);
  let peakKb: number | null = polled > 0 ? polled : null;
  let cpuSeconds: number | null = null;
  if (useTime) {
    const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
    const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
    if (user && system) cpuSeconds = Math.round((Number(user[1]) + Number(system[1])) * 100) / 100;
    const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
    peakKb = match ? Number(match[1]) : null;
    // time's own report is the tail of stderr: keep only the program's part.
    const at = stderr.lastIndexOf('\tCommand being timed:');
    if (at >= 0) stderr = stderr.slice(0, at);
  }
  return {
    code,
    stdout,
    stderr,
    wallMs,
    cpuSeconds,
    peakRssMb: peakKb === null ? null : Math.round((peakKb / 1024) * 10) / 10,
  };
}

/** Arguments that run a TypeScript file of this repository through tsx. */
export function tsxScript(path: string, ...args: string[]): string[] {
  return ['--import', 'tsx', join(ROOT, path), ...args];
}

/** A minimal environment: nothing of the caller's configuration leaks into a measured run. */
export function baseEnv(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'];
  const env: NodeJS.ProcessEnv = {};
  for (const key of keep) if (process.env[key] !== undefined) env[key] = process.env[key];
  return { ...env, ...extra };
}
