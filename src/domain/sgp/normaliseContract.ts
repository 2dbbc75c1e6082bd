import { chooseFtthService } from './chooseFtthService.ts';
import type { ContractSnapshot } from './contractSnapshot.ts';
import { chooseAddressLine } from './formatAddress.ts';
import { collapseWhitespace, scalarText } from './normaliseText.ts';
import { chooseCoordinates, coordinateWarnings } from './parseCoordinates.ts';
import { onuWarnings, parseOnu } from './parseOnu.ts';
import { removeUnsafeCharacters, shownValue, type FieldWarning } from './sgpFieldBounds.ts';
import { parseOnuIdentity } from './parseOnuIdentity.ts';
import { parseStatus, statusText } from './parseStatus.ts';
import type { SgpContractRecord } from './sgpContractRecord.ts';

/**
 * docs/RULES.md R1.3-R1.5: the normalised snapshot of one raw SGP contract record. Total: every record
 * that fits `SgpContractRecord` gives a snapshot, whatever placeholders it carries; a value that
 * cannot be read becomes "none" (null, '' or 'unknown'), never an error, because R8 already
 * rejected what does not fit the schema.
 *
 * "The service address" is the address of the FTTH service (R1.4). A contract without one has
 * no CTO, port, RX or connection status, and takes its coordinates and address from the client.
 * (R1.2, the contract id, is settled before this: `record.code` is already the id.)
 */
export function normaliseContract(record: SgpContractRecord): ContractSnapshot {
  const ftthService = chooseFtthService(record.servicos);
  const serviceAddress = ftthService?.endereco ?? null;
  const clientAddress = record.cliente.endereco;
  const onu = parseOnu(ftthService);
  const name = cleanText('name', scalarText(record.cliente.nome));
  const address = cleanText('address', chooseAddressLine(serviceAddress, clientAddress));
  const warnings = [
    ...name.warnings,
    ...address.warnings,
    ...onuWarnings(ftthService),
    ...coordinateWarnings([serviceAddress, clientAddress]),
  ];
  const identity = parseOnuIdentity(ftthService);
  return {
    code: record.code,
    status: parseStatus(record.status),
    statusText: statusText(record.status),
    name: name.text,
    cto: onu.cto,
    ctoPort: onu.ctoPort,
    rxDbm: onu.rxDbm,
    online: onu.online,
    coords: chooseCoordinates(serviceAddress, clientAddress),
    address: address.text,
    ...(warnings.length > 0 ? { warnings } : {}),
    // Only when SGP has one: a snapshot without an ONU identity keeps its earlier shape.
    ...(identity ? { onu: identity } : {}),
  };
}

/** Control and bidirectional characters removed (sgpFieldBounds.ts), whitespace collapsed. */
function cleanText(
  field: 'name' | 'address',
  raw: string,
): { readonly text: string; readonly warnings: FieldWarning[] } {
  const { text, removed } = removeUnsafeCharacters(raw);
  const warnings: FieldWarning[] =
    removed > 0
      ? [{ field, value: shownValue(raw), problem: `${removed} control or bidirectional characters removed` }]
      : [];
  return { text: collapseWhitespace(text), warnings };
}
