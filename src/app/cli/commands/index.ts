import type { CliCommand } from '../cliCommand.ts';
import { backupCommand } from './backup.ts';
import { cancelCommand } from './cancel.ts';
import { contestedCommand } from './contested.ts';
import { demoCommand } from './demo.ts';
import { doctorCommand } from './doctor.ts';
import { runCommand } from './run.ts';
import { historyCommand } from './history.ts';
import { excludeCommand } from './exclude.ts';
import { planCommand } from './plan.ts';
import { replayCommand } from './replay.ts';
import { resolveCommand } from './resolve.ts';
import { simCommand } from './sim.ts';
import { simGenerateCommand } from './simGenerate.ts';
import { syncCommand } from './sync.ts';

/** Every CLI command, in the order `--help` lists them. */
export const commands: readonly CliCommand[] = [
  runCommand,
  syncCommand,
  cancelCommand,
  planCommand,
  historyCommand,
  excludeCommand,
  contestedCommand,
  resolveCommand,
  replayCommand,
  backupCommand,
  doctorCommand,
  simCommand,
  simGenerateCommand,
  demoCommand,
];
