import { contractStream } from '../domain/events/streams.ts';
import type { OzmapIndex } from '../domain/planner/ozmapIndex.ts';
import { planLinks } from '../domain/planner/planLinks.ts';
import type { ContractRow } from '../projections/contractRow.ts';
import type { EngineDeps } from './engine.ts';
import type { ExecutionContext } from './executeCommand.ts';

/**
 * Records `OzmapClientLinked` for each contract of this sweep whose client the cycle found in
 * OZmap and that was not linked to it yet. Before the commands run: a cancellation removing the
 * client follows the link in the trail. A read, not a write, so dry runs record links too. The
 * read models catch up after, so that the commands' appends start from the right revisions.
 */
export async function recordOzmapLinks(
  deps: Pick<EngineDeps, 'readModels' | 'projector'>,
  codes: readonly string[],
  index: OzmapIndex,
  ctx: Pick<ExecutionContext, 'writer' | 'cycleId' | 'now'>,
): Promise<number> {
  const rows: ContractRow[] = [];
  for (const code of new Set(codes)) {
    const row = deps.readModels.getContract(code);
    if (row?.snapshot) rows.push(row);
  }
  const links = planLinks(rows, index);
  for (const link of links) {
    await ctx.writer.append(contractStream(link.code), 'OzmapClientLinked', {
      v: 1,
      cycleId: ctx.cycleId,
      at: ctx.now().toISOString(),
      clientId: link.clientId,
      propertyId: link.propertyId,
      previous: link.previous,
      detail: link.detail,
    });
  }
  if (links.length > 0) await deps.projector.catchUp();
  return links.length;
}
