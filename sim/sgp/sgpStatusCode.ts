/**
 * SGP keeps a contract's status as a code and shows it as text; `/api/ura/clientes/` returns the
 * text and its `contrato_status` filter takes codes. The simulator holds the text (that is what
 * the fixture has), so it maps back to filter, tolerating the padding and case seen in real
 * data. Text it does not know has no code and matches no filter.
 */
const codeByText: Readonly<Record<string, number>> = {
  ativo: 1,
  inativo: 2,
  cancelado: 3,
  suspenso: 4,
  'inviabilidade tecnica': 5,
  novo: 6,
  'ativo v. reduzida': 7,
};

// The same few texts come back for every contract: normalise each once.
const cache = new Map<string, number | undefined>();

export function sgpStatusCode(status: unknown): number | undefined {
  if (typeof status === 'number') return Number.isInteger(status) && status >= 1 && status <= 7 ? status : undefined;
  if (typeof status !== 'string') return undefined;
  if (cache.has(status)) return cache.get(status);
  const code = codeOfText(status);
  if (cache.size < 1000) cache.set(status, code);
  return code;
}

function codeOfText(status: string): number | undefined {
  const text = status
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
  if (/^[1-7]$/.test(text)) return Number(text);
  return codeByText[text];
}

/** The text SGP shows for each code, for edits that give a code. */
export const sgpStatusText: Readonly<Record<number, string>> = {
  1: 'Ativo',
  2: 'Inativo',
  3: 'Cancelado',
  4: 'Suspenso',
  5: 'Inviabilidade Técnica',
  6: 'Novo',
  7: 'Ativo V. Reduzida',
};
