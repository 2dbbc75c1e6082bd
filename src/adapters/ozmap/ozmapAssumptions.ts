/**
 * Every point of OZmap's API that the service ASSUMES or INFERS rather than knows, in one place,
 * so that a real tenant that behaves otherwise is corrected here and nowhere else. Each entry
 * cites docs/OZMAP-API.md (the section and its mark). Documented facts ([sdk]/[doc]) live with
 * the code that uses them; only the guesses live here.
 */
import type { OzClientStatus } from '../../domain/ozmap/ozmapObjects.ts';

/** One condition of OZmap's list filter (docs/OZMAP-API.md "Lists, filters, pages" [sdk]). */
export interface OzmapFilterCondition {
  readonly property: string;
  readonly operator: '=' | '!=' | 'like' | '<' | '<=' | '>' | '>=' | 'in' | 'notin' | 'exists';
  readonly value: unknown;
}

export const ozmapAssumptions = {
  /**
   * The longest client name and property address OZmap accepts, in characters (docs/OZMAP-API.md
   * "Objects and fields": no limit is documented [assumed]). Chosen as what OZmap's forms and
   * the databases behind similar tools commonly cap (255 for a name, 500 for an address), well
   * above any real name or Brazilian address line. A longer SGP value is not written (a name
   * then blocks a creation), never truncated (sgpFieldBounds.ts).
   */
  textLimits: { clientName: 255, address: 500 },

  /**
   * Paging parameter. docs/OZMAP-API.md documents `page` (from 1) [sdk]/[doc] and infers that the
   * server also takes `skip`, which its `nextUrl` carries [inferred from the SDK]. We send the
   * documented `page` and compute every page from `total`, so pages after the first can be read
   * at once; switch to `skip` here if a tenant ignores `page`.
   */
  paging: { param: 'page' as 'page' | 'skip', firstPage: 1 },

  /**
   * Page size. The SDK reads 100 rows a page; larger limits are not documented [assumed]
   * (docs/OZMAP-API.md "Lists, filters, pages"). Configurable as OZMAP_PAGE_SIZE.
   */
  defaultPageSize: 100,

  /**
   * A stable order for paging. Without one, MongoDB may return rows in a different order from one
   * page to the next and a record could be skipped or read twice. Sorting by `_id` in the query
   * string's `sort` parameter (docs/OZMAP-API.md lists `sort` [sdk]/[doc]; its use for stable paging is
   * [assumed]).
   */
  stableSort: [{ property: '_id', direction: 1 }] as const,

  /**
   * Filters go in the query string as JSON, as OZmap's wiki shows [doc]; the SDK puts them in a
   * JSON body on the GET [sdk], which some proxies drop (docs/OZMAP-API.md "Lists, filters, pages").
   * `select` is one string in the SDK's types [sdk]; that its fields are separated by spaces, as
   * MongoDB's projection strings are, is [assumed] (the simulator accepts spaces and commas).
   */
  selectSeparator: ' ',

  /** The splitters of a box: a filter on `parent` [assumed] (docs/OZMAP-API.md "Objects and fields"). */
  splittersOfBox: (boxId: string): readonly OzmapFilterCondition[] => [
    { property: 'parent', operator: '=', value: boxId },
  ],

  /**
   * Splitter output ports are numbered from 1 in `POST properties {connector, port}` and in a
   * property's `connections[].port`, and `connectables.output[i]` is port `i + 1`
   * (docs/OZMAP-API.md "Calls the service makes": port numbering from 1 [assumed]). The SDK's
   * `ports[].index` is ignored: ports are read by position.
   */
  firstPortNumber: 1,

  /**
   * Detaching the client from its property: `PATCH properties/<id>` with `{client: null}`
   * [assumed] (docs/OZMAP-API.md "Calls the service makes").
   */
  detachClientPatch: { client: null } as const,

  /**
   * A new client on an existing property (R5.8, reactivation): `POST ftth-clients` [sdk], then
   * `PATCH properties/<id>` with `{client: <clientId>}` [assumed] (docs/OZMAP-API.md "Calls the
   * service makes"), the mirror of the detach above.
   */
  attachClientPatch: (clientId: string) => ({ client: clientId }),

  /**
   * Connecting an unconnected property, or moving it to another box's splitter port (R4.8):
   * `PATCH properties/<id>` with `{box, connector, port}` [assumed], the fields `POST properties`
   * takes [sdk]; OZmap is assumed to free the old port in the same write (docs/OZMAP-API.md
   * "Calls the service makes"). `doctor` checks that a property's `connections` carry the
   * splitter and port this relies on.
   */
  connectPatch: (target: { readonly boxId: string; readonly splitterId: string; readonly port: number }) => ({
    box: target.boxId,
    connector: target.splitterId,
    port: target.port,
  }),

  /**
   * Deleted objects may be soft-deleted and still listed with `deletedAt` [assumed] (docs/OZMAP-API.md
   * end of "Calls the service makes"): such a record is skipped, as if absent.
   */
  isSoftDeleted: (raw: Readonly<Record<string, unknown>>): boolean =>
    raw.deletedAt !== undefined && raw.deletedAt !== null,

  /**
   * Client status: numbers `0` OK / `1` ERROR [sdk]; very old tenants answered the strings
   * "OK"/"ERROR" (docs/OZMAP-API.md "Objects and fields"), so both are read; only numbers are written.
   */
  legacyClientStatus: { OK: 0, ERROR: 1 } as const satisfies Record<string, OzClientStatus>,

  /**
   * Throttling: no rate limit is documented; 429 and 503 are treated as "slow down and retry"
   * [assumed] (docs/OZMAP-API.md "Base URL and authentication"). The shared HTTP transport retries both
   * with backoff (honouring Retry-After); this client adds nothing, and a page that stays
   * throttled makes the read incomplete.
   */
  throttledStatuses: [429, 503] as const,

  /**
   * A property is created with its box's project: the SDK's create DTO requires `project` [sdk],
   * the wiki's example does not send it; that the box's project is the right one is [assumed].
   */
  propertyProjectFromBox: true,

  /**
   * Whether deleting a client deletes its property (or the reverse) is unknown; the engine does
   * both, and a 404 on delete means "already gone" (docs/OZMAP-API.md "Calls the service makes").
   */
  deleteNotFoundMeansAbsent: true,

  /**
   * Who last changed a record. The SDK's base model carries `creatorData` (who created it) and
   * `updatedAt` [sdk], and no last editor; that OZmap exposes none anywhere is [assumed]
   * (docs/OZMAP-API.md "Objects and fields"). So a contested field (docs/RULES.md R9.4) records
   * `changedBy: null`, "unknown", never the creator. Name the field here if a tenant has one.
   */
  lastEditorField: null as string | null,
} as const;
