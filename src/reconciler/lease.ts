import { hostname } from 'node:os';
import { EventStoreError, type EventStore } from '../domain/eventStore.ts';
import { eventId } from '../domain/events/eventIds.ts';
import { LEASE_STREAM } from '../domain/events/streams.ts';
import { LeaseAcquired } from '../domain/events/catalogue.ts';

export type LeaseResult =
  | { readonly acquired: true; readonly until: string }
  | { readonly acquired: false; readonly holder: string; readonly until: string };

/**
 * A holder on this host whose process is gone (killed, crashed) cannot be reconciling: its
 * lease is stale at once instead of blocking the restarted service until it expires.
 * Owners are `host:pid:random`; holders on other hosts are trusted until expiry.
 */
function holderIsDead(holder: string): boolean {
  const [host, pidText] = holder.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * One active reconciler per store: the lease is a stream appended with an exact expected
 * revision, so of two instances racing for it exactly one append succeeds. A holder renews it
 * every cycle; one that died lets it expire after `ttlMs`.
 */
export async function acquireLease(store: EventStore, owner: string, now: Date, ttlMs: number): Promise<LeaseResult> {
  const revision = await store.streamRevision(LEASE_STREAM);
  if (revision >= 0) {
    const [last] = await store.readStream(LEASE_STREAM, { fromRevision: revision });
    const current = LeaseAcquired.safeParse(last?.data);
    if (
      current.success &&
      current.data.owner !== owner &&
      Date.parse(current.data.until) > now.getTime() &&
      !holderIsDead(current.data.owner)
    ) {
      return { acquired: false, holder: current.data.owner, until: current.data.until };
    }
  }
  const until = new Date(now.getTime() + ttlMs).toISOString();
  const data = { v: 1 as const, owner, at: now.toISOString(), until };
  try {
    await store.append(
      LEASE_STREAM,
      [{ id: eventId(LEASE_STREAM, revision, 'LeaseAcquired', data), type: 'LeaseAcquired', data }],
      {
        expectedRevision: revision === -1 ? 'no_stream' : revision,
      },
    );
    return { acquired: true, until };
  } catch (error) {
    if (error instanceof EventStoreError && error.code === 'WRONG_EXPECTED_REVISION') {
      // Another instance took it between our read and our append.
      return acquireLease(store, owner, now, ttlMs);
    }
    throw error;
  }
}

/** Gives the lease up at once (a clean stop), so the next instance does not wait for expiry. */
export async function releaseLease(store: EventStore, owner: string, now: Date): Promise<void> {
  const revision = await store.streamRevision(LEASE_STREAM);
  if (revision < 0) return;
  const [last] = await store.readStream(LEASE_STREAM, { fromRevision: revision });
  const current = LeaseAcquired.safeParse(last?.data);
  if (!current.success || current.data.owner !== owner) return;
  const data = { v: 1 as const, owner, at: now.toISOString(), until: now.toISOString() };
  await store
    .append(
      LEASE_STREAM,
      [{ id: eventId(LEASE_STREAM, revision, 'LeaseAcquired', data), type: 'LeaseAcquired', data }],
      { expectedRevision: revision },
    )
    .catch(() => undefined);
}
