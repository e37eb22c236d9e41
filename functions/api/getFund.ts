import { fundViewSchema } from '../../shared/contract/fund.js';
import { fundDistrictFor } from '../../shared/fund/access.js';
import { fundFigures } from '../../shared/fund/overview.js';
import { reconcileIncremental } from '../../shared/fund/reconcileIncremental.js';
import { formatMu4, readQuota } from '../../shared/fund/reserve.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { anyQuery, noBody, noParams } from './http/schemas.js';

/**
 * GET /fund (fund administrators and auditors of the district): the balance and the queue from the
 * balance item, and the reconciliation of that balance against the sum of all ledger entries (a
 * mismatch also raises the LedgerReconciliationFailed alarm). The reconciliation is incremental (issue
 * 17): it reads the entries written since the district's checkpoint, so its cost does not grow with the
 * ledger; the full re-check of every entry is the audit command (`npm run audit:ledger`).
 */
export const route: RouteDefinition<typeof noParams, typeof anyQuery, typeof noBody> = {
  id: 'getFund',
  method: 'GET',
  path: '/fund',
  responses: { 200: fundViewSchema },
  params: noParams,
  query: anyQuery,
  body: noBody,
  async handle({ principal, now }) {
    const district = fundDistrictFor('getFund', principal);
    const [r, quota] = await Promise.all([reconcileIncremental(district, now), readQuota(district)]);
    const f = r.fund;
    return {
      status: 200,
      body: {
        districtCode: district,
        ...fundFigures(f),
        reversedFen: f.reversedFen,
        entryCount: f.seq,
        quota: {
          accruedMu: formatMu4(quota.accruedMu4),
          soldMu: formatMu4(quota.soldMu4),
          availableMu: formatMu4(quota.availableMu4),
          reservedParcels: quota.reservedParcels,
        },
        reconciled: {
          entriesSumFen: r.entriesSumFen,
          matches: r.matches,
          ...(r.matches ? {} : { differences: r.differences, chainIntact: r.chainIntact }),
        },
      },
    };
  },
};

export const handler = lambdaHandler(route);
