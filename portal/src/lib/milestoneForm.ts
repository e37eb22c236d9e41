/**
 * A form error as components/ui.tsx's FormError has it (a translation key and its values), declared
 * here so that this module has no imports and the root type check can read it from the tests.
 */
interface FormError {
  field: string;
  key: string;
  values?: Record<string, unknown>;
}

/**
 * The land leg's record forms (DOMAIN.md wave 2: 腾退确认, 处置登记, 注销登记, 承包地交回), apart from
 * their rendering, so that the checks are tested without a browser. They are the API's checks
 * (`POST /cases/{caseId}/milestones`, shared/contract/milestones.ts and the milestone command) made
 * before sending, so that a person hears what is missing while typing, not after a round trip.
 * No imports at run time: the contract's zod schemas stay out of the reviewer's download.
 */
export type MilestoneKind = 'vacated' | 'disposed' | 'certificate_cancelled' | 'handed_over';
export type Disposition = 'reclaimed' | 'direct_use' | 'development';
export const DISPOSITIONS: readonly Disposition[] = ['reclaimed', 'direct_use', 'development'];

/** The status a case waits in for each milestone (shared/cases/commands/milestones/milestoneSteps.ts). */
export const MILESTONE_STATUS = {
  vacated: 'vacating',
  disposed: 'disposing',
  certificate_cancelled: 'cancelling',
  handed_over: 'handing_over',
} as const satisfies Record<MilestoneKind, string>;

/** The milestone a case in this status waits for, if any. */
export function pendingMilestone(status: string): MilestoneKind | undefined {
  return (Object.keys(MILESTONE_STATUS) as MilestoneKind[]).find((k) => MILESTONE_STATUS[k] === status);
}

/** 统一社会信用代码 (GB 32100-2015), the same pattern as the contract's CREDIT_CODE (a test keeps them equal). */
export const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The contract's limits: registry numbers ≤ 64 characters, the taker's name ≤ 100, areas ≤ 100 000 m². */
export const NO_MAX = 64;
export const NAME_MAX = 100;
export const AREA_MAX = 100_000;

/** What the form holds: text as typed (the area too, so "12." can be typed on the way to "12.5"). */
export interface MilestoneFormState {
  documentIds: string[];
  disposition?: Disposition;
  acceptanceNo: string;
  acceptedArea: string;
  planApprovalNo: string;
  cancellationNo: string;
  takerName: string;
  creditCode: string;
}

export const emptyMilestoneForm = (): MilestoneFormState => ({
  documentIds: [],
  acceptanceNo: '',
  acceptedArea: '',
  planApprovalNo: '',
  cancellationNo: '',
  takerName: '',
  creditCode: '',
});

/** An area in m² as typed ("1,234.5", "120 ㎡") → m², or undefined unless positive with at most 2 decimals. */
export function parseArea(input: string): number | undefined {
  const cleaned = input.replace(/[,，\s]|㎡|m²|m2|平方米/gi, '');
  if (!/^\d{1,6}(\.\d{1,2})?$/.test(cleaned)) return undefined;
  const v = Number(cleaned);
  return v > 0 ? v : undefined;
}

/** Hundredths of a m², so that 120.1 ≤ 120.10 is compared on integers, never on floats. */
const centi = (m2: number) => Math.round(m2 * 100);

// control characters are refused by the contract (a number pasted with a line break in it)
const CONTROL = /\p{Cc}/u;

function registryNo(errors: FormError[], field: string, value: string, missingKey: string): void {
  const v = value.trim();
  if (!v) errors.push({ field, key: missingKey });
  else if (v.length > NO_MAX) errors.push({ field, key: 'land.err.tooLong', values: { max: NO_MAX } });
  else if (CONTROL.test(v)) errors.push({ field, key: 'land.err.control' });
}

/**
 * What is wrong with the form for this milestone, each beside its field. `registeredAreaM2` is the
 * registered area of the exited parcels where the page knows it (the accepted area may not exceed it).
 */
