import * as z from 'zod';
import { authorizeResource } from '../../shared/auth/authorization.js';
import { exportFileSchema } from '../../shared/contract/exports.js';
import { DISTRICTS, districtCodeSchema } from '../../shared/domain/model/common.js';
import { Forbidden } from '../../shared/errors/appError.js';
import { fileAnswer } from '../../shared/exports/download.js';
import { ledgerSection } from '../../shared/exports/ledgerSection.js';
import { ledgerEntriesInRange } from '../../shared/exports/ledgerSource.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { noBody, noParams } from './http/schemas.js';

/**
 * GET /fund/ledger/export?format=csv|xlsx&from=&to= (fund administrators and auditors of the district,
 * as GET /fund/ledger): every entry of the district's fund between two Zibo dates (inclusive, either
 * optional), oldest first, as CSV or xlsx for finance staff (docs/reports.md "Exports").
 */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  // 2026-02-30 matches the pattern but is no day (zod runs this also when the pattern failed: never throw)
  .refine((d) => {
    const ms = Date.parse(`${d}T00:00:00Z`);
    return Number.isFinite(ms) && new Date(ms).toISOString().startsWith(d);
  }, 'no such date');

const query = z
  .object({
    format: z.enum(['csv', 'xlsx']).default('csv'),
    from: day.optional(),
    to: day.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to) {
      for (const path of ['from', 'to']) {
        ctx.addIssue({ code: 'custom', path: [path], message: 'from is after to' });
      }
    }
  });

export const route: RouteDefinition<typeof noParams, typeof query, typeof noBody> = {
  id: 'exportLedger',
  method: 'GET',
  path: '/fund/ledger/export',
  responses: { 200: exportFileSchema },
  params: noParams,
  query,
  body: noBody,
  async handle({ principal, query: q, now }) {
    // the caller's own fund, exactly as getLedger: checked before anything is read
    const district = districtCodeSchema.safeParse(principal.district).data;
    if (!district) throw new Forbidden('your account has no custom:district');
    authorizeResource('exportLedger', principal, { districtCode: district });
    const entries = await ledgerEntriesInRange(district, { from: q.from, to: q.to });
    const span = `${q.from ?? 'start'}_${q.to ?? 'now'}`;
    const spanZh = q.from || q.to ? `_${q.from ?? '开始'}至${q.to ?? '今'}` : '';
    const name = DISTRICTS[district].zh;
    return fileAnswer(
      q.format,
      [ledgerSection(entries, `${name}宅基地退出补偿专项基金台账`)],
      { ascii: `ledger-${district}-${span}`, zh: `${name}专项基金台账${spanZh}` },
      { titled: false, created: now },
    );
  },
};

export const handler = lambdaHandler(route);
