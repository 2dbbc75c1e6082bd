/**
 * Every refusal the OZmap simulator answers, with a stable code and status declared in one
 * place, so that tests and the client match on the code rather than on message text.
 */
import type { ZodType } from 'zod';

export const OzmapSimErrorCode = {
  unauthorized: { code: 'UNAUTHORIZED', status: 401 },
  notFound: { code: 'NOT_FOUND', status: 404 },
  badRequest: { code: 'BAD_REQUEST', status: 400 },
  invalidFilter: { code: 'INVALID_FILTER', status: 400 },
  limitTooLarge: { code: 'LIMIT_TOO_LARGE', status: 400 },
  boxNotFound: { code: 'BOX_NOT_FOUND', status: 400 },
  splitterNotFound: { code: 'SPLITTER_NOT_FOUND', status: 400 },
  splitterNotInBox: { code: 'SPLITTER_NOT_IN_BOX', status: 400 },
  clientNotFound: { code: 'CLIENT_NOT_FOUND', status: 400 },
  portOutOfRange: { code: 'PORT_OUT_OF_RANGE', status: 400 },
  portOccupied: { code: 'PORT_OCCUPIED', status: 409 },
  portBlocked: { code: 'PORT_BLOCKED', status: 409 },
  notConnected: { code: 'NOT_CONNECTED', status: 409 },
} as const;
export type OzmapSimErrorKind = keyof typeof OzmapSimErrorCode;

export class OzmapSimError extends Error {
  override readonly name = 'OzmapSimError';
  readonly code: string;
  readonly statusCode: number;
  constructor(kind: OzmapSimErrorKind, message: string) {
    super(message);
    this.code = OzmapSimErrorCode[kind].code;
    this.statusCode = OzmapSimErrorCode[kind].status;
  }
}

export function simError(kind: OzmapSimErrorKind, message: string): OzmapSimError {
  return new OzmapSimError(kind, message);
}

/** Parses a request body with a zod schema, answering 400 with the field and the problem. */
export function parseBody<T>(schema: ZodType<T>, body: unknown, what: string): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') || '(body)';
  throw simError('badRequest', `${what}: field ${field}: ${issue?.message ?? 'invalid'}`);
}
