/**
 * Several replays in one process, as `npm run bench:replay` runs each (openLocalState + replay),
 * printing the CPU milliseconds of each and their median after the first (cold) one. With
 * `--skip-validation`, every catalogue schema's safeParse is replaced by an identity first: what a
 * replay that trusted the stored payloads would cost (decision 0007). Run the two alternately.
 *
 *   node --import tsx bench/child/replayRounds.ts <events.db> [rounds] [--skip-validation]
 */
import { openLocalState } from '../../src/app/openLocalState.ts';
import { catalogue } from '../../src/domain/events/catalogue.ts';

const [path, roundsText] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
if (!path) throw new Error('usage: replayRounds.ts <events.db> [rounds] [--skip-validation]');
const rounds = Number(roundsText ?? 5);
const skipValidation = process.argv.includes('--skip-validation');
if (skipValidation) {
  for (const schema of Object.values(catalogue)) {
    (schema as unknown as { safeParse: unknown }).safeParse = (data: unknown) => ({ success: true, data });
  }
}
const cpuMs = (): number => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};
const cpus: number[] = [];
const walls: number[] = [];
for (let round = 0; round < rounds; round++) {
  const state = await openLocalState({ kind: 'sqlite', path }, `${path}.readmodels`);
  try {
    const cpu = cpuMs();
    const started = performance.now();
    const result = await state.replay();
    cpus.push(Math.round(cpuMs() - cpu));
    walls.push(Math.round(performance.now() - started));
    if (!result.identical) throw new Error(`replay ${round + 1} did not rebuild identical read models`);
  } finally {
    await state.close();
  }
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log(
  JSON.stringify({
    skipValidation,
    cpuMs: cpus,
    wallMs: walls,
    medianCpuMs: median(cpus.slice(1)),
    minCpuMs: Math.min(...cpus.slice(1)),
  }),
);
