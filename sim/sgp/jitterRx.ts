import { z } from 'zod';
import { createRandom } from '../shared/random.ts';
import { asObject, contractsOf, ftthServiceOf } from './sgpRecords.ts';

/**
 * Real OLTs never read the same power twice: between two sweeps most ONUs move by a few
 * hundredths of a dB. `share` of the contracts with a numeric RX reading move by 0.01 to `maxDb`
 * up or down (in hundredths, so each move changes the value at two decimals, RULES R4.2), the
 * reading keeping its decimal comma or dot; placeholders and empty readings stay as they are.
 */
export const RxJitter = z.strictObject({
  share: z.number().min(0).max(1),
  maxDb: z.number().min(0.01).max(5).default(0.05),
  seed: z.number().int().default(1),
});
export type RxJitter = z.input<typeof RxJitter>;

const READING = /^-?\d+([.,])\d+$/;

/** Moves the readings in place; returns how many moved. */
export function jitterRx(clientes: readonly unknown[], options: RxJitter): number {
  const { share, maxDb, seed } = RxJitter.parse(options);
  const random = createRandom(seed);
  const maxHundredths = Math.max(1, Math.round(maxDb * 100));
  let moved = 0;
  for (const cliente of clientes) {
    for (const contract of contractsOf(cliente) ?? []) {
      const onu = asObject(ftthServiceOf(contract)?.onu);
      const rx = onu?.rx;
      if (!onu || typeof rx !== 'string') continue;
      const match = READING.exec(rx.trim());
      if (!match || random.next() >= share) continue;
      const value = Number(rx.trim().replace(',', '.'));
      if (value <= -99) continue; // -99.999 and the like: "no reading", not a power
      const delta = random.int(1, maxHundredths) * (random.chance(0.5) ? 1 : -1);
      const text = ((Math.round(value * 100) + delta) / 100).toFixed(2);
      onu.rx = match[1] === ',' ? text.replace('.', ',') : text;
      moved += 1;
    }
  }
  return moved;
}
