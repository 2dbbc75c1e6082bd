import { getMemoryEventStore } from '../../../src/adapters/eventstore/memoryEventStore.ts';
import { describeEventStoreContract } from './eventStoreContract.ts';

describeEventStoreContract('memory', async () => {
  const store = getMemoryEventStore();
  return { store, dispose: () => store.close() };
});
