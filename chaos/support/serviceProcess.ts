import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/sgp-ozmap');

export interface ServiceExit {
  /** Exit code, null when a signal ended it. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

export interface ServiceProcess {
  readonly child: ChildProcess;
  /** SIGKILL, at once: no handler, no cleanup, no lease given back. */
  kill(): void;
  readonly killed: () => boolean;
  readonly exit: Promise<ServiceExit>;
  /** What it has printed so far. */
  output(): { stdout: string; stderr: string };
}

/**
 * `bin/sgp-ozmap <args>` as a child process, exactly as an operator runs it, configured only
 * by `env` (nothing of the runner's environment leaks in but PATH and HOME).
 */
export function startService(
  args: readonly string[],
  env: Record<string, string>,
  options: { timeoutMs?: number } = {},
): ServiceProcess {
  const started = Date.now();
  const child = spawn(BIN, [...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let killed = false;
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => void (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
  const kill = (): void => {
    if (killed || child.exitCode !== null) return;
    killed = true;
    child.kill('SIGKILL');
  };
  const timer = setTimeout(kill, options.timeoutMs ?? 120_000);
  const exit = new Promise<ServiceExit>((done) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr, durationMs: Date.now() - started });
    });
  });
  return { child, kill, killed: () => killed, exit, output: () => ({ stdout, stderr }) };
}
