import { describe, expect, it } from 'vitest';
import { rxDegradationCsv } from '../../../src/adapters/http/rxDegradationCsv.ts';
import type { RxDegradationReport } from '../../../src/domain/insights/rxDegradation.ts';

const report: RxDegradationReport = {
  from: '2026-11-01T00:00:00.000Z',
  to: '2026-12-01T00:00:00.000Z',
  settings: { rxDegradationDb: 3, rxWindowDays: 30, rxEdgeDays: 3, rxFaultShare: 0.5 },
  measured: 3,
  clients: [
    {
      code: '1',
      name: 'Ana; "Aninha" Souza',
      box: 'CTO-A',
      splitter: 'S1',
      pon: '1/1/1',
      firstDbm: -19.5,
      lastDbm: -24.25,
      dropDb: 4.75,
    },
    { code: '2', name: 'João', box: null, splitter: null, pon: null, firstDbm: -20, lastDbm: -23, dropDb: 3 },
  ],
  boxes: [{ place: 'CTO-A', measured: 2, degraded: 2, share: 1, likelyFault: true, codes: ['1'] }],
  splitters: [],
  pons: [{ place: '1/1/1', measured: 4, degraded: 1, share: 0.25, likelyFault: false, codes: ['1'] }],
};

describe('RX degradation CSV for a Brazilian spreadsheet', () => {
  it('starts with a UTF-8 BOM, separates with ;, writes decimal commas, quotes what needs it, ends lines with CRLF', () => {
    const csv = rxDegradationCsv(report);
    expect(csv.startsWith('\uFEFFcontrato;nome;caixa (CTO);')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe('1;"Ana; ""Aninha"" Souza";CTO-A;S1;1/1/1;-19,5;-24,25;4,75;sim;não;não');
    expect(lines[2]).toBe('2;João;;;;-20;-23;3;não;não;não');
    expect(lines[3]).toBe('');
  });
});
