import { describe, expect, it } from 'vitest';
import { assessReadiness } from '../../src/reconciler/readiness.ts';

// `/ready` says why in English for probes and people reading JSON, and the same reasons as data
// (a code and its values) so the dashboard can say them in its own language.
describe('readiness', () => {
  it('ready: no reason, no problem', () => {
    expect(
      assessReadiness({ crashed: null, latest: { kind: 'sync', outcome: 'completed', error: null }, pending: null }),
    ).toEqual({ ready: true, reasons: [], problems: [] });
  });

  it('each reason also as a problem with a stable code', () => {
    expect(
      assessReadiness({
        crashed: { kind: 'cancel', message: 'database or disk is full' },
        latest: { kind: 'sync', outcome: 'failed', error: 'SGP unreachable' },
        pending: { removals: 60, hash: '0123456789abcdef' },
      }),
    ).toEqual({
      ready: false,
      reasons: [
        'last cancel cycle crashed: database or disk is full',
        'last sync cycle failed: SGP unreachable',
        'mass-deletion guard tripped: 60 removals pending confirmation (hash 0123456789abcdef)',
      ],
      problems: [
        { code: 'cycle-crashed', kind: 'cancel', message: 'database or disk is full' },
        { code: 'cycle-failed', kind: 'sync', message: 'SGP unreachable' },
        { code: 'guard-tripped', removals: 60, hash: '0123456789abcdef' },
      ],
    });
  });

  it('an incomplete read', () => {
    expect(
      assessReadiness({ crashed: null, latest: { kind: 'sync', outcome: 'incomplete', error: null }, pending: null })
        .problems,
    ).toEqual([{ code: 'cycle-incomplete', kind: 'sync' }]);
  });
});
