import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServiceInProcess, type RunningService } from '../../chaos/support/serviceInProcess.ts';
import { startSimWorld, type SimWorld } from '../../chaos/support/simWorld.ts';
import { ozmapFixtureSchema } from '../../sim/ozmap/ozmapFixture.ts';
import { box, ftthClient, ozmapFixture, property, splitter } from '../support/ozmapRecords.ts';
import { sgpFixture } from '../support/sgpRecords.ts';

/**
 * Decision 0004 through the service as `run` composes it: an unreadable OZmap record does not
 * degrade the service, its count is in `/metrics`, and the contract it blocks is listed under
 * its reason by `/api/skipped` and under its own state by `/api/clients`.
 */

let sims: SimWorld;
let api: RunningService;
let dir: string;
let cycle: Record<string, unknown>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sgp-ozmap-unreadable-'));
  sims = await startSimWorld({
    sgpFixture: sgpFixture({ code: 501, cto: 'CTO-A', porta: 2 }, { code: 502, cto: 'CTO-A', porta: 3 }),
    ozmapFixture: ozmapFixtureSchema.parse({
      ...ozmapFixture({
        boxes: [box('bA', 'CTO-A')],
        splitters: [splitter('sA', 'bA')],
        properties: [property('p501', 'bA', 'c501')],
        ftthClients: [ftthClient('c501', '501')],
      }),
      handEdits: [{ collection: 'ftthClients', id: 'c501', fields: { status: 'BROKEN' } }],
    }),
  });
  api = await startServiceInProcess(sims.serviceEnv({ EVENTSTORE_URL: `sqlite:${join(dir, 'events.db')}` }));
  cycle = await api.cycle('sync');
}, 60_000);
afterAll(async () => {
  await api.stop();
  await sims.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an unreadable OZmap client, through the HTTP API', () => {
  it('the cycle completes and counts it; /ready stays ready', async () => {
    expect(cycle).toMatchObject({ outcome: 'completed' });
    expect(await api.call('GET', '/ready')).toMatchObject({ status: 200, body: { ready: true } });
  });

  it('/metrics has the count of unreadable records', async () => {
    expect((await api.call('GET', '/metrics')).text).toContain('sgp_ozmap_ozmap_unreadable_records{kind="sync"} 1');
  });

  it('/api/skipped lists the blocked contract under ozmap-record-unreadable; the others go on', async () => {
    const { body } = await api.call('GET', '/api/skipped');
    expect((body as { reasons: unknown[] }).reasons).toEqual([
      { reason: 'ozmap-record-unreadable', count: 1, codes: ['501'] },
    ]);
    expect((await sims.ozmapState()).ftthClients.map((c) => c.code).sort()).toEqual(['501', '502']);
  });

  it('/api/clients?state=blocked lists it, not as pending', async () => {
    const { body } = await api.call('GET', '/api/clients?state=blocked');
    expect((body as { items: { code: string; state: string }[] }).items.map((i) => [i.code, i.state])).toEqual([
      ['501', 'blocked'],
    ]);
  });
});
