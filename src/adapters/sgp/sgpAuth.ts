import { UpstreamError, UpstreamErrorCode } from '../upstream/upstreamError.ts';

/** Token + app (SGP: Administração -> Integrações -> Tokens), or an SGP user with HTTP Basic. */
export type SgpAuth =
  { readonly token: string; readonly app: string } | { readonly user: string; readonly password: string };

/** Where the credentials go in one request: fields (body of a POST, query of a GET) and headers. */
export interface SgpCredentials {
  readonly fields: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
}

export function sgpCredentials(auth: SgpAuth): SgpCredentials {
  if ('token' in auth) return { fields: { token: auth.token, app: auth.app }, headers: {} };
  return { fields: {}, headers: { authorization: `Basic ${basic(auth)}` } };
}

/**
 * The values the SGP transport must scrub (`createHttpTransport({ secrets })`): the token, or
 * the password and the Basic header value that encodes it.
 */
export function sgpSecrets(auth: SgpAuth): string[] {
  return 'token' in auth ? [auth.token] : [auth.password, basic(auth)];
}

function basic(auth: { readonly user: string; readonly password: string }): string {
  return Buffer.from(`${auth.user}:${auth.password}`, 'utf8').toString('base64');
}

/**
 * SGP's two documented refusals (docs/SGP-API.md) as a configuration error that says what to check.
 * Returns the error unchanged when it is not a credentials error.
 */
export function explainCredentialsError(error: UpstreamError, auth: SgpAuth): UpstreamError {
  if (error.code !== UpstreamErrorCode.credentials) return error;
  const body = error.details.body ?? '';
  const variables =
    'token' in auth ? 'SGP_TOKEN and SGP_APP (the app name is case-sensitive)' : 'SGP_USER and SGP_PASSWORD';
  const status = error.details.status ?? 403;
  let message: string;
  // Matched on ASCII words: the accents may arrive raw or as \u escapes.
  if (/incorretas/i.test(body)) {
    message = `SGP rejected the credentials as wrong (${status} "Credenciais de autenticação incorretas."): check ${variables}.`;
  } else if (/fornecidas/i.test(body)) {
    message =
      `SGP did not accept the credentials (${status} "As credenciais de autenticação não foram fornecidas."): ` +
      `check that ${variables} are set, that the token is active, that this host's IP is in the token's ` +
      `allowed hosts, and that its user may use ${error.details.path}.`;
  } else {
    message = `SGP refused access (${status}) to ${error.details.method} ${error.details.path}: check ${variables} and the token's permissions.`;
  }
  return new UpstreamError(UpstreamErrorCode.credentials, message, error.details, { cause: error });
}
