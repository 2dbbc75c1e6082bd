/**
 * Authentication for every OZmap request (docs/OZMAP-API.md "Base URL and authentication"): the API key
 * as the raw `Authorization` header [sdk]/[doc], or a token from
 * `POST /api/v2/users/login?type=API` [sdk], obtained once, shared by concurrent requests, and
 * obtained again when a request answers 401 (an expired token), as the SDK does.
 */
import type { HttpTransport, UpstreamRequest, UpstreamResponse } from '../upstream/httpTransport.ts';
import { UpstreamError, UpstreamErrorCode } from '../upstream/upstreamError.ts';

export type OzmapAuth = { readonly apiKey: string } | { readonly login: string; readonly password: string };

export interface OzmapSession {
  /** Sends the request with the credential; in login mode, logs in again once on a 401. */
  send(request: UpstreamRequest): Promise<UpstreamResponse>;
}

const ozmapLoginPath = '/api/v2/users/login';

export function createOzmapSession(transport: HttpTransport, auth: OzmapAuth): OzmapSession {
  if ('apiKey' in auth) {
    return {
      send: (request) =>
        transport.request(withAuthorization(request, auth.apiKey)).catch((error: unknown) => {
          throw explainOzmapCredentials(
            error,
            'OZMAP_API_KEY (the raw key of an OZmap user with the API module, no "Bearer ")',
          );
        }),
    };
  }
  const credentials = auth;
  let token: Promise<string> | null = null;

  function currentToken(): Promise<string> {
    if (token === null) {
      token = login(transport, credentials);
      // A failed login is not cached: the next request tries again.
      token.catch(() => {
        token = null;
      });
    }
    return token;
  }

  return {
    async send(request) {
      const used = await currentToken().catch((error: unknown) => {
        throw explainOzmapCredentials(error, 'OZMAP_LOGIN and OZMAP_PASSWORD');
      });
      try {
        return await transport.request(withAuthorization(request, used));
      } catch (error) {
        if (!(error instanceof UpstreamError) || error.code !== UpstreamErrorCode.credentials) throw error;
        // Only the first request to see the expired token logs in again; the others reuse it.
        if (token !== null && (await token.catch(() => null)) === used) token = null;
        return transport.request(withAuthorization(request, await currentToken())).catch((again: unknown) => {
          throw explainOzmapCredentials(again, 'OZMAP_LOGIN and OZMAP_PASSWORD');
        });
      }
    },
  };
}

/** OZmap refusing the credentials, as a configuration error that names OZmap and what to check. */
function explainOzmapCredentials(error: unknown, variables: string): unknown {
  if (!(error instanceof UpstreamError) || error.code !== UpstreamErrorCode.credentials) return error;
  const { status, method, path } = error.details;
  return new UpstreamError(
    UpstreamErrorCode.credentials,
    `OZmap rejected the credentials (${status ?? 401} on ${method} ${path}): check ${variables}.`,
    error.details,
    { cause: error },
  );
}

function withAuthorization(request: UpstreamRequest, credential: string): UpstreamRequest {
  return { ...request, headers: { ...request.headers, authorization: credential } };
}

async function login(transport: HttpTransport, auth: { login: string; password: string }): Promise<string> {
  // Set by the check of the accepted answer (the check runs once per attempt).
  const answer: { token?: string } = {};
  try {
    await transport.request({
      method: 'POST',
      path: ozmapLoginPath,
      query: { type: 'API' },
      body: { kind: 'json', value: { login: auth.login, password: auth.password } },
      // Logging in twice is harmless: retry it like a read.
      retry: 'safe',
      check(response) {
        answer.token = readToken(response.text);
        return answer.token === undefined
          ? { code: UpstreamErrorCode.badResponse, problem: 'the login answer has no "authorization" token' }
          : undefined;
      },
    });
  } catch (error) {
    // The login answer may hold a token or echo the password: never let its body out.
    if (error instanceof UpstreamError) {
      const { body: _body, ...details } = error.details;
      throw new UpstreamError(error.code, error.message, details);
    }
    throw error;
  }
  if (answer.token === undefined) throw new Error('OZmap login: the accepted answer had no token');
  return answer.token;
}

function readToken(text: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    const value = (parsed as { authorization?: unknown } | null)?.authorization;
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}
