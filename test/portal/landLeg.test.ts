import { describe, expect, it } from 'vitest';
import { landStage } from '../../portal/src/lib/landStage.js';
import {
  CREDIT_CODE,
  checkMilestone,
  emptyMilestoneForm,
  type MilestoneFormState,
  milestoneBody,
  milestoneFieldOf,
  parseArea,
  pendingMilestone,
  visibleErrors,
} from '../../portal/src/lib/milestoneForm.js';
import {
  CREDIT_CODE as CONTRACT_CREDIT_CODE,
  milestoneInputSchema,
} from '../../shared/contract/milestones.js';

/**
 * The land leg's record forms (腾退确认, 处置登记, 注销登记, 承包地交回) check what the API checks before
 * sending, and send only what the API takes; the household's progress names where its land is.
 */
const form = (change: Partial<MilestoneFormState>): MilestoneFormState => ({
  ...emptyMilestoneForm(),
  ...change,
});
const fields = (errors: { field: string; key: string }[]) => errors.map((e) => `${e.field}:${e.key}`);

describe('the land-leg record forms', () => {
  it('knows the milestone each status waits for', () => {
    expect(pendingMilestone('vacating')).toBe('vacated');
    expect(pendingMilestone('disposing')).toBe('disposed');
    expect(pendingMilestone('cancelling')).toBe('certificate_cancelled');
    expect(pendingMilestone('handing_over')).toBe('handed_over');
    expect(pendingMilestone('closed')).toBeUndefined();
  });

  it('needs a photo to confirm the vacating', () => {
    expect(fields(checkMilestone('vacated', form({})))).toEqual(['documentIds:land.err.photo']);
    expect(checkMilestone('vacated', form({ documentIds: ['D-1'] }))).toEqual([]);
  });

  it('needs the disposition, then the fields of that disposition only', () => {
    expect(fields(checkMilestone('disposed', form({})))).toEqual(['disposition:land.err.disposition']);
    expect(fields(checkMilestone('disposed', form({ disposition: 'reclaimed' })))).toEqual([
      'acceptanceNo:land.err.acceptanceNo',
      'acceptedArea:land.err.area',
    ]);
    expect(
      fields(checkMilestone('disposed', form({ disposition: 'direct_use', acceptanceNo: 'x' }))),
    ).toEqual(['planApprovalNo:land.err.planApprovalNo']);
    expect(
      checkMilestone('disposed', form({ disposition: 'development', planApprovalNo: '淄规〔2025〕12号' })),
    ).toEqual([]);
  });

  it('takes an area with at most two decimals, above 0, at most the registered area', () => {
    expect(parseArea('120.5')).toBe(120.5);
    expect(parseArea('1,234.56 ㎡')).toBe(1234.56);
    expect(parseArea('12.345')).toBeUndefined();
    expect(parseArea('0')).toBeUndefined();
    expect(parseArea('-3')).toBeUndefined();
    expect(parseArea('abc')).toBeUndefined();
    const reclaimed = (acceptedArea: string, registeredAreaM2?: number) =>
      checkMilestone('disposed', form({ disposition: 'reclaimed', acceptanceNo: 'FY-1', acceptedArea }), {
        registeredAreaM2,
      });
    expect(fields(reclaimed('12.345'))).toEqual(['acceptedArea:land.err.areaFormat']);
    expect(reclaimed('200.10', 200.1)).toEqual([]);
    expect(reclaimed('200.11', 200.1)).toEqual([
      { field: 'acceptedArea', key: 'land.err.areaOver', values: { max: '200.10' } },
    ]);
    // without the registered area the server checks it
    expect(reclaimed('999')).toEqual([]);
  });

  it('refuses registry numbers that are too long or hold control characters', () => {
    expect(fields(checkMilestone('certificate_cancelled', form({})))).toEqual([
      'cancellationNo:land.err.cancellationNo',
    ]);
    expect(fields(checkMilestone('certificate_cancelled', form({ cancellationNo: 'x'.repeat(65) })))).toEqual(
      ['cancellationNo:land.err.tooLong'],
    );
    expect(fields(checkMilestone('certificate_cancelled', form({ cancellationNo: 'A\nB' })))).toEqual([
      'cancellationNo:land.err.control',
    ]);
  });

  it('needs who takes the contract land, and a valid credit code when one is given', () => {
    expect(fields(checkMilestone('handed_over', form({})))).toEqual(['takerName:land.err.takerName']);
    expect(checkMilestone('handed_over', form({ takerName: '某村股份经济合作社' }))).toEqual([]);
    expect(fields(checkMilestone('handed_over', form({ takerName: '某公司', creditCode: '1234' })))).toEqual([
      'creditCode:land.err.creditCode',
    ]);
    // lower case is accepted as typed and sent in capitals
    expect(
      checkMilestone('handed_over', form({ takerName: '某公司', creditCode: '91370300ma3c5x7y1a' })),
    ).toEqual([]);
  });

  it('uses the contract’s credit-code pattern', () => {
    expect(CREDIT_CODE.source).toBe(CONTRACT_CREDIT_CODE.source);
  });

  it('shows the errors of the changed fields while typing, every error once sent', () => {
    const errors = checkMilestone('disposed', form({ disposition: 'reclaimed' }));
    expect(visibleErrors(errors, new Set(), false)).toEqual([]);
    expect(fields(visibleErrors(errors, new Set(['acceptedArea']), false))).toEqual([
      'acceptedArea:land.err.area',
    ]);
    expect(visibleErrors(errors, new Set(), true)).toHaveLength(2);
  });

  it('sends what the API takes, nothing of another kind', () => {
    const all = form({
      documentIds: ['D-1'],
      disposition: 'reclaimed',
      acceptanceNo: ' FY-1 ',
      acceptedArea: '120.50',
      planApprovalNo: 'P-1',
      cancellationNo: 'C-1',
      takerName: ' 某公司 ',
      creditCode: '91370300ma3c5x7y1a',
    });
    const bodies = [
      milestoneBody('vacated', all),
      milestoneBody('disposed', all),
      milestoneBody('disposed', { ...all, disposition: 'direct_use' }),
      milestoneBody('certificate_cancelled', all),
      milestoneBody('handed_over', all),
      milestoneBody('handed_over', { ...all, creditCode: '' }),
    ];
    expect(bodies).toEqual([
      { kind: 'vacated', documentIds: ['D-1'] },
      { kind: 'disposed', disposition: 'reclaimed', acceptanceNo: 'FY-1', acceptedAreaM2: 120.5 },
      { kind: 'disposed', disposition: 'direct_use', planApprovalNo: 'P-1' },
      { kind: 'certificate_cancelled', cancellationNo: 'C-1' },
      { kind: 'handed_over', taker: { name: '某公司', creditCode: '91370300MA3C5X7Y1A' } },
      { kind: 'handed_over', taker: { name: '某公司' } },
    ]);
    for (const b of bodies) expect(milestoneInputSchema.safeParse(b).success, JSON.stringify(b)).toBe(true);
  });

  it('puts the API’s field errors beside the form’s fields', () => {
    expect(milestoneFieldOf('documentIds.0')).toBe('documentIds');
    expect(milestoneFieldOf('taker')).toBe('takerName');
    expect(milestoneFieldOf('taker.name')).toBe('takerName');
    expect(milestoneFieldOf('taker.creditCode')).toBe('creditCode');
    expect(milestoneFieldOf('acceptedAreaM2')).toBe('acceptedArea');
    expect(milestoneFieldOf('cancellationNo')).toBe('cancellationNo');
  });
});

describe('where the household’s land is', () => {
  it('names the step of the land leg the case waits in', () => {
    expect(landStage({ status: 'vacating' })).toBe('vacating');
    expect(landStage({ status: 'disposing' })).toBe('disposing');
    expect(landStage({ status: 'cancelling' })).toBe('cancelling');
    expect(landStage({ status: 'handing_over' })).toBe('handing_over');
    expect(landStage({ status: 'fund_review' })).toBeUndefined();
  });

  it('tells a closed case by its last milestone, and says nothing of one closed without the land leg', () => {
    const kinds = (...k: string[]) => k.map((kind) => ({ kind }));
    expect(
      landStage({ status: 'closed', milestones: kinds('vacated', 'disposed', 'certificate_cancelled') }),
    ).toBe('cancelled');
    expect(landStage({ status: 'closed', milestones: kinds('handed_over') })).toBe('handedOver');
    expect(landStage({ status: 'closed', milestones: [] })).toBeUndefined();
  });
});
