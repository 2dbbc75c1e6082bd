import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startServer, type TestServer } from './httpHarness.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startServer({ host: '0.0.0.0' });
});
afterEach(() => server.close());

describe('probes (open, even off loopback)', () => {
  test('GET /health: the process is up', async () => {
    const response = await server.call({ url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  test('GET /ready: 200 with no reasons when ready', async () => {
    const response = await server.call({ url: '/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ready: true, reasons: [], problems: [] });
  });

  test('GET /ready: 503 with the reasons when degraded', async () => {
    const reasons = [
      'last sync cycle failed: SGP unreachable',
      'mass-deletion guard tripped: 60 removals pending confirmation (hash 0123456789abcdef)',
    ];
    const problems = [
      { code: 'cycle-failed' as const, kind: 'sync' as const, message: 'SGP unreachable' },
      { code: 'guard-tripped' as const, removals: 60, hash: '0123456789abcdef' },
    ];
    server.service.state.readiness = { ready: false, reasons, problems };
    const response = await server.call({ url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ ready: false, reasons, problems });
  });

  test('GET /ready: the reasons also as data, for a page to say them in its language', async () => {
    const reasons = ['mass-deletion guard tripped: 60 removals pending confirmation (hash 0123456789abcdef)'];
    const problems = [{ code: 'guard-tripped' as const, removals: 60, hash: '0123456789abcdef' }];
    server.service.state.readiness = { ready: false, reasons, problems };
    const response = await server.call({ url: '/ready' });
    expect(response.json()).toEqual({ ready: false, reasons, problems });
  });

  test('GET /metrics: Prometheus text', async () => {
    const response = await server.call({ url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.body).toContain('# TYPE sgp_ozmap_ready gauge\nsgp_ozmap_ready 1\n');
  });
});
