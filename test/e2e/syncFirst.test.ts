import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/engineHarness.ts';
import { sgpFixture } from '../support/sgpRecords.ts';
import { box, ozmapFixture, splitter } from '../support/ozmapRecords.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('sync cycle against the simulators', () => {
  it('R2.5 creates a client connected to its splitter port, then plans nothing', async () => {
    harness = await startHarness({
      sgpFixture: sgpFixture({ code: 1001, nome: 'Maria da Silva', cto: 'CTO-01', porta: 3 }),
      ozmapFixture: ozmapFixture({ boxes: [box('b1', 'CTO-01')], splitters: [splitter('s1', 'b1')] }),
    });
    const first = await harness.run('sync');
    expect(first.outcome).toBe('completed');
    expect(first.counts.created).toBe(1);
    const state = await harness.ozmapState();
    expect(state.ftthClients).toHaveLength(1);
    expect(state.ftthClients[0]).toMatchObject({ code: '1001', name: 'Maria da Silva', implanted: true, status: 0 });
    expect(state.properties[0]).toMatchObject({ box: 'b1', potencyRead: -21.5 });
    expect(state.properties[0]?.connections).toEqual([expect.objectContaining({ id: 's1', port: 3 })]);
    const second = await harness.run('sync');
    expect(second.counts.planned).toBe(0);
  });
});
