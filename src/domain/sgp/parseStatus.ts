import { ContractStatus } from './contractSnapshot.ts';
import type { ContractStatusCode } from './contractSnapshot.ts';
import { collapseWhitespace } from './normaliseText.ts';
import { parseDecimal } from './parseDecimal.ts';
import type { SgpScalar } from './sgpContractRecord.ts';

/** R1.3: the status texts, already folded by `foldStatusText`. */
const STATUS_BY_TEXT: ReadonlyMap<string, ContractStatusCode> = new Map<string, ContractStatusCode>([
  ['ativo', ContractStatus.ativo],
  ['inativo', ContractStatus.inativo],
  ['cancelado', ContractStatus.cancelado],
  ['suspenso', ContractStatus.suspenso],
  ['inviabilidade tecnica', ContractStatus.inviabilidadeTecnica],
  ['novo', ContractStatus.novo],
  ['ativo v. reduzida', ContractStatus.ativoReduzido],
  // Misspelt this way on some SGP installs; docs/RULES.md R1.3 lists it on purpose.
  ['ativo v. reduzia', ContractStatus.ativoReduzido],
  ['ativo reduzido', ContractStatus.ativoReduzido],
  ['reduzido', ContractStatus.ativoReduzido],
]);

const STATUS_CODES: readonly number[] = Object.values(ContractStatus);

function isStatusCode(value: number): value is ContractStatusCode {
  return STATUS_CODES.includes(value);
}

/**
 * Folds a status text for lookup: lower-case, accents stripped (NFD, then every combining mark
 * removed), trimmed, inner whitespace collapsed. Lower-casing comes first because lower-casing
 * itself can produce a combining mark ("İ" -> "i" + U+0307), which the next step then removes.
 */
function foldStatusText(text: string): string {
  return collapseWhitespace(text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, ''));
}

/**
 * R1.3: the contract status code, or 'unknown'. A known text maps to its code; otherwise an
 * integer 1-7, sent as a number or as a numeral (" 3 ", and "3.0", which is the same value as
 * the JSON number 3.0), is that code. Everything else, booleans included (`true` is not 1 here:
 * guessing a status could cancel a client), is 'unknown'.
 */
export function parseStatus(value: SgpScalar): ContractStatusCode | 'unknown' {
  if (typeof value === 'string') {
    const byText = STATUS_BY_TEXT.get(foldStatusText(value));
    if (byText !== undefined) return byText;
  }
  const code = parseDecimal(value);
  return code !== null && isStatusCode(code) ? code : 'unknown';
}

/** The status exactly as SGP sent it, as text, for the audit trail ('' for null). */
export function statusText(value: SgpScalar): string {
  return value === null ? '' : String(value);
}
