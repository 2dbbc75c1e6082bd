import { scalarText } from './normaliseText.ts';
import { parseDecimal } from './parseDecimal.ts';
import type { SgpScalar, SgpService } from './sgpContractRecord.ts';
import { isSgpPlaceholder, removeUnsafeCharacters, RX_DBM, shownValue, type FieldWarning } from './sgpFieldBounds.ts';

/** What R1.5 reads from the ONU of the FTTH service. */
export interface OnuReading {
  readonly cto: string | null;
  readonly ctoPort: number | null;
  readonly rxDbm: number | null;
  readonly online: boolean | null;
}

/** R1.5 `cto`: the splitter name trimmed (inner spaces kept: R2.3 matches box names exactly). */
function parseCtoName(value: SgpScalar): string | null {
  const name = removeUnsafeCharacters(scalarText(value)).text.trim();
  return name === '' ? null : name;
}

/**
 * R1.5 `ctoPort`: an integer >= 1, as a number or a numeral (" 3 "). **Decided:** "3.0" is
 * port 3, because the JSON number 3.0 already is and the quoted form should not differ; "3.5",
 * 0, negatives, "" and text are no port.
 */
function parseCtoPort(value: SgpScalar): number | null {
  const port = parseDecimal(value);
  return port !== null && Number.isSafeInteger(port) && port >= 1 ? port : null;
}

/**
 * R1.5 `rxDbm`: the reading in dBm, a comma decimal accepted ("-21,5"); outside what an ONU can
 * read (`RX_DBM`), empty or not a number -> null. SGP's placeholder -99.999 ("no reading") falls
 * outside the range.
 */
function parseRx(value: SgpScalar): number | null {
  const rx = parseDecimal(value);
  return rx !== null && rx >= RX_DBM.min && rx <= RX_DBM.max ? rx : null;
}

const isBlank = (value: SgpScalar): boolean => value === null || value === false || scalarText(value).trim() === '';

/**
 * R1.5/R8: what the ONU fields held that no rule can use, for the trail. Nothing for an empty
 * value or SGP's -99.999 placeholder: they mean "no reading" / "no port", not a bad value.
 */
export function onuWarnings(ftthService: SgpService | null): FieldWarning[] {
  const onu = ftthService?.onu ?? null;
  const warnings: FieldWarning[] = [];
  const rx = onu?.rx ?? null;
  if (!isBlank(rx) && !isSgpPlaceholder(parseDecimal(rx)) && parseRx(rx) === null) {
    warnings.push({
      field: 'rxDbm',
      value: shownValue(rx),
      problem: `not a reading an ONU can give (${RX_DBM.min}..${RX_DBM.max} dBm): dropped`,
    });
  }
  const port = onu?.splitter?.porta ?? null;
  if (!isBlank(port) && parseCtoPort(port) === null) {
    warnings.push({
      field: 'ctoPort',
      value: shownValue(port),
      problem: 'not a port number (a positive integer): dropped',
    });
  }
  const cto = scalarText(onu?.splitter?.nome ?? null);
  const removed = removeUnsafeCharacters(cto).removed;
  if (removed > 0)
    warnings.push({
      field: 'cto',
      value: shownValue(cto),
      problem: `${removed} control or bidirectional characters removed`,
    });
  return warnings;
}

/** R1.5 `online`: "online" -> true, "offline" -> false (trimmed, any case); else unknown (null). */
function parseOnline(value: SgpScalar): boolean | null {
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
