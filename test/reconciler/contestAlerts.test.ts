import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../chaos/support/serviceInProcess.ts';
import { startSecondWriter } from '../../sim/ozmap/secondWriter.ts';
import { contractStream } from '../../src/domain/events/streams.ts';
import { startHarness, type Harness } from '../support/engineHarness.ts';
import { box, ozmapFixture, splitter } from '../support/ozmapRecords.ts';
import { sgpFixture } from '../support/sgpRecords.ts';

let harness: Harness;
/** The engine's clock, moved by hand: the window is crossed without waiting for it. */
let now = Date.parse('2026-12-07T12:00:00Z');
let webhook: WebhookReceiver;
beforeAll(async () => {
  webhook = await startWebhookReceiver();
  harness = await startHarness({
    sgpFixture: sgpFixture({ code: 601, nome: 'Carla Dias', cto: 'CTO-A', porta: 1 }),
    ozmapFixture: ozmapFixture({ boxes: [box('bA', 'CTO-A')], splitters: [splitter('sA', 'bA')] }),
    env: { CONTEST_THRESHOLD: '1', CONTEST_WINDOW: '1h', ALERT_WEBHOOK_URL: webhook.url },
    clock: () => new Date(now),
  });
});
afterAll(async () => {
  await harness.close();
  await webhook.close();
});

const kinds = () => webhook.alerts.map((a) => a['kind']).filter((k) => String(k).startsWith('field-'));

describe('R9.4 alerts: one when a contest starts, one when it ends', () => {
  it('R9.4 an apply-mode contest with no change back for a window ends by itself, with one alert each way', async () => {
    expect((await harness.run('sync')).outcome).toBe('completed');
    const id = (await harness.ozmapState()).ftthClients[0]?.id ?? '';
    const writer = startSecondWriter(harness.ozmap, [{ collection: 'ftth-clients', id, field: 'name', value: 'X' }], {
      everyMs: 0,
    });
    expect(await writer.pass()).toBe(1);
    const contested = await harness.run('sync');
    expect(contested.counts['contested']).toBe(1);
    expect(kinds()).toEqual(['field-contested']);
    // The other writer stops; the service's name stays. Within the window nothing ends...
    now += 59 * 60_000;
    expect((await harness.run('sync')).outcome).toBe('completed');
    expect(kinds()).toEqual(['field-contested']);
    // ...after it, the contest ends once, and stays ended.
    now += 2 * 60_000;
    await harness.run('sync');
    await harness.run('sync');
    expect(kinds()).toEqual(['field-contested', 'field-contest-ended']);
    const types = (await harness.store.readStream(contractStream('601'))).map((e) => e.type);
    expect(types.filter((t) => t.startsWith('Field'))).toEqual(['FieldContested', 'FieldContestResolved']);
  }, 60_000);
});
