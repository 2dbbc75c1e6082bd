import type { DomainEvent } from '../../../src/domain/events/catalogue.ts';
import { contentHash } from '../../../src/domain/events/eventIds.ts';
import type { SgpContractRecord } from '../../../src/domain/sgp/sgpContractRecord.ts';
import { aRecord, aService, anOnu } from '../../domain/sgp/sgpRecordBuilder.ts';

/** Hand-made histories for the insights tests: one observed reading of one contract. */
export interface Reading {
  readonly code: string;
  readonly box?: string;
  readonly pon?: number;
  readonly rx?: string;
  readonly online?: boolean;
}

export function recordOf(r: Reading): SgpContractRecord {
  const onu = anOnu({
    splitter: { id: 10, nome: r.box ?? 'CTO-01', porta: 1 },
    rx: r.rx ?? '-20',
    conexao: { status: r.online === false ? 'offline' : 'online' },
    olt_id: 1,
    olt_nome: 'OLT-CENTRO',
    slot: 1,
    pon: r.pon ?? 1,
    serial: `ZTEG${r.code}`,
  });
  return aRecord({ code: r.code, servicos: [aService({ onu, login: `cliente${r.code}`, mac: '00:11:22:33:44:55' })] });
}

export function observedEvent(r: Reading, sweepId: string, at: string): DomainEvent {
  const record = recordOf(r);
  return { type: 'SgpContractObserved', data: { v: 1, sweepId, observedAt: at, hash: contentHash(record), record } };
}

/** A day offset from 2026-11-01 as ISO text, `hours` into it. */
export const day = (n: number, hours = 12): string => new Date(Date.UTC(2026, 10, 1 + n, hours)).toISOString();
