import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFixtures } from '../../sim/generate/generateFixtures.ts';
import type { OzmapState } from '../../sim/ozmap/ozmapFixture.ts';
import type { CycleReport } from '../../src/app/engine/runCycle.ts';
import { contractStream } from '../../src/domain/events/streams.ts';
import { checkUnreadableInvariants } from '../../chaos/support/unreadableInvariants.ts';
import { startHarness, type Harness } from '../support/engineHarness.ts';

/**
 * Issue 11's "done when", small: a generated 400-contract world whose OZmap holds records edited
 * out of the documented forms (30 per thousand, ten times the demo's rate so that every kind
 * shows up), and the same world clean. Sync then cancel on both, in process. The full size runs
 * in the chaos bad-input campaign.
 */

const OPTIONS = { contracts: 400, seed: 12 } as const;
const messy = generateFixtures({ ...OPTIONS, ozmapMessPerThousand: 30 });
const clean = generateFixtures(OPTIONS);
const handEdits = messy.ozmap.handEdits ?? [];

interface Run {
  readonly harness: Harness;
  readonly before: OzmapState;
  readonly after: OzmapState;
  readonly sync: CycleReport;
  readonly cancel: CycleReport;
}

async function runOn(fixtures: typeof messy): Promise<Run> {
  const harness = await startHarness({ sgpFixture: fixtures.sgp as { clientes: unknown[] }, ozmapFixture: fixtures.ozmap });
  const before = await harness.ozmapState();
  const sync = await harness.run('sync');
  const cancel = await harness.run('cancel');
  return { harness, before, after: await harness.ozmapState(), sync, cancel };
}

let dirty: Run;
let tidy: Run;
const blocked = new Map<string, string[]>();
beforeAll(async () => {
  dirty = await runOn(messy);
  tidy = await runOn(clean);
  for (const code of new Set(dirty.sync.commands.concat(dirty.cancel.commands).map((c) => c.code))) {
    const details = (await dirty.harness.store.readStream(contractStream(code)))
      .filter((e) => e.type === 'ClientCreationSkipped' && (e.data as { reason: string }).reason === 'ozmap-record-unreadable')
      .map((e) => String((e.data as { detail: string }).detail));
    if (details.length > 0) blocked.set(code, details);
  }
}, 120_000);
afterAll(async () => {
  await dirty.harness.close();
  await tidy.harness.close();
});

const placeOf = (state: OzmapState, code: string): string => {
  const client = state.ftthClients.find((c) => c.code === code);
  const property = client ? state.properties.find((p) => p.client === client.id) : undefined;
  return client ? `${client.name}|${property?.box ?? '-'}|${property?.connections.map((c) => `${c.id}:${c.port}`).join(',') ?? '-'}` : 'absent';
};

describe('a generated world with OZmap records out of the documented forms', () => {
  it('holds every kind of mess, and every such record is read as unreadable, not as a failed read', () => {
    expect(new Set(handEdits.map((e) => e.collection))).toEqual(new Set(['boxes', 'splitters', 'properties', 'ftthClients']));
    for (const report of [dirty.sync, dirty.cancel]) {
      expect(report).toMatchObject({ outcome: 'completed', exitCode: 0 });
      expect(report.counts.ozmapUnreadable).toBe(handEdits.length);
    }
  });

  it('the invariants hold: no duplicate, no write to a bad record, no cancellation without its line, every block tied to a bad record', () => {
    const checks = checkUnreadableInvariants({ handEdits, before: dirty.before, after: dirty.after, blocked });
    expect(checks.filter((c) => c.violations.length > 0)).toEqual([]);
    expect(blocked.size).toBeGreaterThan(0);
  });

  it('every contract untouched by bad data ends exactly as on the clean world', () => {
    const codes = new Set([...dirty.sync.commands, ...tidy.sync.commands, ...dirty.cancel.commands, ...tidy.cancel.commands].map((c) => c.code));
    const differ = [...codes].filter((code) => !blocked.has(code) && placeOf(dirty.after, code) !== placeOf(tidy.after, code));
    expect(differ.map((code) => `${code}: ${placeOf(dirty.after, code)} vs ${placeOf(tidy.after, code)}`)).toEqual([]);
  });
});
