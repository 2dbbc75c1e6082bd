import { describe, expect, it } from 'vitest';
import { planUpdate } from '../../../src/domain/planner/planUpdate.ts';
import { defaultRuleOptions } from '../../../src/domain/ruleOptions.ts';
import type { OzClient } from '../../../src/domain/ozmap/ozmapObjects.ts';
import type { ContractSnapshot } from '../../../src/domain/sgp/contractSnapshot.ts';
import { planSync } from '../../../src/domain/planner/planCycle.ts';
import { aBox, aContext, anIndex, aSplitter, aState, ofKind, only } from './builders.ts';

const snapshot: ContractSnapshot = {
  code: '1234',
  status: 1,
  statusText: 'Ativo',
  name: 'Maria',
  cto: 'CTO-1',
  ctoPort: 1,
  rxDbm: null,
  online: null,
  coords: null,
  address: '',
  onu: { serialNumber: 'ZTEG1234ABCD', macAddress: '00:11:22:33:44:55', userPppoe: 'maria1234' },
};
const client: OzClient = { id: 'c1', code: '1234', name: 'Maria', implanted: true, status: null, observation: '' };
const on = { ...defaultRuleOptions, updateOnu: true };
const plan = (c: OzClient, s: ContractSnapshot = snapshot, options = on, previous: ContractSnapshot | null = null) =>
  planUpdate({ snapshot: s, previous, client: c, property: null, options });

describe('UPDATE_ONU (issue 16): the ONU serial, MAC and PPPoE login on the OZmap client', () => {
  it('is off by default: nothing written', () => {
    expect(defaultRuleOptions.updateOnu).toBe(false);
    expect(plan(client, snapshot, defaultRuleOptions)).toBeNull();
  });

  it('writes the three parts to a client without an onu, in one client PATCH, with the trail fields', () => {
    const command = plan(client);
    expect(command?.clientPatch).toEqual({
      onu: { serial_number: 'ZTEG1234ABCD', mac_address: '00:11:22:33:44:55', user_PPPoE: 'maria1234' },
    });
    expect(command?.changes).toEqual([
      {
        object: 'client',
        field: 'onu',
        from: null,
        to: { serial_number: 'ZTEG1234ABCD', mac_address: '00:11:22:33:44:55', user_PPPoE: 'maria1234' },
        rule: 'R4.9',
        cause: 'drift',
      },
    ]);
  });

  it('is idempotent: nothing when OZmap already holds what SGP has', () => {
    expect(
      plan({
        ...client,
        onu: { serial_number: 'ZTEG1234ABCD', mac_address: '00:11:22:33:44:55', user_PPPoE: 'maria1234' },
      }),
    ).toBeNull();
  });

  it("says the cause: SGP's change (a new ONU) or a hand edit in OZmap", () => {
    const old = {
      ...client,
      onu: { serial_number: 'OLDSERIAL', mac_address: '00:11:22:33:44:55', user_PPPoE: 'maria1234' },
    };
    const previous = { ...snapshot, onu: { ...snapshot.onu!, serialNumber: 'OLDSERIAL' } };
    expect(plan(old, snapshot, on, previous)?.changes[0]?.cause).toBe('sgp');
    expect(plan(old, snapshot, on, snapshot)?.changes[0]?.cause).toBe('drift');
  });

  it('a part SGP does not have is left as OZmap holds it; no ONU in SGP writes nothing', () => {
    const noMac = { ...snapshot, onu: { ...snapshot.onu!, macAddress: null } };
    const held = {
      ...client,
      onu: { serial_number: 'ZTEG1234ABCD', mac_address: 'AA:AA:AA:AA:AA:AA', user_PPPoE: 'maria1234' },
    };
    expect(plan(held, noMac)).toBeNull();
    const { onu: _none, ...withoutOnu } = snapshot;
    expect(plan(client, withoutOnu)).toBeNull();
  });
});

describe('UPDATE_ONU at creation', () => {
  const createdFor = (options: Record<string, unknown>, onu: ContractSnapshot['onu']) => {
    const state = aState({ onu });
    const box = aBox();
    const commands = planSync(
      [state],
      anIndex({ boxes: [box], splitters: [aSplitter({ boxId: box.id })] }),
      aContext({}, options),
    );
    return only(ofKind(commands, 'create'));
  };

  it('creates the client with the parts of the ONU SGP has, only when the option is on', () => {
    expect(
      createdFor({ updateOnu: true }, { serialNumber: 'ZTEG1', macAddress: null, userPppoe: 'maria' }).client.onu,
    ).toEqual({ serial_number: 'ZTEG1', user_PPPoE: 'maria' });
    expect(createdFor({}, { serialNumber: 'ZTEG1', macAddress: null, userPppoe: 'maria' }).client.onu).toBeUndefined();
    expect(createdFor({ updateOnu: true }, null).client.onu).toBeUndefined();
  });
});
