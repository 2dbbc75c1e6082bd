import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OzmapState } from '../../../sim/ozmap/ozmapFixture.ts';
import { sgpFixture } from '../../support/sgpRecords.ts';
import { box, ftthClient, ozmapFixture, property, splitter } from '../../support/ozmapRecords.ts';
import { startCliRig, writesOf, type CliResult, type CliRig } from './cliRig.ts';

/**
 * R5.6 end to end: 15 implanted clients, 3 of them cancelled in SGP, and a guard of "more than 2
 * and more than 10%" (3 > 2 and 3 > 1.5): the cancel cycle trips. Then a wrong hash, a set that
 * changed since it was reviewed, and the confirmation of the set a person saw.
 */

const CODES = Array.from({ length: 15 }, (_, i) => 401 + i);
const OZMAP = ozmapFixture({
  boxes: [box('bA', 'CTO-A')],
  splitters: [splitter('sA', 'bA', 16)],
  properties: CODES.map((code, i) =>
    property(`p${code}`, 'bA', `c${code}`, { connections: [{ id: 'sA', port: i + 1, fiber: `f${code}` }] }),
  ),
  ftthClients: CODES.map((code) => ftthClient(`c${code}`, String(code))),
});
const SGP = sgpFixture(
  ...CODES.map((code, i) => ({ code, cto: 'CTO-A', porta: i + 1, status: code <= 403 ? 'Cancelado' : 'Ativo' })),
);
const HASH = /sgp-ozmap cancel --once --confirm ([0-9a-f]{16})/;

let rig: CliRig;
let webhook: Server;
/** The hash printed by the first trip: the set a person reviewed. */
let hash: string | undefined;
const alerts: { kind: string; details: { guard?: { hash?: string } } }[] = [];
beforeAll(async () => {
  webhook = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += String(chunk)));
    request.on('end', () => {
      alerts.push(JSON.parse(body));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((listening) => webhook.listen(0, '127.0.0.1', listening));
  const url = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/alerts`;
  rig = await startCliRig({
    sgpFixture: SGP,
    ozmapFixture: OZMAP,
    env: { CANCEL_GUARD: '2,10%', ALERT_WEBHOOK_URL: url },
  });
});
afterAll(async () => {
  await rig.close();
  await new Promise((closed) => webhook.close(closed));
});

const HOOK = 60_000;
const codes = (state: OzmapState) => state.ftthClients.map((c) => c.code).sort();
const ALL = CODES.map(String);

describe('R5.6 the guard trips', () => {
  let tripped: CliResult;
  let plan: CliResult;
  let writes: Record<string, number>;
  beforeAll(async () => {
    await rig.resetCounters();
    tripped = await rig.cli(['cancel', '--once']);
    hash = HASH.exec(tripped.stdout)?.[1];
    plan = await rig.cli(['plan']);
    writes = writesOf(await rig.ozmapCounters());
  }, HOOK);

  it('R5.6 more than the guard would be removed: exit 2, nothing removed', async () => {
    expect(tripped.code).toBe(2);
    expect(tripped.stdout).toContain(
      'mass-deletion guard tripped: 3 of 15 OZmap clients would be removed; nothing was removed.',
    );
    expect(writes).toEqual({});
    expect(codes(await rig.ozmapState())).toEqual(ALL);
  });

  it('R5.6 stdout names the hash of the pending set, the log records it, and an alert is sent', async () => {
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    const recorded = (await rig.events('cycles'))
      .filter((e) => e.type === 'CancellationGuardTripped')
      .map((e) => e.data);
    expect(recorded).toEqual([
      expect.objectContaining({ hash, removals: 3, totalClients: 15, codes: ['401', '402', '403'] }),
    ]);
    expect(alerts).toEqual([
      expect.objectContaining({
        kind: 'guard-tripped',
        details: expect.objectContaining({ guard: expect.objectContaining({ hash }) }),
      }),
    ]);
  });

  it('R5.6 plan shows the same pending set and hash for review', () => {
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      `guard: 3 of 15 clients would be removed; confirm with: sgp-ozmap cancel --once --confirm ${hash}`,
    );
    expect(plan.stdout).toContain('the guarded set (contract codes): 401, 402, 403');
    expect(plan.stdout).toContain('blocked: guard');
  });
});

describe('R5.6 confirmations', () => {
  let wrong: CliResult;
  let afterWrong: OzmapState;
  let stale: CliResult;
  let afterStale: OzmapState;
  let confirmed: CliResult;
  let afterConfirmed: OzmapState;
  beforeAll(async () => {
    wrong = await rig.cli(['cancel', '--once', '--confirm', '0123456789abcdef']);
    afterWrong = await rig.ozmapState();
    // SGP changes after the review: a fourth contract is cancelled, the set is not the one seen.
    await rig.editSgp(404, { status: 'Cancelado' });
    stale = await rig.cli(['cancel', '--once', '--confirm', hash ?? '']);
    afterStale = await rig.ozmapState();
    const reviewed = HASH.exec(stale.stdout)?.[1] ?? '';
    confirmed = await rig.cli(['cancel', '--once', '--confirm', reviewed]);
    afterConfirmed = await rig.ozmapState();
  }, HOOK);

  it('R5.6 a hash that names no pending set stays blocked', () => {
    expect(wrong.code).toBe(2);
    expect(codes(afterWrong)).toEqual(ALL);
  });

  it('R5.6 a set that changed since it was reviewed has another hash and stays blocked', () => {
    expect(stale.code).toBe(2);
    expect(stale.stdout).toContain('4 of 15 OZmap clients would be removed');
    expect(codes(afterStale)).toEqual(ALL);
  });

  it('R5.6 the confirmed hash releases exactly that set', () => {
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toContain('cancelled=4');
    expect(codes(afterConfirmed)).toEqual(ALL.filter((c) => !['401', '402', '403', '404'].includes(c)));
  });
});
