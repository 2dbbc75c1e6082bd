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
