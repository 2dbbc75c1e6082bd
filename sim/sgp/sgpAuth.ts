/**
 * SGP's credential check as integrators see it (SGP-API.md): token + app in the parameters, or
 * HTTP Basic with an SGP user. Both bodies are the exact Portuguese texts SGP answers with.
 */
export const sgpAuthErrors = {
  incorrect: { detail: 'Credenciais de autenticação incorretas.' },
  missing: { detail: 'As credenciais de autenticação não foram fornecidas.' },
} as const;

export interface SgpCredentials {
  readonly token: string;
  readonly app: string;
  readonly basicUser: string;
  readonly basicPassword: string;
}

function decodeBasic(header: string | undefined): { user: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Returns the 403 body to answer, or undefined when the caller is authenticated. Token and app
 * are compared exactly (case-sensitive, as SGP does); a pair with one half missing counts as no
 * credentials, like SGP's authentication class that does not even try it.
 */
export function checkSgpCredentials(
  credentials: SgpCredentials,
  token: unknown,
  app: unknown,
  authorization: string | undefined,
): (typeof sgpAuthErrors)[keyof typeof sgpAuthErrors] | undefined {
  const given = (v: unknown): v is string => typeof v === 'string' && v !== '';
  if (given(token) && given(app)) {
    return token === credentials.token && app === credentials.app ? undefined : sgpAuthErrors.incorrect;
  }
  const basic = decodeBasic(authorization);
  if (basic) {
    const ok = basic.user === credentials.basicUser && basic.password === credentials.basicPassword;
    return ok ? undefined : sgpAuthErrors.incorrect;
  }
  return sgpAuthErrors.missing;
}
