import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/app/cli/progress.ts';
import { createLogger } from '../../src/app/logger.ts';
import { createProgressLog } from '../../src/app/progressLog.ts';
import { captureIo } from '../support/captureIo.ts';

// Issue 12, point 8: a first sync of 2,000 contracts ran 2 min 41 s without a word, and the
// demo's first cycle logged nothing until it ended. Long work shows a bar on a terminal and
// writes a progress line to the log every so often, whatever the output is.

function clock(start = 0) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('progress bar on a terminal', () => {
  it('shows the phase, a bar, done/total, the percentage, the rate and the time left', () => {
    const time = clock();
    const written: string[] = [];
    const io = { ...captureIo(), isTty: true };
    const progress = createProgress(io, { write: (text) => written.push(text), now: time.now });
    progress('SGP contracts', 0, 2000);
    time.advance(10_000);
    progress('SGP contracts', 1000, 2000);
    const line = written.at(-1)!;
    expect(line).toContain('SGP contracts');
    expect(line).toMatch(/\[#{10}\.{10}\]/);
    expect(line).toContain('1000/2000 50%');
    expect(line).toContain('100/s');
    expect(line).toContain('ETA 10 s');
    // A new phase starts its own clock: its rate is not the last phase's.
    time.advance(1000);
    progress('commands', 0, 600);
    time.advance(60_000);
    progress('commands', 120, 600);
    expect(written.at(-1)).toContain('120/600 20%');
    expect(written.at(-1)).toContain('2/s');
    expect(written.at(-1)).toContain('ETA 4 min 00 s');
    progress.done();
    expect(written.at(-1)).toBe('\r\u001b[2K');
    // A phase that ends clears its line: what is printed next starts on a clean line.
    time.advance(1000);
    progress('OZmap boxes', 1, 3);
    expect(written.at(-1)).toContain('OZmap boxes');
    time.advance(1000);
    progress('OZmap boxes', 3, 3);
    expect(written.at(-1)).toBe('\r\u001b[2K');
  });

  it('writes nothing when stdout is not a terminal', () => {
    const written: string[] = [];
    const progress = createProgress(captureIo(), { write: (text) => written.push(text), now: clock().now });
    progress('SGP contracts', 10, 20);
    progress.done();
    expect(written).toEqual([]);
  });
});

describe('progress lines in the log', () => {
  it('one line every interval while a long phase runs, with its numbers, nothing for short work', () => {
    const time = clock();
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk: Buffer, _e, next) {
          lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
          next();
        },
      }),
    });
    const report = createProgressLog(logger, { everyMs: 10_000, now: time.now });
    report('SGP contracts', 0, 2000);
    time.advance(4000);
    report('SGP contracts', 400, 2000);
    expect(lines).toEqual([]);
    time.advance(6000);
    report('SGP contracts', 1000, 2000);
    time.advance(1000);
    report('SGP contracts', 1100, 2000);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      phase: 'SGP contracts',
      done: 1000,
      total: 2000,
      perSecond: 100,
      etaSeconds: 10,
      msg: 'progress: SGP contracts 1000/2000 (50%), 100/s, about 10 s left',
    });
    time.advance(9000);
    report('commands', 0, 300);
    time.advance(1000);
    report('commands', 30, 300);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ phase: 'commands', done: 30, total: 300, perSecond: 30, etaSeconds: 9 });
  });
});

describe('the service logs the progress of its cycles (run, demo)', () => {
  it('a sync cycle writes progress lines for the SGP sweep, the OZmap read and the commands', async () => {
    const { startSimWorld } = await import('../../chaos/support/simWorld.ts');
    const { buildWorld } = await import('../../chaos/support/worlds.ts');
    const { loadConfig, configSecrets } = await import('../../src/app/config/index.ts');
    const { createService } = await import('../../src/app/createService.ts');
    const world = buildWorld({ contracts: 30, seed: 3 });
    const sims = await startSimWorld({ sgpFixture: world.sgp, ozmapFixture: world.ozmap });
    const loaded = loadConfig(sims.serviceEnv({ EVENTSTORE_URL: 'memory:' }));
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _e, next) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        next();
      },
    });
    // Every report logged (a real service logs one every PROGRESS_LOG_EVERY_MS), so a small cycle shows them.
    const service = await createService(loaded.config, {
      logger: createLogger({ level: 'info', destination, secrets: configSecrets(loaded.config) }),
      progressLogEveryMs: 0,
    });
    try {
      expect((await service.scheduler.trigger('sync', 'test'))?.outcome).toBe('completed');
    } finally {
      await service.stop();
      await sims.close();
    }
    const phases = new Set(lines.filter((l) => String(l.msg).startsWith('progress: ')).map((l) => l.phase));
    expect(phases).toContain('SGP contracts');
    expect(phases).toContain('commands');
    expect([...phases].some((p) => String(p).startsWith('OZmap '))).toBe(true);
  });
});
