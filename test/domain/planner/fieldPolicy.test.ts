import { describe, expect, test } from 'vitest';
import { fieldDecisions, planUpdate } from '../../../src/domain/planner/planUpdate.ts';
import type { OzClient, OzProperty } from '../../../src/domain/ozmap/ozmapObjects.ts';
import type { RuleOptionsInput } from '../../../src/domain/ruleOptions.ts';
import type { ContractSnapshot } from '../../../src/domain/sgp/contractSnapshot.ts';
import { aSnapshot, clientMatching, optionsWith, propertyMatching } from './builders.ts';

interface Case {
  readonly sgp?: Partial<ContractSnapshot>;
  readonly client?: Partial<OzClient>;
  readonly property?: Partial<OzProperty>;
  readonly options?: RuleOptionsInput;
}

function input({ sgp = {}, client = {}, property = {}, options = {} }: Case) {
  const snapshot = aSnapshot(sgp);
  return {
    snapshot,
    previous: snapshot,
    client: clientMatching(snapshot, client),
    property: propertyMatching(snapshot, property),
    options: optionsWith(options),
  };
}

const hand = { coords: { lat: -23.1, lng: -46.1 }, address: 'Rua corrigida à mão, 10' };

describe('R9.1 a policy per field decides whether a known difference is written', () => {
  test('R9.1 sgp (the default): the difference is written, and the change carries no policy (as before)', () => {
    const command = planUpdate(input({ property: { coords: hand.coords } }));
    expect(command?.propertyPatch).toEqual({ coords: aSnapshot().coords });
    expect(command?.changes[0]).not.toHaveProperty('policy');
  });

  test('R9.1 fill: an empty OZmap value is written, saying fill decided it', () => {
    const command = planUpdate(
      input({
        property: { coords: null, address: '  ' },
        options: { fieldPolicies: { coords: 'fill', address: 'fill' } },
      }),
    );
    expect(command?.propertyPatch).toEqual({ coords: aSnapshot().coords, address: aSnapshot().address });
    expect(command?.changes.map((c) => c.policy)).toEqual(['fill', 'fill']);
    expect(command?.reason).toContain('policy fill');
  });

  test('R9.1 fill: a filled OZmap value that differs is kept, and withheld as a known difference', () => {
    const args = input({ property: hand, options: { fieldPolicies: { coords: 'fill', address: 'fill' } } });
    expect(planUpdate(args)).toBeNull();
    expect(fieldDecisions(args).map((d) => [d.field, d.policy, d.decision])).toEqual([
      ['coords', 'fill', 'withhold'],
      ['address', 'fill', 'withhold'],
    ]);
  });

  test('R9.1 ozmap: never written, even on an empty OZmap value, and withheld', () => {
    const args = input({
      client: { name: 'Maria (campo)', status: null },
      options: { fieldPolicies: { name: 'ozmap', status: 'ozmap' } },
    });
    expect(planUpdate(args)).toBeNull();
    expect(fieldDecisions(args).map((d) => [d.field, d.from, d.decision])).toEqual([
      ['name', 'Maria (campo)', 'withhold'],
      ['status', null, 'withhold'],
    ]);
  });

  test('R9.1 off: never written, nothing reported; UPDATE_X=false (the flag) is the same as off', () => {
    for (const options of [{ fieldPolicies: { potencyRead: 'off' } }, { updateRx: false }] as const) {
      const args = input({ property: { potencyRead: -30 }, options });
      expect(planUpdate(args)).toBeNull();
      expect(fieldDecisions(args)).toEqual([]);
    }
  });

  test('R9.1 a policy named wins over its flag; each field is decided on its own in one PATCH (R4.7)', () => {
    const args = input({
      client: { name: 'Outro nome' },
      property: { potencyRead: -30, coords: hand.coords },
      options: { updateOnu: false, fieldPolicies: { name: 'sgp', potencyRead: 'ozmap', coords: 'fill' } },
    });
    const command = planUpdate(args);
    expect(command?.clientPatch).toEqual({ name: aSnapshot().name });
    expect(command?.propertyPatch).toEqual({});
    expect(
      fieldDecisions(args)
        .filter((d) => d.decision === 'withhold')
        .map((d) => d.field),
    ).toEqual(['potencyRead', 'coords']);
  });

  test('R9.1 implanted under fill: false is OZmap’s empty value, so it is set, never reversed', () => {
    const command = planUpdate(
      input({ client: { implanted: false }, options: { fieldPolicies: { implanted: 'fill' } } }),
    );
    expect(command?.clientPatch).toEqual({ implanted: true });
  });
});
