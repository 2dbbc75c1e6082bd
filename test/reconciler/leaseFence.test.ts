import { afterEach, describe, expect, it } from 'vitest';
import { acquireLease } from '../../src/reconciler/lease.ts';
import { contractStream, LEASE_STREAM } from '../../src/domain/events/streams.ts';
import type { OzmapGateway } from '../../src/reconciler/ports.ts';
import { startHarness, type Harness } from '../support/engineHarness.ts';
import { sgpFixture } from '../support/sgpRecords.ts';
import { box, ozmapFixture, splitter } from '../support/ozmapRecords.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Three contracts to create on one box: three OZmap writes. */
const SGP = sgpFixture(
  { code: 1, cto: 'CTO-01', porta: 1 },
  { code: 2, cto: 'CTO-01', porta: 2 },
  { code: 3, cto: 'CTO-01', porta: 3 },
);
const OZMAP = ozmapFixture({ boxes: [box('b1', 'CTO-01')], splitters: [splitter('s1', 'b1')] });
const ELSEWHERE = 'elsewhere.example:4242:x';

describe('the reconciler lease fences every OZmap write', () => {
  it('DESIGN a write after losing the lease is not sent: the command fails LEASE_LOST, OZmap gets nothing', async () => {
    let stolen = false;
    const steal = (g: OzmapGateway): OzmapGateway => ({
      ...g,
      async createPropertyWithClient(command) {
        if (!stolen) {
          stolen = true;
          // As if this instance stalled past its lease and an instance on another host took it.
          await acquireLease(harness!.store, ELSEWHERE, new Date(Date.now() + 3_600_000), 3_600_000);
        }
        return g.createPropertyWithClient(command);
      },
    });
    harness = await startHarness({
      sgpFixture: SGP,
      ozmapFixture: OZMAP,
      wrapGateway: steal,
      env: { OZMAP_CONCURRENCY: '1' },
    });
    const report = await harness.run('sync');
    expect(report.counts.created ?? 0).toBe(0);
    expect((await harness.ozmapState()).ftthClients).toEqual([]);
    const failures = (await harness.store.readStream(contractStream('1'))).filter(
      (e) => e.type === 'OzmapCommandFailed',
    );
    expect(failures.map((e) => (e.data as { error: { code: string } }).error.code)).toEqual(['LEASE_LOST']);
    expect(JSON.stringify(failures[0]!.data)).toContain(ELSEWHERE);
  });

  it('DESIGN the lease is renewed while a cycle runs: a cycle three leases long writes everything, and nobody takes it meanwhile', async () => {
    let contender: unknown[] = [];
    const slow = (g: OzmapGateway): OzmapGateway => ({
      ...g,
      async createPropertyWithClient(command) {
        await new Promise((r) => setTimeout(r, 400));
        contender.push(await acquireLease(harness!.store, ELSEWHERE, new Date(), 600));
        return g.createPropertyWithClient(command);
      },
    });
    harness = await startHarness({
      sgpFixture: SGP,
      ozmapFixture: OZMAP,
      wrapGateway: slow,
      env: { OZMAP_CONCURRENCY: '1', LEASE_TTL: '600ms' },
    });
    contender = [];
    const report = await harness.run('sync');
    expect(report.counts.created).toBe(3);
    expect(report.durationMs).toBeGreaterThan(1_200);
    expect(contender).toEqual([
      expect.objectContaining({ acquired: false }),
      expect.objectContaining({ acquired: false }),
      expect.objectContaining({ acquired: false }),
    ]);
    expect((await harness.store.readStream(LEASE_STREAM)).length).toBeGreaterThan(2);
  });

  it('DESIGN a lease held on another host is waited out (no dead-PID shortcut), then taken', async () => {
    harness = await startHarness({ sgpFixture: SGP, ozmapFixture: OZMAP, env: { LEASE_TTL: '1s' } });
    await acquireLease(harness.store, ELSEWHERE, new Date(), 700);
    const refused = await harness.engine.runCycle({ kind: 'sync', trigger: 'test' });
    expect(refused).toMatchObject({ refused: { acquired: false, holder: ELSEWHERE } });
    expect(harness.engine.lease.view()).toMatchObject({ role: 'standby', holder: ELSEWHERE });
    expect((await harness.ozmapState()).ftthClients).toEqual([]);
    await new Promise((r) => setTimeout(r, 800));
    const report = await harness.run('sync');
    expect(report.counts.created).toBe(3);
    expect(harness.engine.lease.view()).toMatchObject({ role: 'holder' });
  });
});
