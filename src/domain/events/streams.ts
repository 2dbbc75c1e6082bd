/** One stream per contract: the complete audit trail of its client. */
export const contractStream = (code: string): string => `contract-${code}`;
export const CONTRACT_STREAM_PREFIX = 'contract-';
export const codeOfStream = (stream: string): string => stream.slice(CONTRACT_STREAM_PREFIX.length);

/** Cycle history: started, planned, finished, guard trips and releases. */
export const CYCLES_STREAM = 'cycles';

/** The reconciler lease: one active reconciler per store. */
export const LEASE_STREAM = 'reconciler-lease';

/** Outage alerts already sent (issue 16): what keeps them to one per incident. */
export const OUTAGES_STREAM = 'outages';
