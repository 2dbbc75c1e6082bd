import type { RxDegradationReport } from '../../domain/insights/rxDegradation.ts';

/** A field as a Brazilian spreadsheet reads it: quoted when it holds `;`, a quote or a line break. */
function field(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'sim' : 'não';
  // Decimal comma: Excel and LibreOffice in pt-BR read "3,5" as a number, "3.5" as text or a date.
  const text = typeof value === 'number' ? String(value).replace('.', ',') : value;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const HEADER = [
  'contrato',
  'nome',
  'caixa (CTO)',
  'splitter',
  'PON (OLT/slot/PON)',
  'RX início (dBm)',
  'RX fim (dBm)',
  'piora (dB)',
  'caixa: falha provável',
  'splitter: falha provável',
  'PON: falha provável',
];

/**
 * The degraded clients as CSV that opens right in a Brazilian spreadsheet: a UTF-8 BOM (or
 * Excel reads the accents as Latin-1), `;` between fields (the comma is the decimal mark), CRLF.
 */
export function rxDegradationCsv(report: RxDegradationReport): string {
  const flagged = (places: RxDegradationReport['boxes']) =>
    new Set(places.filter((p) => p.likelyFault).map((p) => p.place));
  const boxes = flagged(report.boxes);
  const splitters = flagged(report.splitters);
  const pons = flagged(report.pons);
  const rows = report.clients.map((c) => [
    c.code,
    c.name,
    c.box,
    c.splitter,
    c.pon,
    c.firstDbm,
    c.lastDbm,
    c.dropDb,
    c.box !== null && boxes.has(c.box),
    c.box !== null && c.splitter !== null && splitters.has(`${c.box} / ${c.splitter}`),
    c.pon !== null && pons.has(c.pon),
  ]);
  return `\uFEFF${[HEADER, ...rows].map((row) => row.map(field).join(';')).join('\r\n')}\r\n`;
}
