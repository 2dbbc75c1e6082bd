import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { REDACTED, createLogger, scrubSecrets, scrubSecretsDeep } from '../../src/app/logger.ts';

const SGP_TOKEN = 'sgp-tok-4c1e9b7f';
const OZMAP_API_KEY = 'oz+key/with=chars';
const ADMIN_TOKEN = 'adm-7d7d7d7d7d';
const READ_TOKEN = 'rd-0a0a0a0a0a';
const SECRETS = [SGP_TOKEN, OZMAP_API_KEY, ADMIN_TOKEN, READ_TOKEN];

/** A logger writing into an array, and every line it wrote. */
function capture(level: 'info' | 'debug' = 'debug') {
  const lines: string[] = [];
  const logger = createLogger({
    level,
    secrets: SECRETS,
    destination: { write: (line: string) => void lines.push(line) },
  });
  const text = () => lines.join('');
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, text, records };
}

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(encodeURIComponent(secret));
  }
}

describe('createLogger', () => {
  it('writes JSON lines at the configured level', () => {
    const { logger, records } = capture('info');
    logger.debug('hidden');
    logger.info({ cycle: 3 }, 'cycle done');
    expect(records()).toHaveLength(1);
    expect(records()[0]).toMatchObject({ level: 30, cycle: 3, msg: 'cycle done' });
  });

  it('keeps secret values out of the message and its format arguments', () => {
    const { logger, text } = capture();
    logger.info(`GET https://isp.sgp.net.br/api/ura/clientes?token=${SGP_TOKEN}&app=x`);
    logger.info('key %s and %j', OZMAP_API_KEY, { note: `admin ${ADMIN_TOKEN}` });
    logger.info(`encoded ${encodeURIComponent(OZMAP_API_KEY)}`);
    expectNoSecret(text());
    // Every query-string value of a URL is redacted, names kept, secret or not.
    expect(text()).toContain(`token=${REDACTED}&app=${REDACTED}`);
  });

  it('censors credential fields at any depth, whatever their value', () => {
    const { logger, records, text } = capture();
    logger.info(
      {
        token: 'v1',
        config: { http: { adminToken: 'v2', readToken: 'v3' }, sgp: { password: 'v4' }, ozmap: { apiKey: 'v5' } },
        env: { SGP_TOKEN: 'v6', OZMAP_API_KEY: 'v7', ADMIN_TOKEN: 'v8', READ_TOKEN: 'v9' },
        deep: {
          a: { b: { c: { d: { e: { api_key: 'v10', Authorization: 'v11', token: 'v12', nextPageToken: 'v13' } } } } },
        },
        list: [[{ password: 'v14' }]],
      },
      'fields %j',
      { authorization: 'v15' },
    );
    const record = records()[0];
    expect(record).toMatchObject({
      token: REDACTED,
      config: {
        http: { adminToken: REDACTED, readToken: REDACTED },
        sgp: { password: REDACTED },
        ozmap: { apiKey: REDACTED },
      },
      env: { SGP_TOKEN: REDACTED, OZMAP_API_KEY: REDACTED, ADMIN_TOKEN: REDACTED, READ_TOKEN: REDACTED },
      deep: { a: { b: { c: { d: { e: { api_key: REDACTED, Authorization: REDACTED, token: REDACTED } } } } } },
      list: [[{ password: REDACTED }]],
    });
    expect(text()).not.toMatch(/"v\d+"/);
  });

  it('keeps authorization headers out, in requests, responses and Node requests', () => {
    const { logger, text } = capture();
    logger.info({ req: { method: 'GET', headers: { authorization: `Bearer ${READ_TOKEN}` } } }, 'in');
    logger.info({ call: { headers: { Authorization: 'raw-key-value', 'x-api-key': 'other-key' } } }, 'out');
    const nodeRequest = new IncomingMessage(new Socket());
    nodeRequest.method = 'POST';
    nodeRequest.url = '/admin/run';
    nodeRequest.headers = { authorization: 'Bearer some-unlisted-token' };
    logger.info(nodeRequest, 'node request');
    expectNoSecret(text());
    expect(text()).not.toContain('raw-key-value');
    expect(text()).not.toContain('other-key');
    expect(text()).not.toContain('some-unlisted-token');
    expect(text()).toContain('/admin/run');
  });

  it('keeps secrets out of nested strings and arrays', () => {
    const { logger, text } = capture();
    logger.warn(
      {
        response: { status: 403, body: `{"detail":"token ${SGP_TOKEN} refused"}` },
        tries: [`first ${OZMAP_API_KEY}`, { url: `https://x/?k=${encodeURIComponent(OZMAP_API_KEY)}` }, [[READ_TOKEN]]],
        url: new URL(`https://isp.sgp.net.br/api?token=${SGP_TOKEN}`),
      },
      'refused',
    );
    expectNoSecret(text());
  });

  it('keeps secrets out of errors: message, stack, cause and own fields, first argument or nested', () => {
    const { logger, text, records } = capture();
    const cause = new Error(`socket closed while sending ${ADMIN_TOKEN}`);
    const error = new Error(`GET /clientes?token=${SGP_TOKEN} failed`, { cause });
    Object.assign(error, { request: { headers: { authorization: OZMAP_API_KEY } }, body: `key=${OZMAP_API_KEY}` });
    logger.error(error);
    logger.error({ err: error }, 'with a message');
    logger.error({ attempt: { errors: [error] } }, 'nested');
    logger.error({ err: error });
    expectNoSecret(text());
    const [first, , , fourth] = records();
    // The message is the error's, with its causes appended as pino serialises them.
    expect(first?.msg).toBe(`GET /clientes?token=${REDACTED} failed: socket closed while sending ${REDACTED}`);
    expect(first?.err).toMatchObject({ type: 'Error', message: expect.stringContaining(`token=${REDACTED}`) });
    expect((first?.err as { stack: string }).stack).toContain('caused by');
    expect(fourth?.msg).toContain(REDACTED);
  });

  it('keeps secrets out of child bindings, down the generations', () => {
    const { logger, text, records } = capture();
    logger
      .child({ tenant: `isp ${SGP_TOKEN}`, token: 'x' })
      .child({ key: OZMAP_API_KEY })
      .info('child');
    expectNoSecret(text());
    expect(records()[0]).toMatchObject({ token: REDACTED, msg: 'child' });
  });

  it('survives circular objects', () => {
    const { logger, records } = capture();
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    logger.info({ loop }, 'circular');
    expect(records()[0]).toMatchObject({ loop: { name: 'loop', self: '[Circular]' } });
  });
});

describe('scrubSecrets', () => {
  it('replaces every form of every secret in a text', () => {
    const text = `${SGP_TOKEN} / ${encodeURIComponent(OZMAP_API_KEY)} / ${JSON.stringify(`a"${ADMIN_TOKEN}`)}`;
    expect(scrubSecrets(text, SECRETS)).toBe(`${REDACTED} / ${REDACTED} / "a\\"${REDACTED}"`);
    expect(scrubSecrets('nothing here', [])).toBe('nothing here');
    expect(scrubSecrets('abc', [''])).toBe('abc');
  });

  it('replaces a secret that contains another one whole', () => {
    expect(scrubSecrets('prefix-long-secret', ['long', 'long-secret'])).toBe(`prefix-${REDACTED}`);
  });

  it('gives a scrubbed deep copy for API responses', () => {
    const original = { error: new Error(`bad ${READ_TOKEN}`), list: [{ password: 'p' }] };
    const copy = JSON.stringify(scrubSecretsDeep(original, SECRETS));
    expectNoSecret(copy);
    expect(copy).not.toContain('"p"');
    expect(original.list[0]?.password).toBe('p');
  });
});
