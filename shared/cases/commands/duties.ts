import {
  type CaseDecisions,
  type Duty,
  dutyConflict,
  type Person,
} from '../../domain/review/separationOfDuties.js';
import { Forbidden } from '../../errors/appError.js';

/**
 * The one gate of separation of duties (不相容岗位分离) for every command that records a decision on a
 * case: called before anything is decided, so a refusal writes nothing. A refusal is a 403 that says
 * why (never a silent pass); `conflict` and `earlierDuty` let a client tell the two reasons apart.
 */
export function assertMayDecide(c: CaseDecisions, person: Person, duty: Duty): void {
  const conflict = dutyConflict(c, person, duty);
  if (!conflict) return;
  throw new Forbidden(
    { zh: conflict.zh, en: conflict.en },
    {
      conflict: conflict.kind,
      duty,
      ...(conflict.kind === 'already_decided' ? { earlierDuty: conflict.earlierDuty } : {}),
    },
  );
}
