import * as z from 'zod';
import { authorizeResource } from '../../shared/auth/authorization.js';
import { quarterlyReportSchema } from '../../shared/contract/reports.js';
import { DISTRICTS, districtCodeSchema } from '../../shared/domain/model/common.js';
import { Forbidden } from '../../shared/errors/appError.js';
import { fileAnswer } from '../../shared/exports/download.js';
import { quarterlySections } from '../../shared/exports/quarterlySections.js';
import { reportFromSums } from '../../shared/reports/quarterly.js';
import { loadQuarterData } from '../../shared/reports/source.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { noBody, noParams } from './http/schemas.js';

/**
 * GET /reports/quarterly?year=&quarter=&district=&format= (auditor, fund administrator of the
 * district): the quarterly monitoring report (四(四) 季度报告) as JSON, or as CSV or xlsx for finance
 * staff (the same figures: money in yuan, times in Beijing time, every code in words; docs/reports.md).
 * Without a district, the caller's own. Read from the reporting projection of the quarter and the
 * quarter's ledger range (shared/reports/source.ts), never from every case of the district.
 */
const query = z.object({
  year: z.coerce.number().int().min(2020).max(2100),
  quarter: z.coerce.number().int().min(1).max(4),
  district: districtCodeSchema.optional(),
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
});

export const route: RouteDefinition<typeof noParams, typeof query, typeof noBody> = {
  id: 'getQuarterlyReport',
  method: 'GET',
  path: '/reports/quarterly',
  responses: { 200: quarterlyReportSchema },
  params: noParams,
  query,
  body: noBody,
  async handle({ query: q, principal, now }) {
    const districtCode = q.district ?? districtCodeSchema.safeParse(principal.district).data;
    if (!districtCode) throw new Forbidden('your account has no custom:district');
    // before any read: another district's figures are not the caller's to see
    authorizeResource('getQuarterlyReport', principal, { districtCode });
    const input = { year: q.year, quarter: q.quarter, district: districtCode, generatedAt: now };
    const data = await loadQuarterData(input);
    const report = reportFromSums(data.sums, data.now, data.ledger, input, data.projection);
    if (q.format !== 'json') {
      const label = report.period.labelZh;
      return fileAnswer(
        q.format,
        quarterlySections(report),
        {
          ascii: `report-${districtCode}-${q.year}Q${q.quarter}`,
          zh: `${DISTRICTS[districtCode].zh}${label}退出监测报告`,
        },
        { titled: true, created: now },
      );
    }
    return { status: 200, body: report };
  },
};

export const handler = lambdaHandler(route);
