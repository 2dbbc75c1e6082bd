import type { HttpTransportOptions, UpstreamRequestInfo } from '../../../src/adapters/upstream/createHttpTransport.ts';
import { createSgpClient } from '../../../src/adapters/sgp/createSgpClient.ts';
import type { SgpClient, SgpClientOptions } from '../../../src/adapters/sgp/createSgpClient.ts';
import type { SgpAuth } from '../../../src/adapters/sgp/sgpAuth.ts';
import { sgpSecrets } from '../../../src/adapters/sgp/sgpAuth.ts';
import { harness } from '../upstream/transportHarness.ts';
import { APP, TOKEN } from './fakeSgp.ts';

export interface SgpHarness {
  readonly client: SgpClient;
  readonly infos: UpstreamRequestInfo[];
  readonly sleeps: number[];
}

/** An SGP client over a real transport to `url`, with instant recorded sleeps and 3 attempts. */
export function sgpClientFor(
  url: string,
  options: { auth?: SgpAuth; transport?: Partial<HttpTransportOptions>; client?: Partial<SgpClientOptions> } = {},
): SgpHarness {
  const auth = options.auth ?? { token: TOKEN, app: APP };
  const { transport, infos, sleeps } = harness(url, {
    secrets: sgpSecrets(auth),
    maxAttempts: 3,
    ...options.transport,
  });
  return { client: createSgpClient({ transport, auth, ...options.client }), infos, sleeps };
}
