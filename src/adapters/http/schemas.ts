import { z } from 'zod';
import { ContractListState } from '../../domain/contractListState.ts';
import { CycleKind } from '../../domain/cycles.ts';
import { SkipReason } from '../../domain/planner/commands.ts';
import { CONTESTABLE_FIELDS, RESOLUTIONS } from '../../domain/contest/contestState.ts';
import { HTTP_ERRORS, type HttpErrorCode } from './httpErrors.ts';

/**
 * The request schemas of docs/api-contract.md (validated by zod, documented through
 * `openApiRouteSchema`) and the response schemas, which only document.
 */

const DEFAULT_PAGE_LIMIT = 50;
const MAX_PAGE_LIMIT = 200;

// A form or a dashboard sends `?state=` for "any": an empty value is a missing one.
const blank = (value: unknown): unknown => (value === '' ? undefined : value);

const limit = z.preprocess(
  blank,
  z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_LIMIT)
    .default(DEFAULT_PAGE_LIMIT)
    .describe(`page size, 1-${MAX_PAGE_LIMIT}`),
);
// Cursors are base64url text this API made; the page reader rejects one it cannot decode.
const cursor = z.preprocess(
  blank,
  z
    .string()
    .max(512)
    .regex(/^[A-Za-z0-9_-]+$/, 'not a page cursor')
    .optional()
    .describe('`nextCursor` of the previous page'),
);

export const pageQuery = z.object({ limit, cursor });

export const clientsQuery = z.object({
  search: z.preprocess(
    blank,
    z.string().max(100).optional().describe('a code prefix or part of a name; case and accents ignored'),
  ),
  state: z.preprocess(blank, ContractListState.optional()),
  skipReason: z.preprocess(blank, SkipReason.optional()),
  limit,
  cursor,
});

export const codeParams = z.object({
  code: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'a contract code is 1-64 letters, digits, ".", "_" or "-"'),
});

export const resolveContestBody = z.strictObject({
  code: codeParams.shape.code,
  field: z.enum(CONTESTABLE_FIELDS),
  resolution: z
    .enum(RESOLUTIONS)
    .describe('sgp: SGP wins from now on; ozmap: OZmap wins for this client; watch: watch again'),
});

export const historyQuery = pageQuery.extend({
  at: z.preprocess(
    blank,
    z.iso.datetime({ offset: true }).optional().describe('an ISO 8601 instant: answer the contract as it was then'),
  ),
});

export const triggerCycleBody = z.strictObject({ kind: CycleKind });

export const confirmBody = z.strictObject({
  hash: z.string().regex(/^[0-9a-f]{8,64}$/, 'the hash of the pending guard trip (hex), as GET /api/guard shows it'),
});

// ---- responses (documentation only) ----

/** The `response` entries of these error codes, one per HTTP status. */
export function errorResponses(...codes: HttpErrorCode[]): Record<number, z.ZodType> {
  const byStatus = new Map<number, HttpErrorCode[]>();
  for (const code of new Set(codes))
    byStatus.set(HTTP_ERRORS[code], [...(byStatus.get(HTTP_ERRORS[code]) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, group]) => [
      status,
      z
        .object({
          error: z.object({ code: z.enum(group as [HttpErrorCode, ...HttpErrorCode[]]), message: z.string() }),
        })
        .describe(group.join(', ')),
    ]),
  );
}

const any = (description: string) => z.looseObject({}).describe(description);

const pageOf = (item: z.ZodType, description: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() }).describe(description);

export const contractSummary = z.object({
  code: z.string(),
  name: z.string().nullable(),
  state: ContractListState,
  status: z.union([z.number().int(), z.literal('unknown')]).nullable(),
  cto: z.string().nullable(),
  ctoPort: z.number().int().nullable(),
  skipReason: SkipReason.nullable(),
  lastEventAt: z.string().nullable(),
  lastFailure: z.object({ code: z.string(), message: z.string(), at: z.string() }).nullable(),
});

