import { z } from 'zod';

/**
 * The SGP simulator's data: `clientes` records exactly as `POST /api/ura/clientes/` returns them
 * with `exibir_conexao=1&omitir_titulos=1`. Each record may be ANY JSON value, so that malformed
 * records (a string rx, a missing `contratos`, a number where an object belongs) reach the
 * service verbatim and bad input is tested end to end.
 */
export const SgpFixture = z.object({ clientes: z.array(z.unknown()) });
export type SgpFixture = z.infer<typeof SgpFixture>;
