import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractContracts } from '../../../src/adapters/sgp/extractContracts.ts';
import { canonicalJsonReference } from '../../../src/domain/events/eventIds.ts';
import { buildClientes, clientPlan } from './sgpPageArbitraries.ts';

/**
 * Issue 18: a sweep hashes every record (its hash says whether the contract changed). Records are
 * built with their keys in sorted order, so their JSON is their canonical JSON and the hash takes
 * canonicalJson's fast path (one JSON.stringify). A field added out of order would still hash the
 * same (the slow path), only dearer: this says so before it costs a second per sweep.
 */
describe('extracted SGP records are their own canonical JSON', () => {
  it('every record of any page serialises to its canonical text', () => {
    fc.assert(
      fc.property(fc.array(clientPlan, { maxLength: 8 }), fc.nat({ max: 10_000 }), (plans, offset) => {
        const page = buildClientes(plans, { offset, firstCode: 1 });
        for (const record of extractContracts(page.clientes, offset).records) {
          expect(JSON.stringify(record)).toBe(canonicalJsonReference(record));
        }
      }),
      { numRuns: 300 },
    );
  });
});
