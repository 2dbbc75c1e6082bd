/**
 * The OZmap simulator's indexes (sim/ozmap/simCollection.ts) must never change an answer: a
 * list filtered by one `field = value` and a port check answer exactly what a full scan would,
 * whatever writes, hand edits and malformed records came before.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesFilter } from '../../sim/ozmap/ozmapFilter.ts';
import { runListQuery, type ListQuery } from '../../sim/ozmap/ozmapListQuery.ts';
import type { SimRecord } from '../../sim/ozmap/ozmapState.ts';
import { SimCollection } from '../../sim/ozmap/simCollection.ts';

const byId = (a: SimRecord, b: SimRecord): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const query = (value: unknown, sort: ListQuery['sort'] = [{ property: '_id', direction: 1 }]): ListQuery => ({
  filter: [{ property: 'code', operator: '=', value }],
  sort,
  select: null,
  skip: 0,
  limit: 1_000,
});

/** What the list answers without any index: every record scanned, then sorted. */
function scan(records: Iterable<SimRecord>, q: ListQuery): SimRecord[] {
  const matching = [...records].filter((r) => matchesFilter(r, q.filter));
  return q.sort.length > 0 ? matching.sort(byId) : matching;
}

const code = fc.oneof(
  fc.constantFrom('1', '2', '10', ' 1'),
  fc.integer({ min: 0, max: 3 }),
  fc.constant(['1', '2']),
  fc.constant(null),
);
const operation = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), id: fc.integer({ min: 0, max: 9 }), code, hasCode: fc.boolean() }),
  fc.record({ kind: fc.constant('edit' as const), id: fc.integer({ min: 0, max: 9 }), code }),
  fc.record({ kind: fc.constant('delete' as const), id: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ kind: fc.constant('query' as const), value: fc.constantFrom<unknown>('1', '2', 1, 0, '10', ' 1', true) }),
);

describe('SimCollection', () => {
  it('answers a lookup by code as a full scan does, through sets, edits in place and deletes', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 40 }), (operations) => {
        const clients = new SimCollection<SimRecord>();
        for (const op of operations) {
          const id = `c${'id' in op ? op.id : 0}`;
          if (op.kind === 'set') clients.set(id, op.hasCode ? { id, code: op.code } : { id });
          if (op.kind === 'edit') {
            const record = clients.get(id);
            if (record) {
              record.code = op.code;
              clients.reindex(record);
            }
          }
          if (op.kind === 'delete') clients.delete(id);
          if (op.kind === 'query') {
            for (const sort of [[{ property: '_id', direction: 1 as const }], []]) {
              const q = query(op.value, sort);
              expect(runListQuery(clients, q).rows).toEqual(scan(clients.values(), q));
            }
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the sorted order of an unfiltered list until a record comes or goes', () => {
    const boxes = new SimCollection<SimRecord>();
    for (const id of ['b3', 'b1', 'b2']) boxes.set(id, { id });
    const all: ListQuery = { filter: [], sort: [{ property: '_id', direction: 1 }], select: null, skip: 0, limit: 10 };
    expect(runListQuery(boxes, all).rows.map((r) => r.id)).toEqual(['b1', 'b2', 'b3']);
    boxes.set('b0', { id: 'b0' });
    boxes.delete('b2');
    expect(runListQuery(boxes, all).rows.map((r) => r.id)).toEqual(['b0', 'b1', 'b3']);
    expect(runListQuery(boxes, { ...all, skip: 1, limit: 1 })).toEqual({ total: 3, rows: [{ id: 'b1' }] });
  });
});