export const responses = {
  health: z.object({ status: z.literal('ok') }).describe('the process is up'),
  ready: z
    .object({
      ready: z.boolean(),
      reasons: z.array(z.string()),
      problems: z
        .array(
          z.discriminatedUnion('code', [
            z.object({ code: z.literal('cycle-crashed'), kind: CycleKind, message: z.string() }),
            z.object({ code: z.literal('cycle-failed'), kind: CycleKind, message: z.string() }),
            z.object({ code: z.literal('cycle-incomplete'), kind: CycleKind }),
            z.object({ code: z.literal('guard-tripped'), removals: z.number().int(), hash: z.string() }),
          ]),
        )
        .describe('the same reasons as data, in the same order, for a page to say in its language'),
    })
    .describe('ready, or why not (503)'),
  meta: z
    .object({
      timezone: z.string(),
      dryRun: z.boolean(),
      nextRuns: z.object({ sync: z.string().nullable(), cancel: z.string().nullable() }),
      version: z.string(),
    })
    .describe('what the dashboard needs to know of the service'),
  clients: pageOf(contractSummary, 'a page of contracts, in code order'),
  client: z
    .object({
      contract: any('ContractRow'),
      listState: ContractListState,
      seenInOzmap: any('SeenInOzmap').nullable(),
    })
    .describe('one contract, with the state it is listed under'),
  history: z
    .union([
      pageOf(any('TimelineEntry'), 'page'),
      z.object({ at: z.string(), state: any('ContractRow').nullable(), listState: ContractListState.nullable() }),
    ])
    .describe('a page of the audit trail, oldest first; with `at`, the contract as it was then'),
  cycles: pageOf(any('CycleRow'), 'a page of cycles, newest first'),
  recordedPlans: z
    .object({
      sync: any('CyclePlan: the plan the last sync cycle recorded').nullable(),
      cancel: any('CyclePlan: the plan the last cancel cycle recorded').nullable(),
    })
    .describe('the plans the last cycles recorded, grouped by kind and reason'),
  livePlan: any('the plan of the next cycles, computed now, grouped like the recorded ones'),
  guard: any('GuardState: the guarded cancellation set waiting for confirmation, and the last releases'),
  skipped: z
    .object({
      reasons: z.array(z.object({ reason: z.string(), count: z.number(), codes: z.array(z.string()) })),
      unmatchedCtos: z.array(
        z.object({
          cto: z.string(),
          count: z.number(),
          codes: z.array(z.string()),
          suggestions: z.array(
            z.object({
              boxName: z.string(),
              why: z.enum(['case', 'spacing', 'accents', 'edit-distance']),
              distance: z.number(),
            }),
          ),
        }),
      ),
      aliasesSnippet: z.record(z.string(), z.string()),
    })
    .describe('why contracts were not created, and box names for the unmatched CTOs'),
  queued: z.object({ queued: z.literal(true), running: CycleKind.nullable() }).describe('the cycle is queued'),
  cycleReport: any('summary of the cancel cycle the confirmation ran'),
  contested: z
    .object({
      items: z.array(z.looseObject({ code: z.string(), field: z.string(), state: z.enum(['contested', 'override']) })),
    })
    .describe('the open contests (R9.4) and the per-client overrides (R9.5)'),
  resolved: z
    .object({ recorded: z.array(z.string()) })
    .describe('the events the decision appended to the contract stream'),
  replay: z
    .object({ applied: z.number(), contracts: z.number(), cycles: z.number(), identical: z.boolean() })
    .describe('read models rebuilt from the log'),
};

export const AUTH_ERRORS = {
  read: ['UNAUTHORIZED', 'READ_TOKEN_NOT_CONFIGURED'],
  admin: ['UNAUTHORIZED', 'ADMIN_TOKEN_NOT_CONFIGURED', 'RATE_LIMITED'],
} as const satisfies Record<string, HttpErrorCode[]>;
