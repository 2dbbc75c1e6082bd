import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OzClient, OzProperty } from '../../../src/domain/ozmap/ozmapObjects.ts';
import { normaliseOzmapRecord } from '../../../src/adapters/ozmap/normaliseOzmapRecord.ts';

const hexId = fc.stringMatching(/^[0-9a-f]{24}$/);
const idShape = fc.constantFrom('id', '_id', 'both');
const withId = (id: string, shape: string) =>
  shape === 'id' ? { id } : shape === '_id' ? { _id: id } : { _id: id, id };

const ozClient: fc.Arbitrary<OzClient> = fc.record({
  id: hexId,
  code: fc.string({ minLength: 1, maxLength: 8 }),
  name: fc.string({ maxLength: 20 }),
  implanted: fc.boolean(),
  status: fc.constantFrom(0 as const, 1 as const, null),
  observation: fc.string({ maxLength: 20 }),
});

const coords = fc.record({
  lng: fc.double({ min: -180, max: 180, noNaN: true }),
  lat: fc.double({ min: -90, max: 90, noNaN: true }),
});

const ozProperty: fc.Arbitrary<OzProperty> = fc.record({
  id: hexId,
  boxId: fc.option(hexId, { nil: null }),
  clientId: fc.option(hexId, { nil: null }),
  address: fc.string({ maxLength: 20 }),
  coords: fc.option(coords, { nil: null }),
  observation: fc.string({ maxLength: 20 }),
  potencyRead: fc.option(fc.double({ min: -50, max: 10, noNaN: true }), { nil: null }),
  connections: fc.array(
    fc.record({ splitterId: hexId, port: fc.integer({ min: 1, max: 64 }), fiber: fc.option(hexId, { nil: null }) }),
    { maxLength: 2 },
  ),
});

describe('normaliseOzmapRecord', () => {
  it('reads a client the same in every id shape, and old status strings as numbers', () => {
    fc.assert(
      fc.property(ozClient, idShape, fc.boolean(), (client, shape, legacy) => {
        const { id, status, ...fields } = client;
        const rawStatus = legacy && status !== null ? (['OK', 'ERROR'] as const)[status] : status;
        const raw = { ...withId(id, shape), ...fields, status: rawStatus, onu: { serial_number: 'x' } };
        // The `onu` is read too (UPDATE_ONU, issue 16): a part that is missing reads as null.
        expect(normaliseOzmapRecord('ftthClients', raw)).toEqual({
          outcome: 'valid',
          value: { ...client, onu: { serial_number: 'x', mac_address: null, user_PPPoE: null } },
        });
      }),
      { seed: 4242, numRuns: 200 },
    );
  });

  it('reads a property the same whether its references are ids or embedded objects', () => {
    fc.assert(
      fc.property(ozProperty, idShape, fc.boolean(), (property, shape, embedded) => {
        const ref = (value: string | null) =>
          value === null || !embedded ? value : { ...withId(value, shape), name: 'x' };
        const raw = {
          ...withId(property.id, shape),
          box: ref(property.boxId),
          client: ref(property.clientId),
          address: property.address,
          coords: property.coords === null ? null : [property.coords.lng, property.coords.lat],
          observation: property.observation,
          potencyRead: property.potencyRead,
          connections: property.connections.map((connection) => ({
            id: connection.splitterId,
            port: connection.port,
            fiber: connection.fiber,
          })),
        };
        expect(normaliseOzmapRecord('properties', raw)).toEqual({ outcome: 'valid', value: property });
      }),
      { seed: 9001, numRuns: 200 },
    );
  });

  it.each([
    [{ _id: 'a1', name: 'x' }, 'code'],
    [{ _id: 'a1', code: '' }, 'code'],
    [{ _id: 'a1', code: '1', status: 2 }, 'status'],
    [{ _id: 'a1', code: '1', implanted: 'sim' }, 'implanted'],
    [{ code: '1' }, 'id'],
  ])('rejects the client %j on field %s', (raw, field) => {
    const result = normaliseOzmapRecord('ftthClients', raw);
    expect(result).toMatchObject({
      outcome: 'invalid',
      error: { code: 'OZMAP_RECORD_INVALID', collection: 'ftthClients', field },
    });
  });

  it('rejects a box with coordinates out of range and a splitter without its box', () => {
    expect(normaliseOzmapRecord('boxes', { id: 'b', name: 'CTO', coords: [-27.6, -148.5] })).toMatchObject({
      error: { field: 'coords.1' },
    });
    expect(normaliseOzmapRecord('splitters', { id: 's', name: 'S', ratio: { output: 8 } })).toMatchObject({
      error: { field: 'parent' },
    });
    expect(normaliseOzmapRecord('properties', 'not an object')).toMatchObject({
      error: { id: null, field: '(record)' },
    });
  });

  it('gives a splitter without connectables as many free ports as its ratio says', () => {
    const result = normaliseOzmapRecord('splitters', {
      id: 's',
      name: 'S',
      parent: { _id: 'b' },
      ratio: { input: 1, output: 2 },
    });
    expect(result).toEqual({
      outcome: 'valid',
      value: {
        id: 's',
        name: 'S',
        boxId: 'b',
        isDrop: false,
        outputs: [
          { fiber: null, blocked: false },
          { fiber: null, blocked: false },
        ],
      },
    });
  });

  it('treats a record with deletedAt as deleted, not as invalid', () => {
    expect(normaliseOzmapRecord('ftthClients', { id: 'c', deletedAt: '2026-01-01' })).toEqual({ outcome: 'deleted' });
  });
});
