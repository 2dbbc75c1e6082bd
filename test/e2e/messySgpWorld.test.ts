import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFixtures } from '../../sim/generate/generateFixtures.ts';
import type { OzmapState } from '../../sim/ozmap/ozmapFixture.ts';
import type { CycleReport } from '../../src/reconciler/runCycle.ts';
import { contractStream } from '../../src/domain/events/streams.ts';
import { BRAZIL_REGION, RX_DBM } from '../../src/domain/sgp/sgpFieldBounds.ts';
import { startHarness, type Harness } from '../support/engineHarness.ts';

/**
 * Issue 11, SGP half: a generated world whose SGP base is messy (15% of client records, to meet
 * every kind in 400 contracts), synced and cancelled in process. Invariants: never two clients
 * with one code, nothing written for a code in conflicting records, no value outside the bounds
 * written, and every absurd value said in its contract's trail.
 */

const fixtures = generateFixtures({ contracts: 400, seed: 11, sgpMess: 0.15 });
const kinds = new Map<string, string>(fixtures.sgpMess.map((m) => [m.code, m.kind]));
const codesOf = (kind: string): string[] => fixtures.sgpMess.filter((m) => m.kind === kind).map((m) => m.code);

let harness: Harness;
let before: OzmapState;
let after: OzmapState;
const reports: CycleReport[] = [];
beforeAll(async () => {
  harness = await startHarness({ sgpFixture: fixtures.sgp as { clientes: unknown[] }, ozmapFixture: fixtures.ozmap });
  before = await harness.ozmapState();
  for (const kind of ['sync', 'cancel', 'sync'] as const) reports.push(await harness.run(kind));
  after = await harness.ozmapState();
}, 120_000);
afterAll(async () => {
  await harness.close();
});

describe('a messy SGP base (issue 11)', () => {
  it('the generator made every kind of mess', () => {
    expect(new Set(kinds.values()).size).toBe(11);
  });

  it('every cycle completes', () => {
    expect(reports.map((r) => r.outcome)).toEqual(['completed', 'completed', 'completed']);
  });

  it('never two OZmap clients with one code', () => {
    const codes = after.ftthClients.map((c) => c.code);
    expect(codes.length).toBe(new Set(codes).size);
  });

  it('nothing is written for a code found in conflicting SGP records', () => {
    for (const code of codesOf('conflicting-copy')) {
      const was = before.ftthClients.find((c) => c.code === code);
      const is = after.ftthClients.find((c) => c.code === code);
      expect(is?.name ?? null, code).toBe(was?.name ?? null);
    }
  });

  it('no value outside the bounds is written to OZmap', () => {
    const unsafe = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
    for (const client of after.ftthClients) {
      expect(client.name.length, client.code).toBeGreaterThan(0);
      expect(client.name.length, client.code).toBeLessThanOrEqual(255);
      expect(unsafe.test(client.name), client.code).toBe(false);
    }
    const touched = new Set(before.properties.map((p) => JSON.stringify(p)));
    for (const property of after.properties.filter((p) => !touched.has(JSON.stringify(p)))) {
      expect(property.address.length).toBeLessThanOrEqual(500);
      expect(property.address).not.toMatch(/RRRR|sha256/);
      if (property.potencyRead !== null)
        expect(property.potencyRead >= RX_DBM.min && property.potencyRead <= RX_DBM.max).toBe(true);
      const [lng, lat] = property.coords ?? [-38.5, -3.7];
      expect(
        lat >= BRAZIL_REGION.minLat &&
          lat <= BRAZIL_REGION.maxLat &&
          lng >= BRAZIL_REGION.minLng &&
          lng <= BRAZIL_REGION.maxLng,
        JSON.stringify(property.coords),
      ).toBe(true);
    }
  });

  it("each absurd value is said in its contract's trail, once", async () => {
    const absurd = fixtures.sgpMess.filter((m) => !m.kind.endsWith('-copy'));
    for (const { code, kind } of absurd) {
      const events = await harness.store.readStream(contractStream(code));
      const said = events.filter(
        (e) => e.type === 'AuditNoteRecorded' && (e.data as { note: string }).note === 'sgp-field-dropped',
      );
      const skipped = events.filter(
        (e) => e.type === 'ClientCreationSkipped' && (e.data as { reason: string }).reason === 'sgp-field-invalid',
      );
      // An absurd value of a contract that is neither created nor updated (cancelled, no box) may go unsaid.
      const acted = events.some((e) => e.type === 'OzmapCommandIssued' || e.type === 'ClientCreationSkipped');
      if (acted) expect(said.length + skipped.length, `${code} ${kind}`).toBeGreaterThan(0);
      expect(said.length, `${code} ${kind}`).toBeLessThanOrEqual(1);
    }
  });

  it('no event stores a raw value whole: the log stays small', async () => {
    for (const code of codesOf('huge-name')) {
      const size = JSON.stringify(await harness.store.readStream(contractStream(code))).length;
      expect(size).toBeLessThan(50_000);
    }
  });
});
