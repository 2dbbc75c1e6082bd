import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFixtures } from '../../sim/generate/generateFixtures.ts';
import type { OzmapState } from '../../sim/ozmap/ozmapFixture.ts';
import type { CycleReport } from '../../src/reconciler/runCycle.ts';
import type { RecordedEvent } from '../../src/domain/eventStore.ts';
import { checkUnreadableInvariants } from '../../chaos/support/unreadableInvariants.ts';
import { outOfBoundsWrites } from '../../chaos/support/boundsInvariants.ts';
import {
  contractCodes,
  contractsOfEditedRecords,
  divergedFromClean,
  heldForBadData,
  type ContractEvent,
} from '../../chaos/support/messyWorldChecks.ts';
import { startHarness, type Harness } from '../support/engineHarness.ts';

/**
 * Issue 11's "done when", small: a generated 400-contract world messy on BOTH sides (OZmap records
 * edited out of the documented forms, 30 per thousand, and 10% of the SGP client records
 * duplicated or absurd: ten and five times the realistic rates, so that every kind shows up), and
 * the same world clean (same seed). Sync then cancel on both, in process. The full size (2,000
 * contracts, realistic rates) runs in the chaos bad-input campaign.
 */

const OPTIONS = { contracts: 400, seed: 12 } as const;
const messy = generateFixtures({ ...OPTIONS, ozmapMessPerThousand: 30, sgpMess: 0.1 });
const clean = generateFixtures(OPTIONS);
const handEdits = messy.ozmap.handEdits ?? [];
const sgpMessCodes = new Set(messy.sgpMess.map((m) => m.code));
const ownRecordEdited = contractsOfEditedRecords(clean.ozmap, handEdits);

interface Run {
  readonly harness: Harness;
  readonly before: OzmapState;
  readonly after: OzmapState;
  readonly sync: CycleReport;
  readonly cancel: CycleReport;
  readonly events: RecordedEvent[];
}

async function runOn(fixtures: typeof messy): Promise<Run> {
  const harness = await startHarness({
    sgpFixture: fixtures.sgp as { clientes: unknown[] },
    ozmapFixture: fixtures.ozmap,
  });
  const before = await harness.ozmapState();
  const sync = await harness.run('sync');
  const cancel = await harness.run('cancel');
  const events: RecordedEvent[] = [];
  for await (const event of harness.store.readAll()) events.push(event);
  return { harness, before, after: await harness.ozmapState(), sync, cancel, events };
}

const asLog = (events: readonly RecordedEvent[]): ContractEvent[] =>
  events.map((e) => ({ stream: e.streamId, type: e.type, data: e.data as Record<string, unknown> }));

let dirty: Run;
let tidy: Run;
let blockedByOzmap: Map<string, string[]>;
let heldBySgp: Set<string>;
beforeAll(async () => {
  dirty = await runOn(messy);
  tidy = await runOn(clean);
  ({ ozmap: blockedByOzmap, sgp: heldBySgp } = heldForBadData(asLog(dirty.events)));
}, 120_000);
afterAll(async () => {
  await dirty.harness.close();
  await tidy.harness.close();
});

describe('a generated world messy on both sides (issue 11)', () => {
  it('holds every kind of mess on both sides, and every unreadable OZmap record is read as such, not as a failed read', () => {
    expect(new Set(handEdits.map((e) => e.collection))).toEqual(
      new Set(['boxes', 'splitters', 'properties', 'ftthClients']),
    );
    expect(new Set(messy.sgpMess.map((m) => m.kind)).size).toBeGreaterThanOrEqual(9);
    for (const report of [dirty.sync, dirty.cancel]) {
      expect(report).toMatchObject({ outcome: 'completed', contractsWithFailedWrites: 0 });
      expect(report.counts.ozmapUnreadable).toBe(handEdits.length);
    }
  });

  it('the OZmap invariants hold: no duplicate code, no write to a bad record, no cancellation without its line, every block tied to a bad record', () => {
    const checks = checkUnreadableInvariants({
      handEdits,
      before: dirty.before,
      after: dirty.after,
      blocked: blockedByOzmap,
    });
    expect(checks.filter((c) => c.violations.length > 0)).toEqual([]);
    expect(blockedByOzmap.size).toBeGreaterThan(0);
    // A client whose code was blanked by hand still is its contract's client: no second one is created for it.
    const blanked = handEdits
      .filter((e) => e.collection === 'ftthClients' && 'code' in e.fields)
      .map((e) => clean.ozmap.ftthClients?.find((c) => c.id === e.id)?.code);
    expect(blanked.length).toBeGreaterThan(0);
    expect(blanked.filter((code) => dirty.after.ftthClients.some((c) => c.code === code))).toEqual([]);
  });

  it('no value outside the bounds is written to OZmap (names, control/bidi characters, RX, coordinates)', () => {
    expect(outOfBoundsWrites(dirty.before, dirty.after)).toEqual([]);
    // The check bites: one name too long, one RX above -1 dBm, one point off the region.
    const [client, property] = [dirty.after.ftthClients[0]!, dirty.after.properties[0]!];
    const spoiled = {
      ...dirty.after,
      ftthClients: [{ ...client, name: `A\u202E${'x'.repeat(255)}` }],
      properties: [{ ...property, potencyRead: 3, coords: [-3.7, -38.5] as [number, number] }],
    };
    expect(outOfBoundsWrites(dirty.before, spoiled)).toHaveLength(4);
  });

  it('the contracts rejected or held for SGP data are exactly among the SGP mess, and every conflicting copy is rejected', () => {
    expect([...heldBySgp].filter((code) => !sgpMessCodes.has(code))).toEqual([]);
    const conflicting = messy.sgpMess.filter((m) => m.kind === 'conflicting-copy').map((m) => m.code);
    expect(conflicting.length).toBeGreaterThan(0);
    expect(conflicting.filter((code) => !heldBySgp.has(code))).toEqual([]);
  });

  it('every contract untouched by bad data ends exactly as on the clean world', () => {
    const codes = contractCodes(asLog([...tidy.events, ...dirty.events]));
    const { untouched, differ } = divergedFromClean({
      codes,
      tiedToBadData: (code) => blockedByOzmap.has(code) || sgpMessCodes.has(code) || ownRecordEdited.has(code),
      messy: dirty.after,
      clean: tidy.after,
    });
    expect(untouched).toBeGreaterThan(300);
    expect(differ).toEqual([]);
  });
});
