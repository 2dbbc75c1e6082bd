/**
 * What one request of each `bench:api` route costs the daemon's event loop at 10,000 contracts,
 * alone (no cycle, no concurrency): the routes served in-process (`app.inject`) by the HTTP
 * server on real SQLite read models, 2,000 contracts of them skipped on 224 unmatched CTOs,
 * 1,669 OZmap box names (the sizes of the 10,000-contract fixtures). Issue 17: the load
 * benchmark's latency is 50 connections divided by the requests per second the loop serves.
 *
 *   npx tsx bench/apiRouteCost.bench.ts [requests per route, default 200]
 */
import { createHttpServer } from '../src/adapters/http/createHttpServer.ts';
import { createEventWriter } from '../src/reconciler/eventWriter.ts';
import { contractStream } from '../src/domain/events/streams.ts';
import { createProjector } from '../src/projections/projector.ts';
import { aRecord, aService, anOnu } from '../test/domain/sgp/sgpRecordBuilder.ts';
import { observed, skipped } from '../test/projections/projectionEvents.ts';
import { ALL_SECRETS, createFakeService, dashboardFixture, SECRETS, t } from '../test/adapters/http/httpHarness.ts';

const CONTRACTS = 10_000;
const requests = Number(process.argv[2] ?? 200);
const service = await createFakeService();
const writer = createEventWriter(service.store);
const boxes = Array.from({ length: 1669 }, (_, i) => `CTO-${String(i).padStart(4, '0')}`);
service.boxNames = () => boxes;
for (let i = 0; i < CONTRACTS; i++) {
  const code = String(20_000 + i);
  const unmatched = i % 5 === 0;
  const cto = unmatched ? `cto ${i % 224}x` : boxes[i % boxes.length]!;
  const record = aRecord({ code, servicos: [aService({ onu: anOnu({ splitter: { id: 11, nome: cto, porta: 2 } }) })] });
  await writer.append(contractStream(code), 'SgpContractObserved', observed(record, t(1)));
  if (unmatched) await writer.append(contractStream(code), 'ClientCreationSkipped', skipped('box-not-found', t(2)));
}
await createProjector({ store: service.store, readModels: service.readModels() }).catchUp();
const app = await createHttpServer({
  service,
  host: '127.0.0.1',
  adminToken: SECRETS.admin,
  readToken: SECRETS.read,
  logger: false,
  secrets: ALL_SECRETS,
  dashboardDir: dashboardFixture(),
});
const headers = { authorization: `Bearer ${SECRETS.read}` };
console.log(`${CONTRACTS} contracts, ${requests} requests per route (the first, which fills any cache, not counted)`);
for (const url of [
  '/api/clients?search=Maria&limit=50',
  `/api/clients/${20_005}/history`,
  '/api/skipped',
  '/api/cycles?limit=20',
]) {
  const first = performance.now();
  let response = await app.inject({ url, headers });
  const firstMs = performance.now() - first;
  const started = performance.now();
  for (let i = 0; i < requests; i++) response = await app.inject({ url, headers });
  const each = (performance.now() - started) / requests;
  console.log(
    `${url}: status ${response.statusCode}, ${response.body.length} bytes, first ${firstMs.toFixed(1)} ms, then ${each.toFixed(2)} ms per request`,
  );
}
await app.close();
