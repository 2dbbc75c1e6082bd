/** An alert as it is POSTed to ALERT_WEBHOOK_URL. */
export interface AlertPayload {
  readonly kind: string;
  readonly message: string;
  readonly cycleId: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * Sends alerts as a JSON POST. Delivery is best effort with one short timeout: an unreachable
 * webhook must never stop or slow a cycle. `scrub` removes secrets before anything leaves.
 */
export function createWebhookAlerts(options: {
  readonly url: string | undefined;
  readonly service: string;
  readonly timeoutMs?: number;
  readonly scrub: (value: unknown) => unknown;
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
}): (alert: AlertPayload) => Promise<void> {
  const send = options.fetch ?? fetch;
  const now = options.now ?? (() => new Date());
  return async (alert) => {
    if (!options.url) return;
    const body = JSON.stringify(options.scrub({ service: options.service, at: now().toISOString(), ...alert }));
    const response = await send(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
    if (!response.ok) throw new Error(`alert webhook answered ${response.status}`);
  };
}
