import { allCases } from '../../adapters/table/caseRepository.js';
import { getHousehold, getVillage } from '../../adapters/table/registryRepository.js';
import { authorizeResource } from '../../auth/authorization.js';
import type { Principal, Role } from '../../auth/principal.js';
import type { NoticeListDocument } from '../../contract/documents.js';
import { chinaDate } from '../../domain/chinaDate.js';
import type { Case } from '../../domain/model/case.js';
import type { Household } from '../../domain/model/household.js';
import type { PolicyParameters } from '../../domain/model/policy.js';
import { NotFound } from '../../errors/appError.js';
import { noticeEndsAt, noticeStartIndex, parametersForCase } from '../../workflow/deadlines.js';
import { presignPdf, recordDownload, storePdf } from '../pdf/publish.js';
import { renderPdf } from '../pdf/render.js';
import { type NoticeCase, noticeListContent } from './content.js';
import { noticeListDefinition } from './layout.js';

export interface NoticeListRequest {
  villageCode: string;
  principal: Principal;
  now: string;
  requestId?: string;
}

/** Where a village's lists are kept (the function's S3 grant: notices/*). */
export const noticePrefix = (villageCode: string) => `notices/${villageCode}`;

/**
 * The scope check comes from the code alone (its first nine digits are the town, six the district),
 * before anything is read: someone outside the village learns nothing, not even whether it exists.
 */
function authorize(villageCode: string, principal: Principal): Role {
  return authorizeResource('getNoticeList', principal, {
    villageCode,
    districtCode: villageCode.slice(0, 6),
  });
}

/** Each case's notice period: the last move into public_notice, and its end by the case's parameters. */
async function noticeCases(cases: Case[], now: string): Promise<NoticeCase[]> {
  const households = new Map<string, Promise<Household | undefined>>();
  const params = new Map<string, Promise<PolicyParameters>>();
  return Promise.all(
    cases.map(async (c) => {
      if (!households.has(c.householdId)) households.set(c.householdId, getHousehold(c.householdId));
      // cases of one village share their district and (mostly) their version: one read each
      const paramsKey = `${c.districtCode}#${c.parametersVersion ?? chinaDate(now)}`;
      if (!params.has(paramsKey)) params.set(paramsKey, parametersForCase(c, now));
      const startsAt = c.timeline[noticeStartIndex(c)]?.at ?? c.updatedAt;
      const endsAt = noticeEndsAt(c, await (params.get(paramsKey) as Promise<PolicyParameters>)) ?? startsAt;
      return {
        case: c,
        household: await households.get(c.householdId),
        noticeStartsAt: startsAt,
        noticeEndsAt: endsAt,
      };
    }),
  );
}

/**
 * GET /villages/{villageCode}/public-notice: the village's 公示名单 of today (the Zibo date) as a PDF:
 * every case of the village now in `public_notice`, read through the ByVillage index with the status
 * prefix (a Query, never a Scan). An empty list is still a list (it says that nothing is in notice).
 *
 * The PDF's creation date is the start of the Zibo day it is drawn up on, and nothing else in it reads a
 * clock, so every print of one day's unchanged list is the same file under the same key; a case that
 * enters or leaves the notice makes a new list (a new hash, a new object beside the old one).
 */
export async function issueNoticeList(req: NoticeListRequest): Promise<NoticeListDocument> {
  const role = authorize(req.villageCode, req.principal);
  const village = await getVillage(req.villageCode);
  if (!village)
    throw new NotFound({ zh: `没有村代码为 ${req.villageCode} 的村`, en: `no village ${req.villageCode}` });
  const asOf = chinaDate(req.now);
  const cases = await allCases({
    index: 'ByVillage',
    villageCode: village.villageCode,
    status: 'public_notice',
  });
  const content = noticeListContent(village, asOf, await noticeCases(cases, req.now));
  const bytes = await renderPdf(noticeListDefinition(content), {
    title: `${village.name}公示名单 ${asOf}`,
    subject: '农村宅基地、承包地和集体资产股权自愿有偿退出公示名单',
    author: `${village.name}集体经济组织`,
    createdAt: new Date(`${asOf}T00:00:00+08:00`).toISOString(),
  });
  const issued = await storePdf(noticePrefix(village.villageCode), bytes);
  const download = await presignPdf(issued.key, req.now, {
    ascii: `public-notice-${village.villageCode}-${asOf}.pdf`,
    zh: `${village.name}公示名单-${asOf}.pdf`,
  });
  const caseIds = content.entries.map((e) => e.caseId);
  await recordDownload({
    actor: req.principal.sub,
    role,
    at: req.now,
    action: 'notice_list.downloaded',
    entity: `VILLAGE#${village.villageCode}`,
    reason: `下载公示名单（${caseIds.length} 户）/ downloaded the public notice list (${caseIds.length} cases)`,
    sha256: issued.sha256,
    key: issued.key,
    urlExpiresAt: download.expiresAt,
    ...(req.requestId ? { requestId: req.requestId } : {}),
    detail: { asOf, cases: caseIds.length, caseIds },
  });
  return {
    villageCode: village.villageCode,
    cases: caseIds.length,
    asOf,
    caseIds,
    url: download.url,
    method: 'GET',
    expiresAt: download.expiresAt,
    sha256: issued.sha256,
    sizeBytes: issued.sizeBytes,
  };
}
