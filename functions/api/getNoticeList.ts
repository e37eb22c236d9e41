import * as z from 'zod';
import { noticeListDocumentSchema } from '../../shared/contract/documents.js';
import { issueNoticeList } from '../../shared/documents/noticeList/service.js';
import { villageCodeSchema } from '../../shared/domain/model/village.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { anyQuery, noBody } from './http/schemas.js';

const villageParams = z.strictObject({ villageCode: villageCodeSchema });

/**
 * GET /villages/{villageCode}/public-notice (an extension of API.md, issue 15): the village's public
 * notice list (公示名单) of today as a 5-minute presigned GET of a PDF to print and post, for the village
 * reviewer of the village, the town reviewer of its town, and the district's approver and auditor. 403
 * out of scope (decided from the code, before any read), 404 for a village the registry does not have;
 * a village with nothing in notice gets a list saying so. Every download is audited under
 * `VILLAGE#{code}` before the URL is answered (shared/documents/noticeList/service.ts).
 */
export const route: RouteDefinition<typeof villageParams, typeof anyQuery, typeof noBody> = {
  id: 'getNoticeList',
  method: 'GET',
  path: '/villages/{villageCode}/public-notice',
  responses: { 200: noticeListDocumentSchema },
  params: villageParams,
  query: anyQuery,
  body: noBody,
  async handle({ params, principal, now, requestId }) {
    const body = await issueNoticeList({ villageCode: params.villageCode, principal, now, requestId });
    // the URL is personal and short-lived: no cache between the API and the browser keeps it
    return { status: 200, headers: { 'cache-control': 'no-store' }, body };
  },
};

export const handler = lambdaHandler(route);
