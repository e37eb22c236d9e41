import type { StoredCase } from '../../../adapters/table/caseRepository.js';
import type { TransactItem } from '../../../adapters/table/dynamo.js';
import { markParcelsExitedItem } from '../../../adapters/table/parcelExit.js';
import { getHousehold } from '../../../adapters/table/registryRepository.js';
import type { Principal } from '../../../auth/principal.js';
import type { MilestoneInput } from '../../../contract/milestones.js';
import type { FieldError } from '../../../contract/problem.js';
import type { DocumentRecord } from '../../../documents/documentModel.js';
import { listDocuments } from '../../../documents/documentStore.js';
import { scaled } from '../../../domain/decimal.js';
import { qualificationChoice } from '../../../domain/model/application.js';
import { MILESTONE_KINDS, type Milestone, type MilestoneKind } from '../../../domain/model/case.js';
import type { DomainEvent } from '../../../domain/model/event.js';
import { type Household, registeredAreaCentiM2 } from '../../../domain/model/household.js';
import type { CaseStatus } from '../../../domain/model/status.js';
import type { Tranche } from '../../../domain/model/tranche.js';
import { Forbidden, IllegalTransition, ValidationFailed } from '../../../errors/appError.js';
import { quotaAccrualItems } from '../../../fund/reserve.js';
import { type HumanStepOutcome, STEP_OUTCOMES } from '../../../workflow/contract.js';
import { caseEvent, moveCase } from '../../moveCase.js';
import { actsAs } from '../actsAs.js';
import type { CaseChange } from '../caseChange.js';
import { assertMayDecide } from '../duties.js';
import { waitingToken } from '../waiting.js';
import { DISPOSITION_TEXT, MILESTONE_STEPS } from './milestoneSteps.js';

/**
 * POST /cases/{caseId}/milestones (DOMAIN.md wave 2, the land leg): the milestone now pending, recorded
 * by the role that owns it — `vacated` and `handed_over` by the village's reviewer (with a photo, or who
 * takes the land), `disposed` by the district's land officer (reclaimed with the acceptance no. and the
 * accepted area, at most the registered area; or direct use / development with the plan approval no.),
 * `certificate_cancelled` by the registrar (the cancellation no.; the parcels become `exited` in the
 * registry in the same transaction, and the case closes). Each consumes its step's task token, so of
 * two records at once exactly one wins; a milestone that is not pending is 409, a role that does not own
 * it 403, a missing or impossible field 400 naming it. Quota accrues here, once, from the accepted area.
 */

/** The milestone the case waits for, or 409 naming its status. */
function pendingMilestone(stored: StoredCase): MilestoneKind {
  const kind = MILESTONE_KINDS.find((k) => MILESTONE_STEPS[k].status === stored.case.status);
  if (!kind) {
    throw new IllegalTransition(
      {
        zh: `案件当前状态为“${stored.case.status}”，没有待登记的节点。`,
        en: `the case is ${stored.case.status}; no milestone is pending`,
      },
      { caseStatus: stored.case.status },
    );
  }
  return kind;
}

function assertRecorder(stored: StoredCase, principal: Principal, kind: MilestoneKind): void {
  const { role, zh, en } = MILESTONE_STEPS[kind];
  if (actsAs('recordMilestone', stored, principal, role)) return;
  throw new Forbidden(
    { zh: `本案件正待${zh}，您无权登记该节点。`, en: `the case awaits ${en}, which is not yours to record` },
    { pendingMilestone: kind },
  );
}

const required = (path: string, zh: string, en: string): FieldError => ({
  path: `body.${path}`,
  message: `${en} is required for this milestone`,
  messageZh: `本节点须填写${zh}`,
});

