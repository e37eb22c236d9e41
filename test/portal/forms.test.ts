import { describe, expect, it } from 'vitest';

/**
 * The modules under test import the portal's components, which the root type check (it leaves the
 * portal to portal/tsconfig.json) cannot follow: loaded by a path it does not read, typed here.
 */
interface Err {
  field: string;
  key: string;
  values?: Record<string, unknown>;
}
type DecisionState = Record<string, string | undefined>;
const portalModule = (path: string): Promise<unknown> => import(`../../portal/src/${path}`);
const { checkDecision, emptyDecision } = (await portalModule('pages/reviewer/review/decision.ts')) as {
  checkDecision: (form: DecisionState) => { errors: Err[] };
  emptyDecision: () => DecisionState;
};
const { checkStepDecision } = (await portalModule('pages/reviewer/review/stepDecision.ts')) as {
  checkStepDecision: (form: { decision?: string; reasonCodes: string[]; note: string }) => Err[];
};
const { checkPaymentLive } = (await portalModule('lib/collectivePaymentSchema.ts')) as {
  checkPaymentLive: (
    form: { amount: string; bankReference: string; payerName: string },
    due: { tranche: number; amountFen: number },
  ) => Err[];
};

/**
 * The forms' checks without a browser (issue 18 item 5): each is the form's own reading of what was
 * typed plus the API's own zod body schema, so a value the API would refuse is refused as it is typed.
 */
const fields = (errors: { field: string; key: string }[]) => errors.map((e) => `${e.field}:${e.key}`);

describe('the village decision', () => {
  const typed = (change: DecisionState) => ({
    ...emptyDecision(),
    decision: 'approve',
    membersPresent: '30',
    votesFor: '24',
    votesAgainst: '2',
    ...change,
  });

  it('says 10 / 30 is no majority, and nothing once the votes are 24', () => {
    expect(checkDecision(typed({ votesFor: '10' })).errors).toEqual([
      { field: 'votesFor', key: 'review.err.majority', values: { votes: 10, present: 30 } },
    ]);
    expect(checkDecision(typed({})).errors).toEqual([]);
  });

  it('refuses what the API schema refuses: more members than it takes, more reasons or longer ones', () => {
    // the form took six digits; the API's resolution schema takes at most 100 000 present
    expect(fields(checkDecision(typed({ membersPresent: '200000' })).errors)).toContain(
      'membersPresent:forms.err.atMost',
    );
    const long = 'x'.repeat(600);
    expect(fields(checkDecision(typed({ decision: 'return', reasons: long })).errors)).toEqual([
      'reasons:forms.err.reasonLong',
    ]);
    const many = Array.from({ length: 30 }, (_, i) => `reason ${i}`).join('\n');
    expect(fields(checkDecision(typed({ decision: 'return', reasons: many })).errors)).toEqual([
      'reasons:forms.err.reasonsMany',
    ]);
  });
});

describe('the town and district decision', () => {
  it('asks for a reason code and words for "other", as the API', () => {
    expect(fields(checkStepDecision({ decision: 'return', reasonCodes: [], note: '' }))).toEqual([
      'reasonCodes:chain.err.codes',
    ]);
    expect(checkStepDecision({ decision: 'approve', reasonCodes: ['facts_verified'], note: '' })).toEqual([]);
  });
});

describe('the collective payment record', () => {
  const due = { tranche: 1, amountFen: 14_814_000 };
  it('takes the amount due and a printable reference, as the API schema', () => {
    const form = { amount: '148140.00', bankReference: 'NYYH-2026-001', payerName: '' };
    expect(checkPaymentLive(form, due)).toEqual([]);
    expect(fields(checkPaymentLive({ ...form, bankReference: 'a\u0007b' }, due))).toEqual([
      'bankReference:collective.err.control',
    ]);
    expect(fields(checkPaymentLive({ ...form, payerName: '农'.repeat(101) }, due))).toEqual([
      'payerName:collective.err.tooLong',
    ]);
  });
});
