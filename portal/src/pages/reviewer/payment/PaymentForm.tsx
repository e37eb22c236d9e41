import { type ComponentProps, lazy, Suspense } from 'react';
import { Loading } from '../../../components/ui';

/**
 * The village's record of a collective payment, loaded when it is opened: it checks the body against
 * the API's own zod schema as the reviewer types (PaymentFormBody, lib/collectivePaymentSchema.ts),
 * and zod stays out of the household's download.
 */
const Body = lazy(() => import('./PaymentFormBody').then((m) => ({ default: m.PaymentFormBody })));

export function PaymentForm(props: ComponentProps<typeof Body>) {
  return (
    <Suspense fallback={<Loading />}>
      <Body {...props} />
    </Suspense>
  );
}