/** The fields each kind needs, and nothing another kind owns; every problem named. */
function fieldProblems(kind: MilestoneKind, input: MilestoneInput): FieldError[] {
  const problems: FieldError[] = [];
  const foreign = (keys: (keyof MilestoneInput)[]) => {
    for (const key of keys) {
      if (input[key] === undefined) continue;
      problems.push({
        path: `body.${key}`,
        message: `not a field of the ${kind} milestone`,
        messageZh: '该字段不属于本节点',
      });
    }
  };
  if (input.kind !== kind) return problems;
  if (kind === 'vacated') {
    if (!input.documentIds?.length)
      problems.push(required('documentIds', '腾退照片', 'a photo of the vacated land'));
    foreign(['disposition', 'acceptanceNo', 'acceptedAreaM2', 'planApprovalNo', 'cancellationNo', 'taker']);
  }
  if (kind === 'disposed') {
    if (!input.disposition) problems.push(required('disposition', '处置方式', 'the disposition'));
    if (input.disposition === 'reclaimed') {
      if (!input.acceptanceNo)
        problems.push(required('acceptanceNo', '复垦验收证书编号', 'the acceptance no.'));
      if (input.acceptedAreaM2 === undefined) {
        problems.push(required('acceptedAreaM2', '验收面积', 'the accepted area'));
      }
      foreign(['planApprovalNo']);
    }
    if (input.disposition === 'direct_use' || input.disposition === 'development') {
      if (!input.planApprovalNo)
        problems.push(required('planApprovalNo', '规划批准文号', 'the plan approval no.'));
      foreign(['acceptanceNo', 'acceptedAreaM2']);
    }
    foreign(['cancellationNo', 'taker']);
  }
  if (kind === 'certificate_cancelled') {
    if (!input.cancellationNo)
      problems.push(required('cancellationNo', '注销登记编号', 'the cancellation no.'));
    foreign(['disposition', 'acceptanceNo', 'acceptedAreaM2', 'planApprovalNo', 'taker']);
  }
  if (kind === 'handed_over') {
    if (!input.taker) problems.push(required('taker', '承接方', 'who takes the land'));
    foreign(['disposition', 'acceptanceNo', 'acceptedAreaM2', 'planApprovalNo', 'cancellationNo']);
  }
  return problems;
}

/** The homestead parcels the case exits, with their registered area (centi-m²). */
function exitedParcels(c: StoredCase['case'], household: Household) {
  const ids = c.application.type === 'homestead_exit' ? c.application.parcelIds : [];
  return household.homesteads.filter((p) => ids.includes(p.parcelId));
}

async function householdOf(c: StoredCase['case']): Promise<Household> {
  const household = await getHousehold(c.householdId);
  if (!household) throw new Error(`household ${c.householdId} of case ${c.caseId} is not in the registry`);
  return household;
}

/**
 * 400 unless every document is a photo of this case that passed its checks. The documents come with the
 * case when the caller read its whole item collection (one Query, shared/cases/caseCollection.ts);
 * otherwise (a re-read after a lost race) they are read here.
 */
async function assertPhotos(
  stored: StoredCase & { documents?: readonly DocumentRecord[] },
  ids: readonly string[],
): Promise<void> {
  const read = stored.documents ?? (await listDocuments(stored.case.caseId));
  const documents = new Map(read.map((d) => [d.documentId, d]));
  const problems: FieldError[] = [];
  ids.forEach((id, i) => {
    const d = documents.get(id);
    if (d?.kind !== 'photo' || d.status !== 'accepted') {
      problems.push({
        path: `body.documentIds.${i}`,
        message: `${id} is not an accepted photo of this case`,
        messageZh: `${id} 不是本案件已通过核验的照片`,
      });
    }
  });
  if (problems.length > 0) {
    throw new ValidationFailed(
      {
        zh: '腾退确认须附本案件已核验的照片',
        en: 'the vacating is confirmed with accepted photos of this case',
      },
      problems,
    );
  }
}

/**
 * How the milestone's tranche (分期支付) went, when its schedule has one: paid in the same transaction
 * (the case moves on) or queued (the case waits in `awaiting_funds`); the schedule and the money's
 * events and items go into the milestone's own write.
 */
export interface MilestonePayment {
  /** recorded: paid (or nothing due); queued: the fund's queue; payment_due: the collective's to pay */
  outcome: 'recorded' | 'queued' | 'payment_due';
  paymentSchedule: Tranche[];
  note: string;
  events: DomainEvent[];
  extra: TransactItem[];
}

