import { describe, expect, test } from 'vitest';
import type { OzClient, OzProperty } from '../../../src/domain/ozmap/ozmapObjects.ts';
import { buildOzmapIndex } from '../../../src/domain/planner/ozmapIndex.ts';
import { planLinks, type LinkCandidate } from '../../../src/domain/planner/planLinks.ts';

const client = (id: string, code: string): OzClient => ({
  id,
  code,
  name: `Cliente ${code}`,
  implanted: true,
  status: 0,
  observation: '',
});
const property = (id: string, clientId: string | null): OzProperty => ({
  id,
  boxId: 'b1',
  clientId,
  address: '',
  coords: null,
  observation: '',
  potencyRead: null,
  connections: [],
});
const index = (clients: OzClient[], properties: OzProperty[], complete = true) =>
  buildOzmapIndex({ boxes: [], splitters: [], clients, properties, complete });
const row = (
  code: string,
  ozmap: LinkCandidate['ozmap'] = null,
  extra: Partial<LinkCandidate> = {},
): LinkCandidate => ({ code, vanished: false, ozmap, ...extra });

describe('planLinks: the OZmap client a cycle finds for a contract', () => {
  test('a client found for an unlinked contract is linked, with its property', () => {
    const links = planLinks([row('1')], index([client('c1', '1')], [property('p1', 'c1')]));
    expect(links).toEqual([
      {
        code: '1',
        clientId: 'c1',
        propertyId: 'p1',
        previous: null,
        detail: 'OZmap has client c1 with code 1 on property p1',
      },
    ]);
  });

  test('the same link again is nothing; no client is nothing', () => {
    expect(
      planLinks(
        [row('1', { clientId: 'c1', propertyId: 'p1' }), row('2')],
        index([client('c1', '1')], [property('p1', 'c1')]),
      ),
    ).toEqual([]);
  });

  test('with several clients of one code the linked one is kept, else the first by id', () => {
    const both = index([client('c9', '1'), client('c2', '1')], [property('p9', 'c9'), property('p2', 'c2')]);
    expect(planLinks([row('1', { clientId: 'c9', propertyId: 'p9' })], both)).toEqual([]);
    expect(planLinks([row('1')], both)[0]).toMatchObject({
      clientId: 'c2',
      propertyId: 'p2',
      detail: expect.stringContaining('OZmap has 2 clients with this code (c2, c9)'),
    });
  });

  test('R1.6 a read cut short adds first links only: a property not read is not a link changed', () => {
    const partial = index([client('c1', '1'), client('c3', '3')], [], false);
    expect(planLinks([row('1', { clientId: 'c1', propertyId: 'p1' }), row('3')], partial)).toEqual([
      expect.objectContaining({ code: '3', clientId: 'c3', propertyId: null }),
    ]);
  });

  test('a vanished contract, or one whose creation outcome is unknown (R6 resolves it), is left alone', () => {
    const found = index([client('c1', '1'), client('c2', '2')], []);
    expect(
      planLinks([row('1', null, { vanished: true }), row('2', null, { pendingWrite: { kind: 'create' } })], found),
    ).toEqual([]);
  });
});
