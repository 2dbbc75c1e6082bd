import type { HttpTransport, ResponseProblem, UpstreamRequest } from '../upstream/httpTransport.ts';
import { UpstreamError } from '../upstream/upstreamError.ts';

/**
 * Sends `request` and returns its body parsed by `parse`, validating inside the transport's
 * retry loop through the `check` hook: an HTML page or a truncated body with status 200 is
 * retried like a 5xx, within the same attempt budget, backoff and rate limit, and the body is
 * parsed once per attempt rather than again afterwards.
 */
export async function requestParsed<T extends object>(
  transport: HttpTransport,
  request: Omit<UpstreamRequest, 'check'>,
  parse: (text: string) => T | ResponseProblem,
): Promise<T> {
  let accepted: T | undefined;
  const response = await transport.request({
    ...request,
    check: (candidate) => {
      const result = parse(candidate.text);
      if (isProblem(result)) return result;
      accepted = result;
      return undefined;
    },
  });
  if (accepted !== undefined) return accepted;
  // A transport that ignores `check` (a test double): validate here, without retries.
  const result = parse(response.text);
  if (!isProblem(result)) return result;
  throw new UpstreamError(
    result.code,
    `${transport.upstream.toUpperCase()} ${request.method} ${request.path}: ${result.problem}`,
    {
      upstream: transport.upstream,
      method: request.method,
      path: request.path,
      status: response.status,
      attempts: 1,
    },
  );
}

function isProblem(value: object): value is ResponseProblem {
  return 'code' in value && 'problem' in value;
}
