/** The exit codes of docs/CONFIG.md, named so that no command returns a bare number. */
export const ExitCode = {
  completed: 0,
  error: 1,
  guardTripped: 2,
  incomplete: 3,
  /** The cycle ran, but some of its OZmap writes failed (docs/CONFIG.md, "CLI exit codes"). */
  commandsFailed: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface CliIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** True when stdout is a terminal: long work may show progress there. */
  readonly isTty: boolean;
}

export interface CliCommand {
  /** One or two words: `sync`, `sim generate`. */
  readonly name: string;
  readonly summary: string;
  /** The full `--help` text: usage line, options, examples. */
  readonly help: string;
  readonly run: (args: readonly string[], io: CliIo) => Promise<number>;
}

/** A usage mistake: printed with the command's help, exit code 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
