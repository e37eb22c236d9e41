import type { MilestoneKind } from '../domain/model/case.js';
import type { DistrictCode } from '../domain/model/common.js';
import type { RuleId } from '../domain/model/finding.js';
import type { Household } from '../domain/model/household.js';
import type { LedgerEntry } from '../domain/model/ledger.js';
import type { RightName } from '../domain/model/rights.js';
import type { CaseStatus } from '../domain/model/status.js';
import type { TrancheMilestone } from '../domain/model/tranche.js';
import type { REVIEW_STAGE_LABELS, SOURCE_LABELS } from './labels.js';
import type { Disposition } from './projection.js';

/** What the quarterly report is asked for, what it reads and what it answers (definitions: quarterly.ts). */

export interface QuarterlyReportInput {
  year: number;
  quarter: number;
  district: DistrictCode;
  /** when the report was produced; shown, never used in a figure */
  generatedAt?: string;
}

/**
 * A ledger entry as the fund stores it: quota sales also record the quota sold, in 1/10 000 mu
 * (shared/fund/ledger.ts `quotaMu4`).
 */
export type ReportLedgerEntry = LedgerEntry & { quotaMu4?: number };

/** Registry records of the households whose land left them: the areas of their parcels and plots. */
export interface LandRecords {
  households: readonly Pick<Household, 'householdId' | 'homesteads' | 'contractPlots'>[];
}

export interface CountRow {
  key: string;
  labelZh: string;
  labelEn: string;
  count: number;
}

export interface DurationRow {
  stage: string;
  from: CaseStatus[];
  to: CaseStatus;
  labelZh: string;
  labelEn: string;
  count: number;
  /** null when nothing was measured in the quarter */
  medianDays: number | null;
  maxDays: number | null;
}

export interface ReasonRow {
  stage: keyof typeof REVIEW_STAGE_LABELS;
  stageZh: string;
  stageEn: string;
  reason: string;
  count: number;
}

export interface MoneyRow {
  count: number;
  amountFen: number;
}

export interface TrancheRow extends MoneyRow {
  /** 1-based tranche number of the payment schedule */
  tranche: number;
  labelZh: string;
  labelEn: string;
}

export interface TrancheMilestoneRow extends MoneyRow {
  /** the milestone the payments fell due at */
  milestone: TrancheMilestone;
  labelZh: string;
  labelEn: string;
}

/** An exact area: integer 0.01 m² and its decimal text. */
export interface AreaFigure {
  areaCentiM2: number;
  areaM2: string;
}

export interface QuarterlyReport {
  reportType: 'quarterly_monitoring';
  district: { code: DistrictCode; zh: string; en: string };
  year: number;
  quarter: number;
  period: {
    start: string;
    /** exclusive */
    end: string;
    firstDay: string;
    lastDay: string;
    labelZh: string;
    labelEn: string;
  };
  generatedAt: string | null;
  cases: {
    createdByQuarterEnd: number;
    byStatus: CountRow[];
    byType: CountRow[];
  };
  activity: CountRow[];
  exits: {
    cases: number;
    homestead: { cases: number; parcels: number; areaCentiM2: number; areaM2: string };
    contractLand: { cases: number; plots: number; areaMu: string };
    /** equity exits (wave 2) that closed in the quarter, and the shares they gave up */
    equity: { cases: number; shares: number };
    areaSources: { registry: number; agreementOffer: number; unknown: number };
    /** `caseId/parcelOrPlotId` of items whose area neither source holds */
    unknownAreaItems: string[];
  };
  /** the land leg's milestones recorded in the quarter (from the MilestoneRecorded events) */
  landLeg: {
    milestones: (CountRow & { key: MilestoneKind })[];
    /** the `disposed` milestones by disposition */
    dispositions: (CountRow & { key: Disposition })[];
    /** Σ accepted area of the `disposed` milestones */
    accepted: AreaFigure;
    basisZh: string;
    basisEn: string;
  };
  quota: {
    /** produced: homestead area exited in the quarter, in mu */
    mu: string;
    /** sold: Σ quota recorded on the quarter's quota-sale replenishments, in mu */
    soldMu: string;
    basisZh: string;
    basisEn: string;
    /** produced (wave 2): accepted area of the quarter's `disposed` + `reclaimed` milestones, and in mu */
    produced: AreaFigure & { mu: string };
    /** sold, from the quarter's FundReplenished events of source quota_sale */
    sold: AreaFigure & {
      sales: number;
      /** the m² sold and the mu-only sales' mu */
      mu: string;
      /** sales that state the quota in mu only: in `mu`, not in the area */
      salesInMuOnly: number;
      /** sales whose event states no quota: in neither */
      salesWithoutQuota: number;
    };
  };
  fund: {
    advanced: MoneyRow;
    replenished: MoneyRow & {
      bySource: Record<keyof typeof SOURCE_LABELS, MoneyRow>;
    };
    reversals: MoneyRow & {
      byAccount: { advances: MoneyRow; quota_sales: MoneyRow; appropriations: MoneyRow };
    };
    netAdvancedFen: number;
    netReplenishedFen: number;
    /** Σ effect of every entry of the quarter on the fund's cash: in − out */
    netCashFen: number;
    /** payments by tranche, from the quarter's AdvanceDisbursed events (amountFen = Σ their amountFen) */
    tranches: MoneyRow & { byTranche: TrancheRow[]; byMilestone: TrancheMilestoneRow[] };
  };
  /** who pays (wave 2): the collective's payments of contract land and equity, apart from the fund (collective.ts) */
  collective: {
    recorded: MoneyRow & { contractLand: MoneyRow; equity: MoneyRow };
    confirmed: MoneyRow;
    disputed: MoneyRow;
    outstanding: MoneyRow;
    sharesRedeemed: { cases: number; shares: number };
    basisZh: string;
    basisEn: string;
  };
  stageDurations: DurationRow[];
  transitions: Omit<DurationRow, 'stage'>[];
  rejections: {
    /** cases per failed rule (cases that became ineligible in the quarter) */
    failedRules: (CountRow & { key: RuleId })[];
    /** cases per violated right (cases blocked by the rights check in the quarter) */
    rightsViolations: (CountRow & { key: RightName })[];
    reviewReasons: ReasonRow[];
  };
}
