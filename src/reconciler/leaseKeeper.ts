import type { FailureCode } from '../domain/failureCodes.ts';
import type { EventStore } from '../domain/eventStore.ts';
import { LEASE_STREAM } from '../domain/events/streams.ts';
import { LeaseAcquired } from '../domain/events/catalogue.ts';
import { acquireLease, type LeaseResult } from './lease.ts';

/** Who holds the reconciler lease, as this instance last saw it. */
export interface LeaseView {
  /** `holder`: this instance writes to OZmap; `standby`: it serves the API read-only. */
  readonly role: 'holder' | 'standby';
  readonly owner: string;
  readonly holder: string | null;
  readonly until: string | null;
  readonly checkedAt: string | null;
}

/** Thrown before a write is sent by an instance that no longer holds the lease. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  readonly code = 'LEASE_LOST' satisfies FailureCode;
  readonly retryable = true;
}

export interface LeaseKeeper {
  /** Tries to take or renew the lease now; the answer is also kept for `view`. */
  tick(): Promise<LeaseResult>;
  /**
   * The fence of every OZmap write: throws LeaseLostError unless the log's last lease is this
   * instance's and stays valid for a safety margin (a quarter of the lease) beyond now (renewed
   * on the spot when it runs lower), so a write sent now cannot land after another instance may
   * have taken over.
   */
  check(): Promise<void>;
  /** Renews every third of the lease until `stop` (the whole life of a daemon; one cycle of `--once`). */
  keep(): { stop(): void };
  view(): LeaseView;
}

export function createLeaseKeeper(store: EventStore, owner: string, ttlMs: number, clock: () => Date): LeaseKeeper {
  let last: { result: LeaseResult; at: Date } | null = null;
  const margin = ttlMs / 4;

  async function tick(): Promise<LeaseResult> {
    const at = clock();
    const result = await acquireLease(store, owner, at, ttlMs);
    last = { result, at };
    return result;
  }

  async function currentHolder(): Promise<{ owner: string; until: number } | null> {
    const revision = await store.streamRevision(LEASE_STREAM);
    if (revision < 0) return null;
    const [event] = await store.readStream(LEASE_STREAM, { fromRevision: revision });
    const parsed = LeaseAcquired.safeParse(event?.data);
    return parsed.success ? { owner: parsed.data.owner, until: Date.parse(parsed.data.until) } : null;
  }

  return {
    tick,
    async check() {
      const now = clock().getTime();
      const current = await currentHolder();
      if (current === null || current.owner !== owner) {
        throw new LeaseLostError(
          `not sent: this instance no longer holds the reconciler lease (held by ${current?.owner ?? 'nobody'})`,
        );
      }
      if (current.until - margin > now) return;
      // Still ours but running low (the renewal timer was late: a stalled event loop, a slow
      // store): renewed here, by an append that fails if another instance took it meanwhile.
      const renewed = await tick();
      if (!renewed.acquired)
        throw new LeaseLostError(
          `not sent: this instance no longer holds the reconciler lease (held by ${renewed.holder})`,
        );
    },
    keep() {
      const timer = setInterval(() => void tick().catch(() => undefined), Math.max(50, Math.floor(ttlMs / 3)));
      timer.unref();
      return { stop: () => clearInterval(timer) };
    },
    view() {
      const result = last?.result;
      return {
        role: result?.acquired ? 'holder' : 'standby',
        owner,
        holder: result ? (result.acquired ? owner : result.holder) : null,
        until: result?.until ?? null,
        checkedAt: last ? last.at.toISOString() : null,
      };
    },
  };
}
