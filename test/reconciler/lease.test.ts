import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { getMemoryEventStore } from '../../src/adapters/eventstore/memoryEventStore.ts';
import { acquireLease, releaseLease } from '../../src/reconciler/lease.ts';

const TTL = 5 * 60_000;
const T0 = new Date('2026-11-29T17:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
/** Above Linux's largest pid_max (2^22): no process can have it, so kill(pid, 0) says ESRCH. */
const PID_THAT_DOES_NOT_EXIST = 4_194_305;

describe('acquireLease', () => {
  it('DESIGN a second owner is refused while the lease is valid, and told who holds it until when', async () => {
    const store = getMemoryEventStore();
    const here = `${hostname()}:${process.pid}:a`;
    expect(await acquireLease(store, here, T0, TTL)).toEqual({ acquired: true, until: later(TTL).toISOString() });
    expect(await acquireLease(store, 'other-host:123:b', later(1000), TTL)).toEqual({
      acquired: false,
      holder: here,
      until: later(TTL).toISOString(),
    });
  });

  it('DESIGN an expired lease is taken by another owner', async () => {
    const store = getMemoryEventStore();
    await acquireLease(store, 'other-host:123:a', T0, TTL);
    expect(await acquireLease(store, 'other-host:456:b', later(TTL + 1), TTL)).toEqual({
      acquired: true,
      until: later(2 * TTL + 1).toISOString(),
    });
  });

  it('DESIGN the same owner renews its lease: the expiry moves forward', async () => {
    const store = getMemoryEventStore();
    await acquireLease(store, 'other-host:123:a', T0, TTL);
    expect(await acquireLease(store, 'other-host:123:a', later(60_000), TTL)).toEqual({
      acquired: true,
      until: later(60_000 + TTL).toISOString(),
    });
    expect(await acquireLease(store, 'other-host:456:b', later(TTL + 1), TTL)).toMatchObject({
      acquired: false,
      holder: 'other-host:123:a',
    });
  });

  it('DESIGN a holder on this host whose process is dead is taken over at once', async () => {
    const store = getMemoryEventStore();
    const dead = `${hostname()}:${PID_THAT_DOES_NOT_EXIST}:a`;
    await acquireLease(store, dead, T0, TTL);
    expect(await acquireLease(store, `${hostname()}:${process.pid}:b`, later(1000), TTL)).toMatchObject({
      acquired: true,
    });
  });

  it('DESIGN a holder on another host is trusted until expiry, whatever its pid', async () => {
    const store = getMemoryEventStore();
    await acquireLease(store, `not-${hostname()}:${PID_THAT_DOES_NOT_EXIST}:a`, T0, TTL);
    expect(await acquireLease(store, `${hostname()}:${process.pid}:b`, later(1000), TTL)).toMatchObject({
      acquired: false,
    });
  });

  it('DESIGN a holder on this host whose process is alive keeps its lease', async () => {
    const store = getMemoryEventStore();
    // The parent of this test process is alive for as long as the test runs.
    await acquireLease(store, `${hostname()}:${process.ppid}:a`, T0, TTL);
    expect(await acquireLease(store, `${hostname()}:${process.pid}:b`, later(1000), TTL)).toMatchObject({
      acquired: false,
    });
  });

  it('DESIGN a released lease is free for the next owner at once', async () => {
    const store = getMemoryEventStore();
    await acquireLease(store, 'other-host:123:a', T0, TTL);
    await releaseLease(store, 'other-host:123:a', later(1000));
    expect(await acquireLease(store, 'other-host:456:b', later(2000), TTL)).toMatchObject({ acquired: true });
  });

  it('DESIGN a release by someone who does not hold the lease changes nothing', async () => {
    const store = getMemoryEventStore();
    await acquireLease(store, 'other-host:123:a', T0, TTL);
    await releaseLease(store, 'other-host:456:b', later(1000));
    expect(await acquireLease(store, 'other-host:456:b', later(2000), TTL)).toMatchObject({
      acquired: false,
      holder: 'other-host:123:a',
    });
  });
});
