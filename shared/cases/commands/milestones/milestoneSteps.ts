import type { Role } from '../../../auth/principal.js';
import type { MilestoneKind } from '../../../domain/model/case.js';
import type { CaseStatus } from '../../../domain/model/status.js';

/**
 * The land leg's milestones (DOMAIN.md wave 2, 腾退 → 处置/复垦验收 → 注销登记; 承包地交回): the status a
 * case waits in for each, who records it, and the words for it (zh first).
 */
export const MILESTONE_STEPS: Record<
  MilestoneKind,
  { status: CaseStatus; role: Role; zh: string; en: string; note: string }
> = {
  vacated: {
    status: 'vacating',
    role: 'village_reviewer',
    zh: '腾退确认',
    en: 'the confirmation of the vacating',
    note: '村集体确认已腾退（房屋已拆除） / the village confirmed the land vacated',
  },
  disposed: {
    status: 'disposing',
    role: 'land_officer',
    zh: '处置登记',
    en: 'the record of the disposition',
    note: '自然资源部门登记处置 / the land officer recorded the disposition',
  },
  certificate_cancelled: {
    status: 'cancelling',
    role: 'registrar',
    zh: '不动产注销登记',
    en: 'the certificate cancellation',
    note: '不动产登记已注销，案件办结 / the certificate is cancelled; the case is closed',
  },
  handed_over: {
    status: 'handing_over',
    role: 'village_reviewer',
    zh: '承包地交回登记',
    en: 'the record of the handover',
    note: '承包地已交回（承接），案件办结 / the contract land was handed over; the case is closed',
  },
};

export const DISPOSITION_TEXT = {
  reclaimed: { zh: '复垦并验收', en: 'reclaimed and accepted' },
  direct_use: { zh: '集体直接利用', en: 'direct use by the collective' },
  development: { zh: '综合开发', en: 'development' },
} as const;
