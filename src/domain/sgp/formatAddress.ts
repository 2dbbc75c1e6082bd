import { collapseWhitespace, scalarText } from './normaliseText.ts';
import type { SgpAddress } from './sgpContractRecord.ts';

/**
 * R1.5 `address`: one line `{logradouro}, {numero} - {complemento} - {bairro}, {cidade} - {uf}, {cep}`.
 *
 * Grouping rule (how separators drop): the line is four groups joined by ", ":
 *   1. logradouro
 *   2. numero - complemento - bairro
 *   3. cidade - uf
 *   4. cep
 * Inside a group the parts are joined by " - ". Each part is whitespace-collapsed first; an empty
 * part is left out together with the separator that would join it, and an empty group together
 * with its ", ". So a separator only ever stands between two parts that are both there:
 *   no complemento         -> "Rua A, 10 - Centro, Fortaleza - CE, 60000-000"
 *   only logradouro+cidade -> "Rua A, Fortaleza"
 *   no numero              -> "Rua A, Apto 2 - Centro, Fortaleza - CE, 60000-000"
 *   no cidade              -> "Rua A, 10 - Centro, CE, 60000-000"
 * Grouping (rather than dropping each part with "its" separator) keeps the line readable when
 * the first part of a group is missing: "Rua A, Apto 2", never "Rua A - Apto 2".
 * Numbers count as text (`numero: 1` -> "1"); booleans as empty (see `scalarText`).
 */
export function formatAddress(address: SgpAddress): string {
  const groups: readonly (readonly string[])[] = [
    [part(address.logradouro)],
    [part(address.numero), part(address.complemento), part(address.bairro)],
    [part(address.cidade), part(address.uf)],
    [part(address.cep)],
  ];
  return groups
    .map((group) => group.filter((text) => text !== '').join(' - '))
    .filter((text) => text !== '')
    .join(', ');
}

function part(value: SgpAddress[keyof SgpAddress]): string {
  return collapseWhitespace(scalarText(value));
}

/**
 * R1.5: the address line from the service address when it has a (non-blank) `logradouro`, else
 * from the client address, else ''. **Decided:** a service address without a street does not
 * fall back to itself when the client has no address: R1.5 names the client address as the
 * fallback, and an address line with no street is of little use on the map anyway.
 */
export function chooseAddressLine(serviceAddress: SgpAddress | null, clientAddress: SgpAddress | null): string {
  if (serviceAddress !== null && part(serviceAddress.logradouro) !== '') return formatAddress(serviceAddress);
  return clientAddress === null ? '' : formatAddress(clientAddress);
}
