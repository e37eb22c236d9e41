import { type ComponentProps, lazy, Suspense } from 'react';
import { Loading } from '../../../components/ui';

/**
 * The village's decision form, loaded when a reviewer opens it: it checks the body against the API's
 * own zod schema as the reviewer types (DecisionFormBody), and zod with the schemas stays out of the
 * download of the household's phone.
 */
const Body = lazy(() => import('./DecisionFormBody').then((m) => ({ default: m.DecisionFormBody })));

export function DecisionForm(props: ComponentProps<typeof Body>) {
  return (
    <Suspense fallback={<Loading />}>
      <Body {...props} />
    </Suspense>
  );
}
