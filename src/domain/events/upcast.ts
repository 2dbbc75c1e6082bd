import { z } from 'zod';
import { recordedFailure } from '../failureCodes.ts';

/**
 * Upcasters: what older logs hold -> the current payload, per event type. A change of schema
 * adds a version and its conversion here, e.g.
 * `SgpContractObserved: (d) => (d.v === 1 ? { ...d, v: 2, newField: null } : d)`.
 *
 * The failure codes: v1 events written before the catalogue (src/domain/failureCodes.ts) carry
 * a free-text code. The catalogue is a narrowing of v1, not a new shape, so those events stay v1
 * and read through `recordedFailure`, the rule the executor applies to new failures.
 */
const CommandFailedV1 = z.looseObject({
  v: z.literal(1),
  error: z.looseObject({ code: z.unknown(), message: z.string() }),
});
const CycleFinishedV1 = z.looseObject({
  v: z.literal(1),
  failedContracts: z.array(z.looseObject({ failure: z.unknown(), message: z.string() })),
});

const upcasters: Readonly<Record<string, (data: unknown) => unknown>> = {
  OzmapCommandFailed: (data) => {
    const old = CommandFailedV1.safeParse(data);
    if (!old.success) return data;
    const { error } = old.data;
    return { ...old.data, error: { ...error, ...recordedFailure(error.code, error.message) } };
  },
  CycleFinished: (data) => {
    const old = CycleFinishedV1.safeParse(data);
    if (!old.success) return data;
    const failedContracts = old.data.failedContracts.map((failed) => {
      const { code, message } = recordedFailure(failed.failure, failed.message);
      return { ...failed, failure: code, message };
    });
    return { ...old.data, failedContracts };
  },
};

export function upcast(type: string, data: unknown): unknown {
  const convert = upcasters[type];
  return convert ? convert(data) : data;
}
