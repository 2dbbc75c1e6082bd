import fc from 'fast-check';
import { commandsArb } from './engineModel.ts';
import { runScenario, type ScenarioResult } from './scenario.ts';
import { worldArb } from './world.ts';

/**
 * 100 runs each, as the issue asks. FC_SEED and FC_RUNS explore further without editing; FC_SEED
 * with FC_PATH (both from a failure's report) replays that failure's shrunk counterexample.
 */
const RUNS = Number(process.env.FC_RUNS ?? 100);
/** Steps per run: short, so that 100 runs of a property fit in well under a minute. */
const MAX_COMMANDS = 12;
/** Per property file; a run is a few hundred milliseconds. */
export const PROPERTY_TIMEOUT_MS = 240_000;

/**
 * Runs the model-based scenario `RUNS` times from a fixed seed and applies `check` to each
 * result. A failure names the seed (fast-check's report adds the shrunk path and the
 * counterexample: the world and its commands) and the run's trace.
 */
export async function assertEngineProperty(
  defaultSeed: number,
  check: (result: ScenarioResult) => void,
  /** Extra steps (records left unreadable), and fewer runs for a property that adds them. */
  variant: {
    readonly extra?: Parameters<typeof commandsArb>[1];
    readonly runs?: number;
    readonly compare?: boolean;
    readonly ozmapConcurrency?: number;
  } = {},
): Promise<void> {
  const seed = Number(process.env.FC_SEED ?? defaultSeed);
  await fc.assert(
    fc.asyncProperty(worldArb, commandsArb(MAX_COMMANDS, variant.extra), async (world, commands) => {
      const result = await runScenario(world, commands, {
        ...(variant.compare === undefined ? {} : { compare: variant.compare }),
        ...(variant.ozmapConcurrency === undefined ? {} : { ozmapConcurrency: variant.ozmapConcurrency }),
      });
      try {
        check(result);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`${message}\n--- trace (seed ${seed}) ---\n${result.trace.join('\n')}`, { cause: error });
      }
    }),
    {
      seed,
      numRuns: process.env.FC_RUNS || variant.runs === undefined ? RUNS : variant.runs,
      ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
    },
  );
}
