import { generateFixtures } from '../../sim/generate/generateFixtures.ts';
import type { OzmapFixture } from '../../sim/ozmap/ozmapFixture.ts';
import type { SgpFixture } from '../../sim/sgp/sgpFixture.ts';
import { createRandom } from '../../sim/shared/random.ts';

/** A generated network with work for every kind of cycle: creations, drift to fix, cancellations. */
export interface World {
  readonly sgp: SgpFixture;
  readonly ozmap: OzmapFixture;
  /** Every contract whose SGP status is a cancellation (3 Cancelado, 5 Inviabilidade Técnica). */
  readonly cancelled: readonly string[];
  /** Every contract code SGP lists. */
  readonly codes: readonly string[];
  readonly key: string;
}

interface Contrato {
  contrato?: unknown;
  status?: unknown;
}

export function contractsOf(sgp: SgpFixture): Contrato[] {
  return sgp.clientes.flatMap((c) => (c as { contratos?: Contrato[] }).contratos ?? []);
}

/**
 * `generateFixtures` plus a seeded share of the contracts already in OZmap turned "Cancelado" in
 * SGP, so that cancellation cycles have both implanted clients (R5.2) and withdrawals (R5.3).
 */
export function buildWorld(options: { contracts: number; seed: number; cancelShare?: number }): World {
  const generated = generateFixtures({ contracts: options.contracts, seed: options.seed });
  const sgp = structuredClone(generated.sgp);
  const inOzmap = new Set((generated.ozmap.ftthClients ?? []).map((c) => String(c.code)));
  const random = createRandom(options.seed ^ 0x5eed);
  for (const contrato of contractsOf(sgp)) {
    if (inOzmap.has(String(contrato.contrato)) && random.chance(options.cancelShare ?? 0.25))
      contrato.status = 'Cancelado';
  }
  return {
    sgp,
    ozmap: generated.ozmap,
    cancelled: cancelledCodes(sgp),
    codes: contractsOf(sgp).map((c) => String(c.contrato)),
    key: `${options.contracts}:${options.seed}:${options.cancelShare ?? 0.25}`,
  };
}

// R1.3, restated here on purpose: the checks must not borrow the code they check.
const foldStatus = (value: unknown): string =>
  String(value ?? '')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
const CANCEL_STATUSES = new Set(['cancelado', 'inviabilidade tecnica', '3', '5']);

/** Contracts whose SGP status is a cancellation status (default CANCEL_STATUSES 3,5). */
export function cancelledCodes(sgp: SgpFixture): string[] {
  return contractsOf(sgp)
    .filter((c) => CANCEL_STATUSES.has(foldStatus(c.status)))
    .map((c) => String(c.contrato));
}

/** The same SGP data with its cancelled contracts active again: a start with nothing to remove. */
export function withoutCancellations(sgp: SgpFixture): SgpFixture {
  const copy = structuredClone(sgp);
  for (const contrato of contractsOf(copy))
    if (CANCEL_STATUSES.has(foldStatus(contrato.status))) contrato.status = 'Ativo';
  return copy;
}

/** The same SGP data with every contract's status replaced (the mass-deletion scenarios). */
export function withEveryStatus(sgp: SgpFixture, status: string): SgpFixture {
  const copy = structuredClone(sgp);
  for (const contrato of contractsOf(copy)) contrato.status = status;
  return copy;
}
