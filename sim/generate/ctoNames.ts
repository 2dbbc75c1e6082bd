import type { Random } from '../shared/random.ts';
import type { bairros } from './brazilianData.ts';

type Bairro = (typeof bairros)[number];

const letters = 'ABCDEFGHJKLMNPRSTUVWXZ';

const schemes = { bairro: 55, coded: 15, cx: 15, plain: 15 } as const;

/** The naming schemes seen on real networks: `CTO-CENTRO-01`, `CTO-AB1-(CM)`, `CX-023`, `Cto Aliados`. */
function candidateName(random: Random, bairro: Bairro, serial: number): string {
  const two = (): string =>
    `${letters[random.int(0, letters.length - 1)] ?? 'A'}${letters[random.int(0, letters.length - 1)] ?? 'A'}`;
  switch (random.weighted(schemes)) {
    case 'bairro':
      return `CTO-${bairro.code}-${String(random.int(1, 40)).padStart(2, '0')}`;
    case 'coded':
      return `CTO-${two()}${random.int(1, 9)}-(${two()})`;
    case 'cx':
      return `CX-${String(serial).padStart(3, '0')}`;
    case 'plain':
      return `Cto ${bairro.name}${random.chance(0.6) ? ` ${random.int(2, 12)}` : ''}`;
  }
}

/** A CTO name not used yet: SGP keeps them unique, OZmap does not (see duplicated boxes). */
export function uniqueCtoName(random: Random, bairro: Bairro, serial: number, used: Set<string>): string {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const name = candidateName(random, bairro, serial);
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  // Crowded naming space (very large networks): a serial makes it unique.
  const name = `CTO-${bairro.code}-${serial}`;
  used.add(name);
  return name;
}

function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

function caseVariant(name: string): string {
  const lower = name.toLowerCase();
  return lower !== name ? lower : name.toUpperCase();
}

function spacingVariant(random: Random, name: string): string {
  if (name.includes('-') && random.chance(0.5)) return name.replace('-', ' - ');
  if (name.includes(' ')) return name.replace(' ', '  ');
  return name.replace('-', '_');
}

function accentVariant(name: string): string {
  const stripped = stripAccents(name);
  if (stripped !== name) return stripped;
  // No accent to drop: add one where people type it by mistake.
  return name.replace(/[Oo](?=[^Oo]*$)/, (o) => (o === 'O' ? 'Ó' : 'ó'));
}

function typoVariant(random: Random, name: string): string {
  if (/0/.test(name) && random.chance(0.5)) return name.replace('0', 'O');
  const at = random.int(1, Math.max(1, name.length - 2));
  // Swap two neighbours, or drop one character.
  return random.chance(0.5) && name[at] !== name[at + 1]
    ? `${name.slice(0, at)}${name[at + 1] ?? ''}${name[at] ?? ''}${name.slice(at + 2)}`
    : `${name.slice(0, at)}${name.slice(at + 1)}`;
}

export type NameDrift = 'case' | 'spacing' | 'accent' | 'typo';

/**
 * The OZmap box name for an SGP CTO name typed "slightly differently". Always differs from the
 * original after trimming, so that an exact match fails and only an alias (or, for `case`, the
 * case-insensitive option) finds the box.
 */
export function driftedName(random: Random, name: string, drift: NameDrift): string {
  const variant =
    drift === 'case'
      ? caseVariant(name)
      : drift === 'spacing'
        ? spacingVariant(random, name)
        : drift === 'accent'
          ? accentVariant(name)
          : typoVariant(random, name);
  return variant.trim() !== name.trim() ? variant : `${name}-A`;
}
