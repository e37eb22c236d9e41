import { type ComponentProps, lazy, Suspense } from 'react';
import { Loading } from '../../../components/ui';

/**
 * The town's and the district's decision form, loaded when a reviewer opens it (as DecisionForm: the
 * API's zod schema it checks with stays out of the household's download).
 */
const Body = lazy(() => import('./StepDecisionFormBody').then((m) => ({ default: m.StepDecisionFormBody })));

export function StepDecisionForm(props: ComponentProps<typeof Body>) {
  return (
    <Suspense fallback={<Loading />}>
      <Body {...props} />
    </Suspense>
  );
}
