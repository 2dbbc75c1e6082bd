import { commands } from './commands/index.ts';
import { UsageError, type CliCommand, type CliIo } from './cliCommand.ts';
import { ExitCode } from './exitCodes.ts';
import { limitHeapGrowth } from '../heapGrowth.ts';

const processIo = (): CliIo => ({
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  isTty: Boolean(process.stdout.isTTY),
});

export function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'sgp-ozmap: keeps OZmap in step with SGP (contracts -> FTTH clients).',
    '',
    'Usage: sgp-ozmap <command> [options]      sgp-ozmap <command> --help',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Configuration comes from the environment (see README, "Configuration").',
    'Exit codes: 0 completed, 1 error, 2 mass-deletion guard tripped, 4 OZmap writes failed, 3 incomplete read',
    '(the first in 1, 2, 4, 3 wins; the table for every command is in docs/CONFIG.md).',
  ].join('\n');
}

/** A usage mistake: one of ours, or one of parseArgs' (plain TypeErrors with ERR_PARSE_ARGS_* codes). */
function isUsageMistake(error: unknown): error is Error {
  if (error instanceof UsageError) return true;
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

/** Finds the longest command name that prefixes argv (`sim generate` before `sim`). */
function findCommand(argv: readonly string[]): { command: CliCommand; rest: readonly string[] } | undefined {
  const byLength = [...commands].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  for (const command of byLength) {
    const words = command.name.split(' ');
    if (words.every((w, i) => argv[i] === w)) return { command, rest: argv.slice(words.length) };
  }
  return undefined;
}

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  // Not for the simulators: they hold whole fake systems, are not the service being sized, and
  // more frequent full collections there would show as upstream latency in the benchmarks.
  if (argv[0] !== 'sim') limitHeapGrowth();
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout(overview());
    return argv.length === 0 ? ExitCode.error : ExitCode.completed;
  }
  const found = findCommand(argv);
  if (!found) {
    io.stderr(`sgp-ozmap: unknown command "${argv[0]}"\n`);
    io.stderr(overview());
    return ExitCode.error;
  }
  const { command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help);
    return ExitCode.completed;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    // Every command's usage mistakes are told here, once, the same way.
    if (isUsageMistake(error)) {
      io.stderr(`sgp-ozmap ${command.name}: ${error.message}\n`);
      io.stderr(command.help);
      return ExitCode.error;
    }
    throw error;
  }
}
