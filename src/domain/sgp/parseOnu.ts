import { scalarText } from './normaliseText.ts';
import { parseDecimal } from './parseDecimal.ts';
import type { SgpScalar, SgpService } from './sgpContractRecord.ts';

/** RX range of a real optical reading, in dBm (R1.5); outside it is a placeholder or noise. */
const RX_MIN_DBM = -50;
const RX_MAX_DBM = 10;

/** What R1.5 reads from the ONU of the FTTH service. */
export interface OnuReading {
  readonly cto: string | null;
  readonly ctoPort: number | null;
  readonly rxDbm: number | null;
  readonly online: boolean | null;
}

/** R1.5 `cto`: the splitter name trimmed (inner spaces kept: R2.3 matches box names exactly). */
export function parseCtoName(value: SgpScalar): string | null {
  const name = scalarText(value).trim();
  return name === '' ? null : name;
}

/**
 * R1.5 `ctoPort`: an integer >= 1, as a number or a numeral (" 3 "). **Decided:** "3.0" is
 * port 3, because the JSON number 3.0 already is and the quoted form should not differ; "3.5",
 * 0, negatives, "" and text are no port.
 */
export function parseCtoPort(value: SgpScalar): number | null {
  const port = parseDecimal(value);
  return port !== null && Number.isSafeInteger(port) && port >= 1 ? port : null;
}

/**
 * R1.5 `rxDbm`: the reading in dBm, a comma decimal accepted ("-21,5"); outside [-50, +10],
 * empty or not a number -> null. SGP's placeholder -99.999 ("no reading") falls outside the range.
 */
export function parseRx(value: SgpScalar): number | null {
  const rx = parseDecimal(value);
  return rx !== null && rx >= RX_MIN_DBM && rx <= RX_MAX_DBM ? rx : null;
}

/** R1.5 `online`: "online" -> true, "offline" -> false (trimmed, any case); else unknown (null). */
export function parseOnline(value: SgpScalar): boolean | null {
  if (typeof value !== 'string') return null;
  const status = value.trim().toLowerCase();
  if (status === 'online') return true;
  if (status === 'offline') return false;
  return null;
}

/** R1.5: CTO, port, RX and connection of the FTTH service; all null without one. */
export function parseOnu(ftthService: SgpService | null): OnuReading {
  const onu = ftthService?.onu ?? null;
  return {
    cto: parseCtoName(onu?.splitter?.nome ?? null),
    ctoPort: parseCtoPort(onu?.splitter?.porta ?? null),
    rxDbm: parseRx(onu?.rx ?? null),
    online: parseOnline(onu?.conexao?.status ?? null),
  };
}
