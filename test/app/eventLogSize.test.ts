import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventLogBytes } from '../../src/app/eventLogSize.ts';
import { createMetrics, serviceMetricDefinitions } from '../../src/app/metrics.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the event log disk-usage metric (decision 0006)', () => {
  it('counts the SQLite file and its write-ahead log; nothing to say for EventStoreDB or memory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-size-'));
    dirs.push(dir);
    const path = join(dir, 'events.db');
    writeFileSync(path, Buffer.alloc(4096));
    expect(eventLogBytes({ kind: 'sqlite', path })).toBe(4096);
    writeFileSync(`${path}-wal`, Buffer.alloc(1000));
    expect(eventLogBytes({ kind: 'sqlite', path })).toBe(5096);
    expect(eventLogBytes({ kind: 'sqlite', path: join(dir, 'none.db') })).toBe(0);
    expect(eventLogBytes({ kind: 'esdb' })).toBeNull();
    expect(eventLogBytes({ kind: 'sqlite', path: ':memory:' })).toBeNull();
  });

  it('is exported as sgp_ozmap_event_log_bytes', async () => {
    const metrics = createMetrics(serviceMetricDefinitions);
    metrics.set('sgp_ozmap_event_log_bytes', 5096);
    expect(await metrics.render()).toMatch(/^sgp_ozmap_event_log_bytes 5096$/m);
  });
});
