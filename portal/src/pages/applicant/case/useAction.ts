import { useQueryClient } from '@tanstack/react-query';
import { keys } from '../../../api/hooks';
import { useSubmit } from '../../../components/form';

/** A household action on the case: the request's state, and the case read again once it is done. */
export function useAction(caseId: string) {
  const qc = useQueryClient();
  const request = useSubmit();
  const run = async (fn: () => Promise<unknown>): Promise<boolean> => {
    const res = await request.run(fn);
    if (res.ok) {
      await qc.invalidateQueries({ queryKey: keys.case(caseId) });
      await qc.invalidateQueries({ queryKey: ['cases'] });
    }
    return res.ok;
  };
  return { busy: request.busy, error: request.error, run };
}
