import { describe, expect, it } from 'vitest';
import { getMemoryEventStore } from '../../src/adapters/eventstore/memoryEventStore.ts';
import type { OzClient } from '../../src/domain/ozmap/ozmapObjects.ts';
import type { UpdateClientCommand } from '../../src/domain/planner/commands.ts';
import type { ContractRow } from '../../src/projections/contractRow.ts';
import { createEventWriter } from '../../src/reconciler/eventWriter.ts';
import { recordInterruptedWrites } from '../../src/reconciler/executeCommand.ts';

const client: OzClient = { id: 'c-9', code: '9', name: 'Nome antigo', implanted: true, status: 0, observation: '' };

/** A contract whose creation was sent to OZmap and whose process died before the answer was recorded. */
const row = {
  code: '9',
  pendingWrite: { commandId: 'cmd-create-9', kind: 'create', clientId: null, propertyId: null, changes: [] },
} as unknown as ContractRow;

const update: UpdateClientCommand = {
  kind: 'update',
  code: '9',
  rule: 'R4.1',
  reason: 'renamed in SGP',
  clientId: 'c-9',
  propertyId: null,
  clientPatch: { name: 'Nome novo' },
  propertyPatch: {},
  changes: [{ object: 'client', field: 'name', from: 'Nome antigo', to: 'Nome novo', rule: 'R4.1', cause: 'sgp' }],
};

describe('R6 an interrupted creation is named in the trail', () => {
  it('R6 the client an interrupted creation made is recorded as found, even when this cycle plans an update for it (daemon campaign)', async () => {
    const store = getMemoryEventStore();
    const writer = createEventWriter(store);
    const now = () => new Date('2026-12-07T22:00:00Z');
    await recordInterruptedWrites([row], [update], new Map([['9', [client]]]), { writer, cycleId: 'cy-2', now });
    const events = await store.readStream('contract-9');
    expect(events.map((e) => [e.type, (e.data as { clientId?: string }).clientId])).toEqual([
      ['OzmapCreationSuperseded', 'c-9'],
    ]);
  });
});
