import { loadConfig } from '../../src/app/config/index.ts';
import { createEngine, type Engine, type EngineOptions } from '../../src/app/createEngine.ts';
import { createLogger } from '../../src/app/logger.ts';
import { isWrite } from '../../src/domain/planner/commands.ts';
import type { CycleReport } from '../../src/reconciler/runCycle.ts';
import type { CycleKind } from '../../src/domain/cycles.ts';
import { canonicalOzmap } from './invariants.ts';
import { startSimWorld } from './simWorld.ts';
import type { World } from './worlds.ts';

/** An engine in the runner's process, configured through the real configuration path. */
export async function openEngine(env: Record<string, string>, options: Partial<EngineOptions> = {}): Promise<Engine> {
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(`chaos: invalid configuration: ${loaded.problems.join('; ')}`);
  return createEngine(loaded.config, { logger: createLogger({ level: 'silent' }), owner: 'chaos-runner', ...options });
}

export async function runOnce(
  engine: Engine,
  kind: CycleKind,
  extra: { confirmHash?: string } = {},
): Promise<CycleReport> {
  const report = await engine.runCycle({ kind, trigger: 'chaos', ...extra });
  if ('refused' in report) throw new Error(`chaos: lease refused, held by ${report.refused.holder}`);
  return report;
}

/** Nothing left to write: the planner, on fresh reads of both systems, plans no write. */
export async function isQuiet(engine: Engine): Promise<boolean> {
  const preview = await engine.previewPlan();
  return (
    preview.sweepComplete &&
    preview.ozmapComplete &&
    preview.sync.filter(isWrite).length === 0 &&
    preview.cancel.commands.length === 0
  );
}

/**
 * Clean cycles until nothing is left to do: at least one sync and one cancellation (so that an
 * interrupted command of either kind is resolved), then alternating, at most `max` cycles.
 */
export async function settle(
  engine: Engine,
  max = 6,
): Promise<{ cycles: number; quiet: boolean; reports: CycleReport[] }> {
  const reports: CycleReport[] = [];
  const kinds: CycleKind[] = ['sync', 'cancel'];
  for (let i = 0; i < max; i++) {
    if (i >= 2 && (await isQuiet(engine))) return { cycles: i, quiet: true, reports };
    reports.push(await runOnce(engine, kinds[i % 2]!));
  }
  return { cycles: max, quiet: await isQuiet(engine), reports };
}

const references = new Map<string, Promise<string[]>>();

/**
 * The state OZmap must end in for a world: clean cycles, no fault, on the memory store, until
 * nothing is left to do. Cached per world and configuration.
 */
export function referenceState(world: World, env: Record<string, string> = {}): Promise<string[]> {
  const key = `${world.key}|${JSON.stringify(env)}`;
  let cached = references.get(key);
  if (!cached) {
    cached = (async () => {
      const sims = await startSimWorld({ sgpFixture: world.sgp, ozmapFixture: world.ozmap });
      const engine = await openEngine(sims.serviceEnv({ EVENTSTORE_URL: 'memory:', ...env }));
      try {
        const settled = await settle(engine, 8);
        if (!settled.quiet) throw new Error(`chaos: the reference run of world ${world.key} does not settle`);
        return canonicalOzmap(await sims.ozmapState());
      } finally {
        await engine.close();
        await sims.close();
      }
    })();
    references.set(key, cached);
  }
  return cached;
}
