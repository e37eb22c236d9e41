import { type ComponentProps, lazy, Suspense } from 'react';
import { Loading } from '../../components/ui';

/**
 * The land leg's milestone form, loaded when it is opened: it checks the body against the API's own
 * zod schema as the officer types (MilestoneFormBody, lib/milestoneFormSchema.ts), and zod stays out
 * of the household's download.
 */
const Body = lazy(() => import('./MilestoneFormBody').then((m) => ({ default: m.MilestoneFormBody })));

export function MilestoneForm(props: ComponentProps<typeof Body>) {
  return (
    <Suspense fallback={<Loading />}>
      <Body {...props} />
    </Suspense>
  );
}