export function checkMilestone(
  kind: MilestoneKind,
  form: MilestoneFormState,
  ctx: { registeredAreaM2?: number | undefined } = {},
): FormError[] {
  const errors: FormError[] = [];
  if (kind === 'vacated' && form.documentIds.length === 0)
    errors.push({ field: 'documentIds', key: 'land.err.photo' });
  if (kind === 'disposed') {
    if (!form.disposition) errors.push({ field: 'disposition', key: 'land.err.disposition' });
    if (form.disposition === 'reclaimed') {
      registryNo(errors, 'acceptanceNo', form.acceptanceNo, 'land.err.acceptanceNo');
      const area = parseArea(form.acceptedArea);
      if (!form.acceptedArea.trim()) errors.push({ field: 'acceptedArea', key: 'land.err.area' });
      else if (area === undefined || area > AREA_MAX)
        errors.push({ field: 'acceptedArea', key: 'land.err.areaFormat' });
      else if (ctx.registeredAreaM2 !== undefined && centi(area) > centi(ctx.registeredAreaM2))
        errors.push({
          field: 'acceptedArea',
          key: 'land.err.areaOver',
          values: { max: ctx.registeredAreaM2.toFixed(2) },
        });
    }
    if (form.disposition === 'direct_use' || form.disposition === 'development')
      registryNo(errors, 'planApprovalNo', form.planApprovalNo, 'land.err.planApprovalNo');
  }
  if (kind === 'certificate_cancelled')
    registryNo(errors, 'cancellationNo', form.cancellationNo, 'land.err.cancellationNo');
  if (kind === 'handed_over') {
    const name = form.takerName.trim();
    if (!name) errors.push({ field: 'takerName', key: 'land.err.takerName' });
    else if (name.length > NAME_MAX)
      errors.push({ field: 'takerName', key: 'land.err.tooLong', values: { max: NAME_MAX } });
    const code = form.creditCode.trim().toUpperCase();
    if (code && !CREDIT_CODE.test(code)) errors.push({ field: 'creditCode', key: 'land.err.creditCode' });
  }
  return errors;
}

/**
 * The errors to show: every one once the form was sent, before that only those of the fields the person
 * has already changed (a form that opens full of errors reads as an accusation).
 */
export function visibleErrors(
  errors: FormError[],
  touched: ReadonlySet<string>,
  tried: boolean,
): FormError[] {
  return tried ? errors : errors.filter((e) => touched.has(e.field));
}

/** The body the API takes for this milestone: the kind's own fields only (others are refused with 400). */
export function milestoneBody(kind: MilestoneKind, form: MilestoneFormState): Record<string, unknown> {
  if (kind === 'vacated') return { kind, documentIds: form.documentIds };
  if (kind === 'certificate_cancelled') return { kind, cancellationNo: form.cancellationNo.trim() };
  if (kind === 'handed_over') {
    const code = form.creditCode.trim().toUpperCase();
    return { kind, taker: { name: form.takerName.trim(), ...(code ? { creditCode: code } : {}) } };
  }
  if (form.disposition === 'reclaimed')
    return {
      kind,
      disposition: form.disposition,
      acceptanceNo: form.acceptanceNo.trim(),
      acceptedAreaM2: parseArea(form.acceptedArea),
    };
  return { kind, disposition: form.disposition, planApprovalNo: form.planApprovalNo.trim() };
}

/** The form's field for a path of the API's field errors (without `body.`). */
export function milestoneFieldOf(path: string): string {
  if (path.startsWith('documentIds')) return 'documentIds';
  if (path === 'taker.creditCode') return 'creditCode';
  if (path.startsWith('taker')) return 'takerName';
  if (path.startsWith('acceptedAreaM2')) return 'acceptedArea';
  const known = ['disposition', 'acceptanceNo', 'planApprovalNo', 'cancellationNo'];
  return known.find((k) => path.startsWith(k)) ?? 'form';
}
