import { redactUrl } from '../../domain/redaction.ts';
import { UpstreamErrorCode, type Upstream } from './upstreamError.ts';

const NAME: Record<Upstream, string> = { sgp: 'SGP', ozmap: 'OZmap' };
const URL_SETTING: Record<Upstream, string> = { sgp: 'SGP_URL', ozmap: 'OZMAP_URL' };

/**
 * What a person reads after a request that never got an answer (refused, unresolved, TLS,
 * timeout): the URL it went to, redacted, and the setting to check. Empty for the failures
 * whose message already says what to do (credentials, a bad answer, a 4xx).
 */
export function reachAdvice(upstream: Upstream, code: UpstreamErrorCode, base: string, timeoutMs: number): string {
  const url = redactUrl(base);
  const name = NAME[upstream];
  const setting = URL_SETTING[upstream];
  if (code === UpstreamErrorCode.connection) {
    return ` (${url}): check ${setting} (scheme http/https, host and port) and that ${name} is reachable from this host`;
  }
  if (code === UpstreamErrorCode.timeout) {
    return ` (${url}, REQUEST_TIMEOUT ${timeoutMs / 1000} s): check ${setting} and that ${name} answers from this host; raise REQUEST_TIMEOUT if it is only slow`;
  }
  return '';
}
