/**
 * Where a replay's CPU goes, pass by pass over the same SQLite log: reading it alone (SQLite's
 * page texts and their JSON.parse), then with the catalogue's validation (decodeEvent), then with
 * R1 normalisation of every observation. Two rounds; the second is warm.
 *
 *   node --import tsx bench/child/replayCost.ts <events.db>
 */
import type { RecordedEvent } from '../../src/domain/eventStore.ts';
import { openSqliteEventStore } from '../../src/adapters/eventstore/sqliteEventStore.ts';
import { decodeEvent } from '../../src/domain/events/decodeEvent.ts';
import { normaliseContract } from '../../src/domain/sgp/normaliseContract.ts';

const path = process.argv[2];
if (!path) throw new Error('usage: replayCost.ts <events.db>');
const store = openSqliteEventStore(path, { readonly: true });
const cpuMs = (): number => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

async function pass(label: string, work: (event: RecordedEvent) => void): Promise<void> {
  const started = cpuMs();
  let events = 0;
  for await (const event of store.readAll({})) {
    work(event);
    events += 1;
  }
  const ms = cpuMs() - started;
  console.log(
    JSON.stringify({
      pass: label,
      events,
      cpuMs: Math.round(ms),
      eventsPerCpuSecond: Math.round(events / (ms / 1000)),
    }),
  );
}

for (let round = 0; round < 2; round++) {
  await pass('read', () => undefined);
  await pass('read + validate', (event) => void decodeEvent(event));
  await pass('read + validate + normalise', (event) => {
    const decoded = decodeEvent(event);
    if (decoded?.event.type === 'SgpContractObserved') normaliseContract(decoded.event.data.record);
  });
}
