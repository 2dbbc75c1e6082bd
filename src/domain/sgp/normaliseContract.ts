import { chooseFtthService } from './chooseFtthService.ts';
import type { ContractSnapshot } from './contractSnapshot.ts';
import { chooseAddressLine } from './formatAddress.ts';
import { collapseWhitespace, scalarText } from './normaliseText.ts';
import { chooseCoordinates } from './parseCoordinates.ts';
import { parseOnu } from './parseOnu.ts';
import { parseOnuIdentity } from './parseOnuIdentity.ts';
import { parseStatus, statusText } from './parseStatus.ts';
import type { SgpContractRecord } from './sgpContractRecord.ts';

/**
 * RULES R1.3-R1.5: the normalised snapshot of one raw SGP contract record. Total: every record
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
  const identity = parseOnuIdentity(ftthService);
  return {
    code: record.code,
    status: parseStatus(record.status),
    statusText: statusText(record.status),
    name: collapseWhitespace(scalarText(record.cliente.nome)),
    cto: onu.cto,
    ctoPort: onu.ctoPort,
    rxDbm: onu.rxDbm,
    online: onu.online,
    coords: chooseCoordinates(serviceAddress, clientAddress),
    address: chooseAddressLine(serviceAddress, clientAddress),
    // Only when SGP has one: a snapshot without an ONU identity keeps its earlier shape.
    ...(identity ? { onu: identity } : {}),
  };
}
