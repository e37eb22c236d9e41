import type { CaseStatus, Role } from '../../api/contract';
import type { MilestoneKind } from '../../lib/milestoneForm';

/**
 * The land leg's desks (DOMAIN.md wave 2, 腾退 → 处置/复垦验收 → 注销登记; 承包地交回): where each lives,
 * who works there, the milestones it records and the statuses its queue lists (the first two pages of
 * the queue are asked of the API, one status each, because `GET /cases` takes one status).
 */
export type LandDesk = 'village' | 'disposal' | 'cancellation';

export interface LandDeskDef {
  base: string;
  role: Role;
  kinds: readonly MilestoneKind[];
  /** the statuses of the queue, the desk's own work; the village has two (homestead and contract land) */
  statuses: readonly [CaseStatus, ...CaseStatus[]];
  /** the registrar is city-wide and picks a district (the API requires it) */
  needsDistrict: boolean;
}

export const LAND_DESKS: Record<LandDesk, LandDeskDef> = {
  village: {
    base: '/land',
    role: 'village_reviewer',
    kinds: ['vacated', 'handed_over'],
    statuses: ['vacating', 'handing_over'],
    needsDistrict: false,
  },
  disposal: {
    base: '/disposal',
    role: 'land_officer',
    kinds: ['disposed'],
    statuses: ['disposing'],
    needsDistrict: false,
  },
  cancellation: {
    base: '/cancellation',
    role: 'registrar',
    kinds: ['certificate_cancelled'],
    statuses: ['cancelling'],
    needsDistrict: true,
  },
};

/** Zibo's districts and counties, for the registrar's choice (their names are `district.*`). */
export const ZIBO_DISTRICTS = [
  '370302',
  '370303',
  '370304',
  '370305',
  '370306',
  '370321',
  '370322',
  '370323',
] as const;

export const landCasePath = (desk: LandDesk, caseId: string, district?: string) =>
  `${LAND_DESKS[desk].base}/cases/${encodeURIComponent(caseId)}${district ? `?district=${district}` : ''}`;
