import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../../chaos/support/serviceInProcess.ts';
import { startSecondWriter, type SecondWriter } from '../../../sim/ozmap/secondWriter.ts';
import { sgpFixture } from '../../support/sgpRecords.ts';
import { box, ozmapFixture, splitter } from '../../support/ozmapRecords.ts';
import { startCliRig, writesOf, type CliRig } from './cliRig.ts';

/**
 * R9.4/R9.5 end to end: the service creates two clients; a second writer (a background task on
 * the OZmap simulator) changes the name of one of them back after every write of the service's.
 * `sync --once`, `contested`, `resolve`, `history` and `replay` run as child processes, in hold
 * mode with a threshold of 2, alerts going to a webhook.
 */

const OZMAP = ozmapFixture({ boxes: [box('bA', 'CTO-A')], splitters: [splitter('sA', 'bA')] });
const SGP = sgpFixture(
  { code: 301, nome: 'Ana Souza', cto: 'CTO-A', porta: 1 },
  { code: 302, nome: 'Bruno Lima', cto: 'CTO-A', porta: 2 },
);
const OTHER = 'Ana (nome do outro sistema)';
const HOOK = 60_000;

let rig: CliRig;
let webhook: WebhookReceiver;
let writer: SecondWriter | undefined;
let clientId = '';

beforeAll(async () => {
  webhook = await startWebhookReceiver();
  rig = await startCliRig({
    sgpFixture: SGP,
    ozmapFixture: OZMAP,
    env: { CONTEST_THRESHOLD: '2', CONTEST_WINDOW: '1h', CONTEST_MODE: 'hold', ALERT_WEBHOOK_URL: webhook.url },
  });
}, HOOK);
afterAll(async () => {
  await writer?.stop();
  await rig.close();
  await webhook.close();
});

const nameOf = async (id: string) => (await rig.ozmapState()).ftthClients.find((c) => c.id === id)?.name;

/** Waits until the second writer has its value back (it polls every 20 ms). */
async function settled(): Promise<void> {
  for (let i = 0; i < 200 && (await nameOf(clientId)) !== OTHER; i++) await new Promise((r) => setTimeout(r, 10));
  expect(await nameOf(clientId)).toBe(OTHER);
}

/** One `sync --once`, and the OZmap client writes it sent (only 301's name differs from SGP). */
async function sync(): Promise<{ code: number; nameWrites: number }> {
  await settled();
  await rig.resetCounters();
  const result = await rig.cli(['sync', '--once']);
  const writes = writesOf(await rig.ozmapCounters());
  return { code: result.code, nameWrites: writes['PATCH /api/v2/ftth-clients/:id'] ?? 0 };
}

const alertsOf = (kind: string) => webhook.alerts.filter((a) => a['kind'] === kind);

describe('R9.4 a field changed back after every write becomes contested, and is held', () => {
  it(
    'R9.4 creation, then two changes back: contested at the threshold, one alert, name held from then on',
    async () => {
      expect((await rig.cli(['sync', '--once'])).code).toBe(0);
      clientId = (await rig.ozmapState()).ftthClients.find((c) => c.code === '301')?.id ?? '';
      expect(clientId).not.toBe('');
      writer = startSecondWriter(
        rig.ozmap,
        [{ collection: 'ftth-clients', id: clientId, field: 'name', value: OTHER }],
        {
          everyMs: 20,
        },
      );
      // First change back: below the threshold, SGP's name is written again.
      expect(await sync()).toEqual({ code: 0, nameWrites: 1 });
      expect(alertsOf('field-contested')).toEqual([]);
      // Second: the contest; in hold mode the name is not written.
      expect(await sync()).toEqual({ code: 0, nameWrites: 0 });
      expect(alertsOf('field-contested')).toEqual([
        expect.objectContaining({
          message: expect.stringContaining('contract 301: name was changed back in OZmap 2 times'),
        }),
      ]);
      expect(await nameOf(clientId)).toBe(OTHER);
    },
    HOOK,
  );

  it(
    'R9.4 the other client converged and is not contested; `contested` lists the held field',
    async () => {
      const state = await rig.ozmapState();
      expect(state.ftthClients.find((c) => c.code === '302')?.name).toBe('Bruno Lima');
      const listed = await rig.cli(['contested', '--json']);
      expect(listed.code).toBe(0);
      const { items } = JSON.parse(listed.stdout) as { items: Record<string, unknown>[] };
      expect(items).toEqual([
        expect.objectContaining({
          code: '301',
          field: 'name',
          state: 'contested',
          mode: 'hold',
          sgpValue: 'Ana Souza',
          ozmapValue: OTHER,
          changesBack: 2,
          changedBy: null,
        }),
      ]);
    },
    HOOK,
  );
});

describe('R9.5 an operator resolves it from the CLI', () => {
  it(
    'R9.5 without --confirm nothing is recorded; with it the override and the end are, with one "ended" alert',
    async () => {
      const dry = await rig.cli(['resolve', '301', 'name', 'ozmap']);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(/would record: FieldOverrideSet, FieldContestResolved/);
      const done = await rig.cli(['resolve', '301', 'name', 'ozmap', '--confirm']);
      expect(done.code).toBe(0);
      expect(alertsOf('field-contest-ended')).toEqual([
        expect.objectContaining({ message: expect.stringContaining('(ozmap, by cli)') }),
      ]);
      // Held still (now by the override): not written; one alert for the incident, not one per cycle.
      expect(await sync()).toEqual({ code: 0, nameWrites: 0 });
      expect(alertsOf('field-contested')).toHaveLength(1);
    },
    HOOK,
  );

  it(
    'R9.5 the override is in the trail and survives a replay',
    async () => {
      const trail = (await rig.history('301')).entries.filter((e) => e.kind === 'contested');
      expect(trail.map((e) => [e.rule, e.summary])).toEqual([
        ['R9.4', expect.stringContaining('name contested: changed back in OZmap 2 times')],
        ['R9.5', 'name: OZmap owns it for this client (override by cli)'],
        ['R9.5', 'name contest ended (OZmap wins for this client) by cli'],
      ]);
      expect((await rig.cli(['replay'])).code).toBe(0);
      const { items } = JSON.parse((await rig.cli(['contested', '--json'])).stdout) as { items: unknown[] };
      expect(items).toEqual([
        expect.objectContaining({ code: '301', field: 'name', state: 'override', owner: 'ozmap' }),
      ]);
    },
    HOOK,
  );

  it(
    'R9.5 sgp: written again after a change back, never contested again; bad input is named',
    async () => {
      expect((await rig.cli(['resolve', '301', 'name', 'sgp', '--confirm'])).code).toBe(0);
      // Written again after the writer's change back, and never contested again.
      expect(await sync()).toEqual({ code: 0, nameWrites: 1 });
      expect(alertsOf('field-contested')).toHaveLength(1);
      const wrongField = await rig.cli(['resolve', '301', 'colour', 'sgp', '--confirm']);
      expect(wrongField.code).toBe(1);
      expect(wrongField.stderr).toMatch(/field "colour" is not one of name, implanted/);
    },
    HOOK,
  );
});
