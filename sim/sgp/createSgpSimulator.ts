import { Readable } from 'node:stream';
import { sgpFixtureChunks } from './sgpFixtureFile.ts';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import pino from 'pino';
import { registerSimHooks } from '../shared/registerSimHooks.ts';
import { ContractEdit, deleteContract, editContract } from './editContract.ts';
import { jitterRx, RxJitter } from './jitterRx.ts';
import { listClientes } from './listClientes.ts';
import { checkSgpCredentials, type SgpCredentials } from './sgpAuth.ts';
import { SgpFixture } from './sgpFixture.ts';
import { mergeParams, parseForm } from './sgpParams.ts';
import { splitterAll } from './splitterAll.ts';

export interface SgpSimulatorOptions {
  readonly fixture: SgpFixture;
  readonly token: string;
  readonly app: string;
  /** HTTP Basic credentials SGP also accepts; default `sim-user` / `sim-password`. */
  readonly basicUser?: string;
  readonly basicPassword?: string;
  readonly seed?: number;
  /** Request logs, as JSON lines on stderr (stdout belongs to the CLI's output). */
  readonly logger?: boolean;
}

/** Django's page for an unknown path (DEBUG off): what a mistyped SGP URL answers. */
const notFoundPage =
  '<!doctype html>\n<html lang="en">\n<head><title>Not Found</title></head>\n<body>\n<h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n';

function badRequest(
  reply: FastifyReply,
  error: { issues: readonly { path: PropertyKey[]; message: string }[] },
  code: string,
) {
  const issue = error.issues[0];
  return reply
    .code(400)
    .send({ code, field: issue?.path.map(String).join('.') ?? '', message: issue?.message ?? code });
}

function registerTestRoutes(app: FastifyInstance, state: { clientes: unknown[] }): void {
  // Streamed a record at a time: at 300,000 contracts the whole state is past V8's largest string.
  app.get('/__sim/state', async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(Readable.from(sgpFixtureChunks(state.clientes))),
  );
  app.put('/__sim/clientes', async (request, reply) => {
    const body = Array.isArray(request.body) ? { clientes: request.body } : request.body;
    const parsed = SgpFixture.safeParse(body);
    if (!parsed.success) return badRequest(reply, parsed.error, 'invalid-sgp-fixture');
    state.clientes = parsed.data.clientes;
    return reply.code(204).send();
  });
  app.post('/__sim/clientes', async (request, reply) => {
    if (request.body === undefined) {
      return reply
        .code(400)
        .send({ code: 'invalid-cliente-record', field: '', message: 'a JSON client record is required' });
    }
    state.clientes.push(request.body);
    return reply.code(201).send({ index: state.clientes.length - 1 });
  });
  app.patch<{ Params: { code: string } }>('/__sim/contracts/:code', async (request, reply) => {
    const parsed = ContractEdit.safeParse(request.body ?? {});
    if (!parsed.success) return badRequest(reply, parsed.error, 'invalid-contract-edit');
    const error = editContract(state.clientes, request.params.code, parsed.data);
    if (!error) return reply.code(204).send();
    return reply.code(error.code === 'contract-not-found' ? 404 : 409).send(error);
  });
  // Between two sweeps the OLT's readings move (sim/sgp/jitterRx.ts).
  app.post('/__sim/rx-jitter', async (request, reply) => {
    const parsed = RxJitter.safeParse(request.body ?? {});
    if (!parsed.success) return badRequest(reply, parsed.error, 'invalid-rx-jitter');
    return { moved: jitterRx(state.clientes, parsed.data) };
  });
  app.delete<{ Params: { code: string } }>('/__sim/contracts/:code', async (request, reply) => {
    if (deleteContract(state.clientes, request.params.code)) return reply.code(204).send();
    const contract = request.params.code;
    return reply.code(404).send({ code: 'contract-not-found', contract, message: `No SGP contract ${contract}` });
  });
}

function registerSgpRoutes(app: FastifyInstance, state: { clientes: unknown[] }, credentials: SgpCredentials): void {
  const refused = (request: FastifyRequest, params: Readonly<Record<string, unknown>>) =>
    checkSgpCredentials(credentials, params.token, params.app, request.headers.authorization);

  app.post('/api/ura/clientes/', async (request, reply) => {
    const params = mergeParams(request.query, request.body);
    const error = refused(request, params);
    if (error) return reply.code(403).send(error);
    return listClientes(state.clientes, params);
  });
  // Django REST Framework's answer to a GET on a POST-only view.
  app.get('/api/ura/clientes/', async (_request, reply) =>
    reply.code(405).send({ detail: 'Método "GET" não é permitido.' }),
  );
  app.get('/api/fttx/splitter/all/', async (request, reply) => {
    const params = mergeParams(request.query, undefined);
    const error = refused(request, params);
    if (error) return reply.code(403).send(error);
    return splitterAll(state.clientes);
  });
}

/**
 * A stand-in for an SGP instance: the endpoints the service reads, served from a fixture whose
 * records go out verbatim, plus `/__sim/` routes to edit the data and inject faults
 * (sim/README.md). Returned ready to `listen` or `inject`.
 */
export async function createSgpSimulator(options: SgpSimulatorOptions): Promise<FastifyInstance> {
  const fixture = SgpFixture.parse(options.fixture);
  // A private copy: tests edit the simulator's data, never the caller's fixture object.
  const state = { clientes: structuredClone(fixture.clientes) };
  const loggerInstance: FastifyBaseLogger | undefined = options.logger
    ? pino({ name: 'sgp-sim', level: 'info' }, pino.destination(2))
    : undefined;
  // Fixtures of 100,000 contracts are replaced whole through PUT /__sim/clientes.
  const app: FastifyInstance = Fastify({ loggerInstance, bodyLimit: 1024 * 1024 * 1024 });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, parseForm(String(body)));
  });
  registerSimHooks(app, { name: 'sgp', seed: options.seed ?? 0 });
  const credentials: SgpCredentials = {
    token: options.token,
    app: options.app,
    basicUser: options.basicUser ?? 'sim-user',
    basicPassword: options.basicPassword ?? 'sim-password',
  };
  registerSgpRoutes(app, state, credentials);
  registerTestRoutes(app, state);
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/__sim/')) return reply.code(404).send({ code: 'not-found', path: request.url });
    return reply.code(404).type('text/html; charset=utf-8').send(notFoundPage);
  });
  return app;
}
