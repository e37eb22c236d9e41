import type { Agreement } from '../../domain/model/agreement.js';
import type { CaseType } from '../../domain/model/application.js';
import type { Case } from '../../domain/model/case.js';
import type { Household } from '../../domain/model/household.js';
import type { ResettlementOption } from '../../domain/model/offer.js';
import type { PolicyParameters } from '../../domain/model/policy.js';
import type { Tranche } from '../../domain/model/tranche.js';
import type { Village } from '../../domain/model/village.js';

/**
 * What the exit agreement (退出协议) is built from. Every field comes from records the caller has
 * already read and parsed with the model's schemas (the case, the registry, the parameter version the
 * case was priced with), so nothing here is validated again.
 */
export interface AgreementContentInput {
  case: Case;
  household: Household;
  village: Village;
  /** the parameter version the case was priced with (`case.parametersVersion`), never a later one */
  params: PolicyParameters;
  option: ResettlementOption;
  /** the signed agreement; absent for a preview */
  agreement?: Agreement;
  /**
   * The payment schedule: the case's own (`scheduleOf(case)`) once signed. Absent or empty: the schedule
   * a signature would fix for the payable amount (`paymentSchedule(type, payableFen)`).
   */
  schedule?: readonly ScheduleEntry[];
  /** ISO instant: the signature time of a signed agreement, or when the preview was made */
  issuedAt: string;
  /** e.g. 淄川区; absent: the name of `case.districtCode` in the model's district table */
  districtName?: string;
  /** absent: the village record's townName */
  townName?: string;
}

/** The part of a tranche the agreement states (its status and payments change later; the text does not). */
export type ScheduleEntry = Pick<Tranche, 'tranche' | 'milestone' | 'sharePct' | 'amountFen' | 'payer'>;

/** An amount as the agreement writes it: in figures (¥1,234.56) and in capital numerals (人民币…). */
export interface MoneyText {
  fen: number;
  figures: string;
  capital: string;
}

/** A small table of text; `numeric` columns are set right-aligned. */
export interface TextTable {
  columns: { title: string; numeric?: boolean }[];
  rows: string[][];
}

export interface AgreementParty {
  /** 甲方（退出方）, 乙方（…）, 丙方（…） or 见证方 */
  role: string;
  name: string;
  details: string[];
}

/** One priced line of the chosen offer, as the household checks it. */
export interface AgreementLine {
  no: number;
  component: string;
  label: string;
  formula: string;
  amountFen: number;
  /** 1,234.56, or why the line is not counted */
  amountText: string;
  /** `deduct`: set against the compensation (the resettlement flat's price) */
  effect: 'add' | 'deduct';
  /** false: shown but not part of the sum (the early-exit reward of a late signature) */
  counted: boolean;
}

export interface AgreementTotal {
  label: string;
  money: MoneyText;
  note?: string;
}

export interface AgreementScheduleRow {
  tranche: number;
  milestone: string;
  /** when the tranche falls due, in words: 专项基金审核通过后 … */
  due: string;
  sharePct: number;
  amount: MoneyText;
  payer: string;
}

export interface AgreementContent {
  /** the shape of this object, so that a stored hash names what it hashed */
  format: 'homestead-exit/agreement-content@1';
  caseType: CaseType;
  title: string;
  /** the agreement id, or 预览 */
  agreementNo: string;
  caseId: string;
  /** the case number a person reads out (issue 18); absent on cases filed before it */
  caseNumber?: string;
  signed: boolean;
  option: ResettlementOption;
  optionLabel: string;
  parametersVersion: string;
  issuedAt: string;
  preamble: string;
  parties: AgreementParty[];
  members: TextTable;
  subject: { intro: string; table: TextTable; notes: string[] };
  lines: AgreementLine[];
  totals: AgreementTotal[];
  /** what the fund or the collective pays the household under the schedule */
  payable: MoneyText;
  /** housing only: the balance the household pays (a negative balance), never money it receives */
  owedByHousehold?: MoneyText;
  compensationNotes: string[];
  schedule: { rows: AgreementScheduleRow[]; notes: string[] };
  /** the rights the household gives up by this agreement, and nothing else */
  surrendered: string[];
  /** the rights it keeps, each citing the clause of the action plan that guarantees it */
  rightsKept: { clause: string; text: string }[];
  coolingOff: { days: number; endsAt?: string; text: string[] };
  otherTerms: string[];
  signature: { signedAt?: string; text: string; blocks: string[] };
}
