import type { CliIo } from '../../src/app/cli/cliCommand.ts';

/** A CliIo that records what a command prints, for asserting on it. */
export function captureIo(env: Record<string, string | undefined> = {}): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, env, isTty: false, stdout: (l) => out.push(l), stderr: (l) => err.push(l) };
}
