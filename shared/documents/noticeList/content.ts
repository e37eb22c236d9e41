import type { Case } from '../../domain/model/case.js';
import { DISTRICTS } from '../../domain/model/common.js';
import type { Household } from '../../domain/model/household.js';
import type { Village } from '../../domain/model/village.js';
import { CASE_TYPE_LABELS } from '../../reports/labels.js';
import { beijingDate, beijingDateTime, beijingDateTimeShort, dayWords, maskedNationalId } from '../words.js';

/**
 * What a village's public notice list (公示名单) says, as plain data (the layout only sets it). The
 * notice is of the application and the village's review, before any price: the compensation option is
 * chosen only after the town's audit and the district's approval (DOMAIN.md wave 2), so the list names
 * the land and says that no option is chosen yet, and it names no amount.
 */
const STRUCTURE_ZH: Record<string, string> = {
  brick_concrete: '砖混',
  brick_wood: '砖木',
  earth_wood: '土木',
  simple: '简易',
};

export interface NoticeLandLine {
  /** 宅基地 / 承包地 / 集体资产股权 */
  kind: string;
  /** 不动产权证书号 or 地块编号 */
  reference: string;
  /** the area or the shares, with its unit: 220 ㎡（房屋 150 ㎡ 砖混）, 2.5 亩, 1 股 */
  measure: string;
}

export interface NoticeEntry {
  caseId: string;
  /** the number a villager reads out or types into the objection form (issue 18); absent on older cases */
  caseNumber?: string;
  householdId: string;
  headName: string;
  headIdMasked: string;
  caseType: string;
  /** what is exited, one line each */
  land: NoticeLandLine[];
  /** 当前承包期 / 永久退出: contract land only */
  term?: string;
  noticeStartsAt: string;
  noticeEndsAt: string;
  /** 2025年6月10日 09:30 */
  startText: string;
  endText: string;
}

export interface NoticeListContent {
  villageCode: string;
  villageName: string;
  townName: string;
  districtName: string;
  /** the Zibo day the list was drawn up on, YYYY-MM-DD, and in words */
  asOf: string;
  asOfText: string;
  entries: NoticeEntry[];
  /** the earliest start and the latest end among the entries, in words; undefined for an empty list */
  periodText?: string;
  /** the latest end, to the minute in Beijing time: the last moment any objection on this list is heard */
  lastObjectionText?: string;
}

export interface NoticeCase {
  case: Pick<Case, 'caseId' | 'type' | 'householdId' | 'application'> & Partial<Pick<Case, 'caseNumber'>>;
  household: Household | undefined;
  noticeStartsAt: string;
  noticeEndsAt: string;
}

function landLines(c: NoticeCase['case'], h: Household | undefined): NoticeLandLine[] {
  const a = c.application;
  switch (a.type) {
    case 'homestead_exit':
      return a.parcelIds.map((id) => {
        const p = h?.homesteads.find((x) => x.parcelId === id);
        if (!p) return { kind: '宅基地', reference: id, measure: '（登记信息缺失）' };
        const house = p.building
          ? `（房屋 ${p.building.floorAreaM2} ㎡ ${STRUCTURE_ZH[p.building.structure] ?? ''}）`
          : '';
        return { kind: '宅基地', reference: p.certificateNo, measure: `${p.areaM2} ㎡${house}` };
      });
    case 'contract_land_exit': {
      const plots = h?.contractPlots ?? [];
      const ids = a.scope === 'all' ? plots.map((p) => p.plotId) : (a.plotIds ?? []);
      return ids.map((id) => {
        const p = plots.find((x) => x.plotId === id);
        return { kind: '承包地', reference: id, measure: p ? `${p.areaMu} 亩` : '（登记信息缺失）' };
      });
    }
    case 'equity_exit':
      return [
        {
          kind: '集体资产股权',
          reference: h ? `持有 ${h.rights.equityShares} 股` : '—',
          measure: `退出 ${a.shares} 股`,
        },
      ];
  }
}

export function noticeEntry(n: NoticeCase): NoticeEntry {
  const { case: c, household: h } = n;
  const head = h?.members.find((m) => m.memberId === h.headMemberId);
  const a = c.application;
  return {
    caseId: c.caseId,
    ...(c.caseNumber ? { caseNumber: c.caseNumber } : {}),
    householdId: c.householdId,
    headName: head?.name ?? '（户籍登记缺失）',
    headIdMasked: head ? maskedNationalId(head.nationalId) : '—',
    caseType: CASE_TYPE_LABELS[c.type].zh,
    land: landLines(c, h),
    ...(a.type === 'contract_land_exit'
      ? {
          term: `${a.scope === 'all' ? '全部地块' : '部分地块'}，${a.term === 'permanent' ? '永久退出' : '退出剩余承包期'}`,
        }
      : {}),
    noticeStartsAt: n.noticeStartsAt,
    noticeEndsAt: n.noticeEndsAt,
    startText: beijingDateTimeShort(n.noticeStartsAt),
    endText: beijingDateTimeShort(n.noticeEndsAt),
  };
}

/** The list of a village on a day: its cases in notice, those whose notice began first on top. */
export function noticeListContent(village: Village, asOf: string, cases: NoticeCase[]): NoticeListContent {
  const entries = cases
    .map(noticeEntry)
    .sort((x, y) =>
      x.noticeStartsAt === y.noticeStartsAt
        ? x.caseId.localeCompare(y.caseId)
        : x.noticeStartsAt.localeCompare(y.noticeStartsAt),
    );
  const first = entries[0]?.noticeStartsAt;
  const last = entries
    .map((e) => e.noticeEndsAt)
    .sort()
    .at(-1);
  return {
    villageCode: village.villageCode,
    villageName: village.name,
    townName: village.townName,
    districtName: DISTRICTS[village.districtCode].zh,
    asOf,
    asOfText: dayWords(asOf),
    entries,
    ...(first && last
      ? {
          periodText: `${beijingDate(first)}至${beijingDate(last)}`,
          lastObjectionText: beijingDateTime(last),
        }
      : {}),
  };
}
