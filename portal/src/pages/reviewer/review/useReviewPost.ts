import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { apiFetch, bodyKey, newIdempotencyKey, type ReceivedProblem } from '../../../api/client';
import type { CaseView } from '../../../api/contract';
import { keys } from '../../../api/hooks';
import { useSubmit } from '../../../components/form';
import type { FormError } from '../../../components/ui';
import type { Decision, Refusal } from './decision';

/**
 * Sending a review decision (POST /cases/{caseId}/review), for the village's form and the town's and
 * district's alike: one idempotency key per form (a resend of the same body is the same request), a
 * refusal the reviewer can fix placed beside its field by the form's own `place`, the 422 of a reason
 * that makes the exit conditional kept for its panel, anything else to the banner; then the case and the
 * queues read again.
 */
export function useReviewPost(c: CaseView, onDone: (d: Decision) => void) {
  const qc = useQueryClient();
  const nonce = useRef(newIdempotencyKey());
  const [refusal, setRefusal] = useState<ReceivedProblem>();
  const request = useSubmit();
  const send = async (
    decision: Decision,
    body: object,
    place: (error: unknown) => Refusal,
    serverSaid: (errors: FormError[]) => void,
  ): Promise<void> => {
    const res = await request.run(
      () =>
        apiFetch(`/cases/${encodeURIComponent(c.caseId)}/review`, {
          body,
          idempotencyKey: bodyKey(nonce.current, body),
          retryWhileNotReady: true,
        }),
      (error) => {
        const placed = place(error);
        if (placed.kind === 'banner') return false;
        if (placed.kind === 'conditional') setRefusal(placed.problem);
        serverSaid(placed.errors);
        return true;
      },
    );
    if (!res.ok) return;
    onDone(decision);
    await qc.invalidateQueries({ queryKey: keys.case(c.caseId) });
    await qc.invalidateQueries({ queryKey: ['cases'] });
  };
  return { request, refusal, setRefusal, send };
}
