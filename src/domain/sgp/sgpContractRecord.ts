import { z } from 'zod';

/**
 * One SGP contract as the service keeps it: the allow-listed raw fields of a
 * `POST /api/ura/clientes/` record that the rules use, and nothing else (no passwords, Wi-Fi
 * keys, invoices, CPF). This is the payload of `SgpContractObserved`: values stay RAW (text
 * stays text, "-21,5" stays a string) because normalisation (docs/RULES.md R1) runs in the projections,
 * so that a replay also repairs a bug in R1.
 *
 * Scalars are kept as SGP sent them when they are a string, a number, a boolean or null;
 * anything else in a scalar slot makes the record invalid (R8) and the SGP client says which
 * field. A missing key is stored as null.
 */
export const SgpScalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type SgpScalar = z.infer<typeof SgpScalar>;

export const SgpAddress = z.object({
  logradouro: SgpScalar,
  numero: SgpScalar,
  complemento: SgpScalar,
  bairro: SgpScalar,
  cidade: SgpScalar,
  uf: SgpScalar,
  cep: SgpScalar,
  latitude: SgpScalar,
  longitude: SgpScalar,
});
export type SgpAddress = z.infer<typeof SgpAddress>;

export const SgpService = z.object({
  id: SgpScalar,
  tipo: SgpScalar,
  // The PPPoE login and the MAC (the ONU's identity in OZmap, UPDATE_ONU). Optional in the
  // schema only because observations recorded before they were kept do not have them.
  login: SgpScalar.optional(),
  mac: SgpScalar.optional(),
  onu: z
    .object({
      splitter: z.object({ id: SgpScalar, nome: SgpScalar, porta: SgpScalar }).nullable(),
      rx: SgpScalar,
      conexao: z.object({ status: SgpScalar }).nullable(),
      // Where the ONU hangs on the OLT (the insights group by PON) and its serial; optional
      // for the same reason as `login`.
      olt_id: SgpScalar.optional(),
      olt_nome: SgpScalar.optional(),
      slot: SgpScalar.optional(),
      pon: SgpScalar.optional(),
      serial: SgpScalar.optional(),
    })
    .nullable(),
  endereco: SgpAddress.nullable(),
});
export type SgpService = z.infer<typeof SgpService>;

export const SgpContractRecord = z.object({
  /** The contract id (`contrato`, else `id`) as a string: the OZmap client `code`. */
  code: z.string().min(1),
  status: SgpScalar,
  motivoStatus: SgpScalar,
  cliente: z.object({ nome: SgpScalar, endereco: SgpAddress.nullable() }),
  servicos: z.array(SgpService),
});
export type SgpContractRecord = z.infer<typeof SgpContractRecord>;
