import { scalarText } from './normaliseText.ts';
import type { SgpScalar, SgpService } from './sgpContractRecord.ts';

/** The ONU as OZmap's client `onu` holds it (UPDATE_ONU): each part null when SGP has none. */
export interface OnuIdentity {
  readonly serialNumber: string | null;
  readonly macAddress: string | null;
  readonly userPppoe: string | null;
}

/** Where an ONU hangs on the OLT: the insights group clients by PON with it. */
export interface OnuPlace {
  readonly oltId: string;
  readonly oltName: string | null;
  readonly slot: string;
  readonly pon: string;
}

const textOrNull = (value: SgpScalar | undefined): string | null => {
  const text = scalarText(value ?? null).trim();
  return text === '' ? null : text;
};

/** The FTTH service's ONU serial, MAC and PPPoE login; null when it has none of the three. */
export function parseOnuIdentity(ftthService: SgpService | null): OnuIdentity | null {
  if (ftthService === null) return null;
  const identity = {
    serialNumber: textOrNull(ftthService.onu?.serial),
    macAddress: textOrNull(ftthService.mac),
    userPppoe: textOrNull(ftthService.login),
  };
  return Object.values(identity).every((v) => v === null) ? null : identity;
}

/** OLT, slot and PON of the FTTH service's ONU; null unless all three are known. */
export function parseOnuPlace(ftthService: SgpService | null): OnuPlace | null {
  const onu = ftthService?.onu ?? null;
  const oltId = textOrNull(onu?.olt_id);
  const slot = textOrNull(onu?.slot);
  const pon = textOrNull(onu?.pon);
  if (oltId === null || slot === null || pon === null) return null;
  return { oltId, oltName: textOrNull(onu?.olt_nome), slot, pon };
}

/** The PON's key in reports and URLs: `<olt id>/<slot>/<pon>`. */
export const ponKey = (place: OnuPlace): string => `${place.oltId}/${place.slot}/${place.pon}`;