export async function milestoneChange(
  stored: StoredCase,
  input: MilestoneInput,
  principal: Principal,
  now: string,
  payment?: MilestonePayment,
): Promise<CaseChange> {
  const c = stored.case;
  const kind = pendingMilestone(stored);
  const step = MILESTONE_STEPS[kind];
  if (input.kind !== kind) {
    throw new IllegalTransition(
      {
        zh: `本案件正待${step.zh}，不能登记其他节点。`,
        en: `the case awaits ${step.en}; ${input.kind} is not pending`,
      },
      { caseStatus: c.status, pendingMilestone: kind },
    );
  }
  assertRecorder(stored, principal, kind);
  // 不相容岗位分离: each milestone confirmation is a duty of its own
  assertMayDecide(c, principal, kind);
  const token = waitingToken(stored, step.status, step);
  const problems = fieldProblems(kind, input);
  if (problems.length > 0) {
    throw new ValidationFailed({ zh: `${step.zh}的内容不完整`, en: `${step.en} is incomplete` }, problems);
  }
  if (kind === 'vacated') await assertPhotos(stored, input.documentIds ?? []);

  const extra: TransactItem[] = [];
  if (kind === 'disposed' && input.disposition === 'reclaimed' && input.acceptedAreaM2 !== undefined) {
    const parcelIds = c.application.type === 'homestead_exit' ? c.application.parcelIds : [];
    const registered = registeredAreaCentiM2((await householdOf(c)).homesteads, parcelIds);
    const accepted = scaled(input.acceptedAreaM2, 2);
    if (accepted > registered) {
      const reg = (Number(registered) / 100).toFixed(2);
      throw new ValidationFailed(
        { zh: '验收面积不能大于登记面积', en: 'the accepted area cannot exceed the registered area' },
        [
          {
            path: 'body.acceptedAreaM2',
            message: `${input.acceptedAreaM2} m² is more than the ${reg} m² registered`,
            messageZh: `验收面积 ${input.acceptedAreaM2} 平方米大于登记面积 ${reg} 平方米`,
          },
        ],
        { registeredAreaM2: Number(reg) },
      );
    }
    // quota (节余建设用地指标) exists only now, from what was accepted
    extra.push(...quotaAccrualItems(c, input.acceptedAreaM2, now));
  }
  if (kind === 'certificate_cancelled') {
    const household = await householdOf(c);
    const parcels = exitedParcels(c, household).map((p) => p.parcelId);
    // the registry says `exited` in the same transaction that closes the case
    // 资格权: a surrender chosen in the application takes effect with the cancellation; a kept right stays
    const surrender = qualificationChoice(c.application) === 'surrender';
    if (parcels.length > 0) extra.push(markParcelsExitedItem(household, parcels, c.caseId, now, surrender));
  }

  const milestone: Milestone = {
    kind,
    at: now,
    actor: principal.sub,
    ...(input.documentIds ? { documentIds: input.documentIds } : {}),
    ...(input.disposition ? { disposition: input.disposition } : {}),
    ...(input.acceptanceNo ? { acceptanceNo: input.acceptanceNo } : {}),
    ...(input.acceptedAreaM2 !== undefined ? { acceptedAreaM2: input.acceptedAreaM2 } : {}),
    ...(input.planApprovalNo ? { planApprovalNo: input.planApprovalNo } : {}),
    ...(input.cancellationNo ? { cancellationNo: input.cancellationNo } : {}),
    ...(input.taker ? { taker: input.taker } : {}),
  };
  const outcome = payment?.outcome ?? 'recorded';
  const outcomes: Partial<Record<HumanStepOutcome['outcome'], CaseStatus>> = STEP_OUTCOMES[kind];
  const to: CaseStatus = outcomes[outcome] ?? STEP_OUTCOMES[kind].recorded;
  if (payment) extra.push(...payment.extra);
  // "中文 / English": the disposition's words go into each half
  const [zh, en] = step.note.split(' / ');
  const how = input.disposition ? DISPOSITION_TEXT[input.disposition] : undefined;
  const recorded = how ? `${zh}：${how.zh} / ${en}: ${how.en}` : step.note;
  const note = payment ? `${recorded}；${payment.note}` : recorded;
  const next = moveCase(c, to, {
    actor: principal.sub,
    at: now,
    note,
    patch: {
      milestones: [...(c.milestones ?? []), milestone],
      pendingTask: undefined,
      ...(payment ? { paymentSchedule: payment.paymentSchedule } : {}),
    },
  });
  const { kind: _k, at: _a, actor: _r, ...fields } = milestone;
  return {
    read: stored,
    next,
    token: 'consume',
    audit: { actor: principal.sub, action: `milestone.${kind}`, detail: fields },
    ...(extra.length > 0 ? { extra } : {}),
    events: [
      caseEvent('MilestoneRecorded', next, principal.sub, c.status, { kind, ...fields }),
      ...(payment?.events ?? []),
      ...(to === 'closed' ? [caseEvent('CaseClosed', next, principal.sub, c.status, { by: kind })] : []),
    ],
    resume: { token: token.token, output: { outcome } },
  };
}
