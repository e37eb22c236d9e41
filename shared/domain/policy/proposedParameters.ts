import { type PolicyParameters, policyParametersSchema } from '../model/policy.js';
import { type ParameterError, parameterFieldErrors } from './parameterChecks.js';

export type { ParameterError } from './parameterChecks.js';
export { parameterChanges } from './parameterChecks.js';

/** A parameter version as proposed: everything but its identity, which the proposal gives it. */
export type ProposedParameters = Omit<PolicyParameters, 'version' | 'districtCode' | 'effectiveFrom'>;

export type ParameterCheck =
  | { ok: true; value: ProposedParameters }
  | { ok: false; errors: ParameterError[] };

/**
 * A proposed parameter version checked field by field (./parameterChecks.ts), then by the stored
 * schema, so that a proposal can never be approved into a version that does not read.
 */
export function checkProposedParameters(raw: unknown): ParameterCheck {
  const errors = parameterFieldErrors(raw);
  if (errors.length > 0) return { ok: false, errors };
  // the stored schema too, so that a proposal can never be approved into a version that does not read
  const parsed = policyParametersSchema.safeParse({
    ...(raw as Record<string, unknown>),
    version: 'proposal',
    districtCode: '370302',
    effectiveFrom: '2099-01-01',
  });
  if (!parsed.success)
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => ({
        path: i.path.join('.'),
        message: i.message,
        messageZh: '取值不符合要求',
      })),
    };
  const { version: _v, districtCode: _d, effectiveFrom: _e, ...value } = parsed.data;
  return { ok: true, value };
}
