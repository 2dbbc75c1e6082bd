import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sgpFixture } from '../../support/sgpRecords.ts';
import { box, ozmapFixture, splitter } from '../../support/ozmapRecords.ts';
import { startCliRig, type CliResult, type CliRig } from './cliRig.ts';

/**
 * Issue 11 behaviours 7 and 8, issue 12 item 9: every upstream failure a user can cause ends, on
 * every command, in one readable line naming the system, the cause and the fix; no JSON stack
 * trace before it; OZmap refusing the key is `credentials-rejected` (exit 1, an alert naming
 * OZmap) like SGP's; no secret written in a URL reaches the output.
 */

const OZMAP = ozmapFixture({ boxes: [box('bA', 'CTO-A')], splitters: [splitter('sA', 'bA')] });
const SGP = sgpFixture({ code: 601, cto: 'CTO-A', porta: 1 });

let rig: CliRig;
let webhook: Server;
let silent: TcpServer;
const sockets: Socket[] = [];
let closedPort = 0;
const alerts: { kind: string; message: string }[] = [];

beforeAll(async () => {
  webhook = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += String(chunk)));
    request.on('end', () => {
      alerts.push(JSON.parse(body));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((listening) => webhook.listen(0, '127.0.0.1', listening));
  // Accepts connections and never answers: a timeout.
  silent = createTcpServer((socket) => void sockets.push(socket));
  await new Promise<void>((listening) => silent.listen(0, '127.0.0.1', listening));
  // A port nobody listens on: a refused connection.
  const probe = createTcpServer();
  await new Promise<void>((listening) => probe.listen(0, '127.0.0.1', listening));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((closed) => probe.close(closed));
  rig = await startCliRig({
    sgpFixture: SGP,
    ozmapFixture: OZMAP,
    env: { ALERT_WEBHOOK_URL: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/alerts` },
  });
});
afterAll(async () => {
  await rig.close();
  for (const socket of sockets) socket.destroy();
  await new Promise((closed) => silent.close(closed));
  await new Promise((closed) => webhook.close(closed));
});

const HOOK = 60_000;
const lines = (result: CliResult) => `${result.stdout}\n${result.stderr}`.split('\n');
/** The one readable line that has every piece, or undefined. */
const lineWith = (result: CliResult, ...pieces: (string | RegExp)[]) =>
  lines(result).find((line) => !line.startsWith('{') && pieces.every((p) => (typeof p === 'string' ? line.includes(p) : p.test(line))));
const noStackTrace = (result: CliResult) => expect(result.stderr).not.toMatch(/"stack"|\n\s+at /);

describe('OZmap refusing the key', () => {
  let sync: CliResult;
  let plan: CliResult;
  beforeAll(async () => {
    sync = await rig.cli(['sync', '--once'], { OZMAP_API_KEY: 'not-the-key' });
    plan = await rig.cli(['plan'], { OZMAP_API_KEY: 'not-the-key' });
  }, HOOK);

  it('CONFIG sync: credentials-rejected, exit 1, one readable line naming OZmap and OZMAP_API_KEY', () => {
    expect(sync.code).toBe(1);
    expect(lineWith(sync, 'OZmap', 'credentials', 'OZMAP_API_KEY')).toBeDefined();
    noStackTrace(sync);
  });

  it('CONFIG sync: the alert is credentials-rejected and names OZmap', () => {
    expect(alerts).toContainEqual(expect.objectContaining({ kind: 'credentials-rejected', message: expect.stringContaining('OZmap') }));
  });

  it('CONFIG plan: exit 1, the same readable line, no stack trace', () => {
    expect(plan.code).toBe(1);
    expect(lineWith(plan, 'OZmap', 'credentials', 'OZMAP_API_KEY')).toBeDefined();
    noStackTrace(plan);
  });
});

describe('SGP refusing the token', () => {
  it('CONFIG sync and plan: exit 1, a readable line, and no JSON stack trace before it', async () => {
    for (const command of [['sync', '--once'], ['plan']]) {
      const result = await rig.cli(command, { SGP_TOKEN: 'not-the-token' });
      expect(result.code, command.join(' ')).toBe(1);
      expect(lineWith(result, 'SGP', 'credentials', 'SGP_TOKEN'), command.join(' ')).toBeDefined();
      noStackTrace(result);
    }
  }, HOOK);
});

describe('unreachable systems', () => {
  it('CONFIG a refused connection names the system, ECONNREFUSED, the URL and the setting to check', async () => {
    const url = `http://127.0.0.1:${closedPort}`;
    const ozmap = await rig.cli(['sync', '--once'], { OZMAP_URL: url });
    expect(ozmap.code).not.toBe(0);
    expect(lineWith(ozmap, 'OZmap', 'ECONNREFUSED', url, 'OZMAP_URL'), ozmap.stdout + ozmap.stderr).toBeDefined();
    const sgp = await rig.cli(['plan'], { SGP_URL: url });
    expect(sgp.code).not.toBe(0);
    expect(lineWith(sgp, 'SGP', 'ECONNREFUSED', url, 'SGP_URL'), sgp.stdout + sgp.stderr).toBeDefined();
    noStackTrace(sgp);
  }, HOOK);

  it('CONFIG TLS spoken to a plain HTTP server names TLS and the URL', async () => {
    const https = `https://127.0.0.1:${(rig.ozmap.server.address() as AddressInfo).port}`;
    const result = await rig.cli(['sync', '--once'], { OZMAP_URL: https });
    expect(result.code).not.toBe(0);
    expect(lineWith(result, 'OZmap', /TLS/, https, 'OZMAP_URL'), result.stdout + result.stderr).toBeDefined();
  }, HOOK);

  it('CONFIG a server that never answers is a timeout naming REQUEST_TIMEOUT', async () => {
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const result = await rig.cli(['sync', '--once'], { OZMAP_URL: url, REQUEST_TIMEOUT: '1s' });
    expect(result.code).not.toBe(0);
    expect(lineWith(result, 'OZmap', url, 'REQUEST_TIMEOUT'), result.stdout + result.stderr).toBeDefined();
  }, HOOK);
});

describe('secrets written in URLs', () => {
  it('CONFIG a configuration error never echoes a token in a URL query string or user-info', async () => {
    const result = await rig.cli(['sync', '--once'], { SGP_URL: 'https://isp.sgp.net.br/x?token=QUERYSECRET123', OZMAP_URL: 'https://user:USERINFOSECRET456@isp.ozmap.com.br/api/v2' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SGP_URL');
    expect(result.stderr).toContain('OZMAP_URL');
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/QUERYSECRET123|USERINFOSECRET456/);
  }, HOOK);
});
