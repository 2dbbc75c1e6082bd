import { describe, expect, test } from 'vitest';
import { campaigns } from '../../chaos/campaigns.ts';
import { formatReport, parseRunnerArgs } from '../../chaos/report.ts';

const names = campaigns.map((c) => c.name);

describe('npm run test:chaos: arguments and summary', () => {
  test('the six campaigns of issue #6 (with the messy world of #11 after bad input), then the daemon campaigns of #17, in order', () => {
    expect(names).toEqual([
      'crash',
      'upstream',
      'bad-input',
      'messy-world',
      'mass-deletion',
      'store',
      'security',
      'daemon',
      'stop',
      'two-daemon',
    ]);
  });

  test('--seed, --runs, --only, --run, --short', () => {
    expect(parseRunnerArgs([], names)).toEqual({ seed: 1, scale: 'full', keep: false });
    expect(parseRunnerArgs(['--seed', '42', '--runs', '5', '--only', 'crash', '--run', '7', '--short'], names)).toEqual(
      { seed: 42, runs: 5, only: 'crash', run: 7, scale: 'short', keep: false },
    );
    expect(() => parseRunnerArgs(['--only', 'nope'], names)).toThrow(/--only takes one of crash, upstream/);
    expect(() => parseRunnerArgs(['--runs', '0'], names)).toThrow(/--runs takes a whole number >= 1/);
    expect(() => parseRunnerArgs(['--run', '3'], names)).toThrow(/--only/);
    expect(() => parseRunnerArgs(['--bogus'], names)).toThrow();
  });

  test('one table row per campaign, a total, and every failure with the run that replays it', () => {
    const report = formatReport(
      [
        {
          campaign: 'crash',
          runs: 100,
          faults: 97,
          invariants: 1400,
          failures: [],
          skipped: [],
          durationMs: 600_000,
          notes: [],
        },
        {
          campaign: 'security',
          runs: 1,
          faults: 2,
          invariants: 12,
          failures: ['security run 1 (seed 9): no secret in stderr: SGP token'],
          skipped: ['npm audit: offline'],
          durationMs: 61_000,
          notes: ['run 1: 900 log lines'],
        },
      ],
      { seed: 1, scale: 'full' },
    );
    expect(report).toContain('| campaign | runs | faults injected | invariants checked | result   |');
    expect(report).toMatch(/\| crash +\| +100 \| +97 \| +1,400 \| all hold +\| +10 min 0 s \|/);
    expect(report).toMatch(/\| security +\| +1 \| +2 \| +12 \| 1 FAILED/);
    expect(report).toMatch(/\| total +\| +101 \| +99 \| +1,412 \| 1 FAILED/);
    expect(report).toContain('FAILED security: security run 1 (seed 9): no secret in stderr: SGP token');
    expect(report).toContain('skipped security: npm audit: offline');
  });
});
