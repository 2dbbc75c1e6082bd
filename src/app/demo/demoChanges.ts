import type { FastifyInstance } from 'fastify';
import { createRandom } from '../../../sim/shared/random.ts';

/** What the demo changes in SGP on each tick, so that cycles visibly do things. */
export interface DemoTick {
  readonly renamed: number;
  readonly rxDrifted: number;
  readonly toggled: number;
  readonly added: number;
  readonly cancelled: number;
}

const NEW_SURNAMES = ['Albuquerque', 'Nogueira', 'Bezerra', 'Cavalcanti', 'Teixeira', 'Moura', 'Siqueira'];

/**
 * Edits the SGP simulator the way people edit SGP: renames, RX drift, ONUs going on and
 * offline, new contracts appearing (held back from the generated fixture) and cancellations.
 * Deterministic from the seed.
 */
export function createDemoChanges(
  sgp: FastifyInstance,
  options: { seed: number; codes: readonly string[]; heldBack: readonly unknown[] },
) {
  const { next: random, pick } = createRandom(options.seed);
  const heldBack = [...options.heldBack];
  const codes = [...options.codes];
  const edit = async (code: string, body: Record<string, unknown>): Promise<boolean> => {
    const response = await sgp.inject({ method: 'PATCH', url: `/__sim/contracts/${code}`, payload: body });
    return response.statusCode < 300;
  };

  return async function tick(): Promise<DemoTick> {
    let renamed = 0;
    let rxDrifted = 0;
    let toggled = 0;
    let added = 0;
    let cancelled = 0;
    for (let i = 0; i < 3; i++)
      if (
        await edit(pick(codes), { nome: `${pick(['Ana', 'Bruno', 'Carla', 'Diego', 'Elisa'])} ${pick(NEW_SURNAMES)}` })
      )
        renamed++;
    for (let i = 0; i < 6; i++) if (await edit(pick(codes), { rx: (-18 - random() * 9).toFixed(2) })) rxDrifted++;
    for (let i = 0; i < 4; i++) if (await edit(pick(codes), { online: random() < 0.5 })) toggled++;
    const next = heldBack.shift();
    if (next !== undefined) {
      const response = await sgp.inject({
        method: 'POST',
        url: '/__sim/clientes',
        payload: next as Record<string, unknown>,
      });
      if (response.statusCode < 300) added++;
    }
    if (random() < 0.5 && (await edit(pick(codes), { status: 'Cancelado' }))) cancelled++;
    return { renamed, rxDrifted, toggled, added, cancelled };
  };
}
