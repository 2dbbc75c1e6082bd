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

/** R9.3: the contracts and boxes the service never writes to. */
export const EXCLUSIONS_STREAM = 'exclusions';

/** R9.2: the drift digests already sent: one a day, and once when the incident is over. */
export const DRIFT_STREAM = 'drift';
