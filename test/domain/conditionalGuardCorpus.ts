import type { CaseType, RightName } from '../../shared/domain/index.js';

/**
 * The conditional-exit guard's corpus (DOMAIN.md, Wave 2 → review chain): phrasings a village reviewer
 * may write in a review note, each with the classification the guard must give it. 二(二)3: 不得以退出土地
 * 承包权和集体收益分配权作为农户退出宅基地的条件; 二(二)4(3): the mirror rule for contract land; 二(二)5:
 * insurance (医疗、养老、失业保险) is kept whatever happens.
 *
 * Refused entries make the exit conditional on giving up a right outside the case's scope, directly
 * ("须放弃承包地"), politely ("请贵户同时交回承包地") or indirectly ("股份由集体回购"); allowed entries state
 * facts, talk about the case's own right, keep another right ("保留承包地"), or state the rule itself.
 * Every phrasing the guard ever gets wrong is added here (docs/conditional-guard.md).
 */
export interface CorpusEntry {
  text: string;
  caseType: CaseType;
  expected: 'allowed' | 'refused';
  /** the one right a refused entry must name */
  right?: RightName;
}

const H: CaseType = 'homestead_exit';
const C: CaseType = 'contract_land_exit';

function refused(caseType: CaseType, text: string, right: RightName): CorpusEntry {
  return { text, caseType, expected: 'refused', right };
}

function allowed(caseType: CaseType, text: string): CorpusEntry {
  return { text, caseType, expected: 'allowed' };
}

export const CONDITIONAL_GUARD_CORPUS: readonly CorpusEntry[] = [
  // —— refused, Chinese: a homestead exit conditional on the contract land (承包地)
  refused(H, '须放弃承包地', 'contract_land'),
  refused(H, '必须同时交回承包地', 'contract_land'),
  refused(H, '请贵户同时交回承包地', 'contract_land'),
  refused(H, '烦请贵户一并退出土地承包经营权', 'contract_land'),
  refused(H, '承包地须流转给村合作社', 'contract_land'),
  refused(H, '退宅须同时退地', 'contract_land'),
  refused(H, '退出宅基地后，承包地由村集体收回，另行发包', 'contract_land'),
  refused(H, '以交回责任田为前提', 'contract_land'),
  refused(H, '该户已交回承包地的，方可办理退出', 'contract_land'),
  refused(H, '承包地最好也一起退了', 'contract_land'),
  refused(H, '若不退地，不予退宅', 'contract_land'),
  refused(H, '须 放弃 承包 地', 'contract_land'),
  // … on the collective income distribution right (集体收益分配权 / 分红)
  refused(H, '不再参加集体分红', 'collective_income_distribution'),
  refused(H, '退宅后不再参加集体分红', 'collective_income_distribution'),
  refused(H, '该户退出宅基地后不再享有集体收益分配权', 'collective_income_distribution'),
  refused(H, '建议贵户同时放弃集体分红，以便尽快办理', 'collective_income_distribution'),
  refused(H, '须先退出村集体经济组织', 'collective_income_distribution'),
  refused(H, '该户不再是集体经济组织成员', 'collective_income_distribution'),
  refused(H, '退出宅基地后不再分红', 'collective_income_distribution'),
  // … on the equity shares (股份 / 股权)
  refused(H, '股份由集体回购', 'equity_shares'),
  refused(H, '未将股权转让给村集体的，不予办理', 'equity_shares'),
  refused(H, '所持集体资产股份须一并注销', 'equity_shares'),
  // … on the qualification right (资格权)
  refused(H, '应当注销本户宅基地资格权', 'homestead_qualification'),
  refused(H, '退出宅基地后不再具有宅基地申请资格', 'homestead_qualification'),
  refused(H, '须书面承诺不再申请宅基地', 'homestead_qualification'),
  // … on insurance (二(二)5)
  refused(H, '退出后停止缴纳城镇养老保险', 'social_insurance'),
  refused(H, '同意退出，但须退出城镇职工医疗保险', 'social_insurance'),
  // —— refused, Chinese: a contract-land exit conditional on the homestead, distribution, shares, insurance
  refused(C, '退地须同时退宅', 'homestead_use'),
  refused(C, '退出承包地的前提是交回宅基地和房屋', 'homestead_use'),
  refused(C, '退出承包地后，须腾退房屋', 'homestead_use'),
  refused(C, '承包地退出后，宅基地资格权一并注销', 'homestead_qualification'),
  refused(C, '退出承包地须同时退出村集体经济组织', 'collective_income_distribution'),
  refused(C, '退地后停发该户集体分红', 'collective_income_distribution'),
  refused(C, '请贵户将所持股份转让给合作社后再办理退地', 'equity_shares'),
  refused(C, '失业保险随承包地一并注销', 'social_insurance'),

  // —— refused, English
  refused(H, 'will not receive dividends any more', 'collective_income_distribution'),
  refused(H, 'on condition that the family also gives up its farmland', 'contract_land'),
  refused(H, 'The family must hand back its contracted land as well.', 'contract_land'),
  refused(H, 'Please also return your contract plots to the village.', 'contract_land'),
  refused(H, 'We kindly ask you to also return the contract plots.', 'contract_land'),
  refused(H, 'The village will take back the farmland.', 'contract_land'),
  refused(H, 'If the household does not give up its farmland, the exit is refused.', 'contract_land'),
  refused(H, 'ＴＨＥ ＨＯＵＳＥＨＯＬＤ ＭＵＳＴ ＧＩＶＥ ＵＰ ＩＴＳ ＦＡＲＭＬＡＮＤ．', 'contract_land'),
  refused(H, "Kindly surrender the household's farmland together with the homestead.", 'contract_land'),
  refused(H, 'The household has to lease its farmland to the cooperative.', 'contract_land'),
  refused(
    H,
    'Approval is subject to the household transferring its shares to the collective.',
    'equity_shares',
  ),
  refused(H, "The collective will buy back the household's shares.", 'equity_shares'),
  refused(
    H,
    'Only if the household leaves the collective economic organisation can the exit be approved.',
    'collective_income_distribution',
  ),
  refused(H, 'Dividends will be stopped for this household.', 'collective_income_distribution'),
  refused(H, 'No dividends will be paid after the exit.', 'collective_income_distribution'),
  refused(
    H,
    'The homestead qualification will be cancelled once the exit is completed.',
    'homestead_qualification',
  ),
  refused(H, 'Unemployment insurance stops once the homestead is surrendered.', 'social_insurance'),
  refused(
    C,
    'Provided that the household also vacates its house, the land exit is approved.',
    'homestead_use',
  ),
  refused(C, 'The household must move out of its house.', 'homestead_use'),
  refused(
    C,
    'The household is required to renounce its homestead qualification as well.',
    'homestead_qualification',
  ),
  refused(
    C,
    'Exit approved provided that the equity shares are sold back to the collective.',
    'equity_shares',
  ),
  refused(C, 'The household will no longer be a member of the collective.', 'collective_income_distribution'),
  refused(
    C,
    'The family will not share in the collective income any more.',
    'collective_income_distribution',
  ),

  // —— allowed, Chinese: facts, the case's own right, other rights kept, the rule itself
  allowed(H, '同意退出宅基地'),
  allowed(H, '宅基地面积与登记不符'),
  allowed(H, '承包地继续由本户经营'),
  allowed(H, '集体分红照常发放'),
  allowed(H, '保留承包地'),
  allowed(H, '不影响集体分红'),
  allowed(H, '退出宅基地不影响本户承包地和集体分红'),
  allowed(H, '该户承包地已于2019年流转给村合作社经营'),
  allowed(H, '宅基地退出后，股份和分红不变'),
  allowed(H, '材料不全，请补充户口簿复印件'),
  allowed(H, '请贵户在公示期内核对宅基地面积'),
  allowed(H, '房屋已拆除，宅基地交回村集体'),
  allowed(H, '村集体不得要求该户放弃承包地或集体分红'),
  allowed(H, '无需交回承包地，也无需退股'),
  allowed(H, '该户养老保险、医疗保险照常缴纳'),
  allowed(H, '集体收益分配权依法保留，股份不予回购'),
  allowed(H, '经村集体经济组织成员代表会议讨论通过，同意退出宅基地'),
  allowed(H, '退出宅基地后，该户仍是本集体经济组织成员，继续参加分红'),
  allowed(H, '承包地是否流转由农户自愿决定'),
  allowed(H, '宅基地权属有争议，暂缓审核'),
  allowed(H, '承包地确权证书复印件缺失，退回补正'),
  allowed(H, '退宅不退地'),
  allowed(H, '承包地退出另案办理'),
  allowed(H, '同意，承包地流转收益归本户所有'),
  allowed(H, '该户的承包地流转合同继续有效'),
  allowed(H, '退出宅基地后，保留承包地经营权，分红照发'),
  allowed(H, '养老保险按规定办理转移接续'),
  allowed(C, '同意退出承包地，宅基地资格权予以保留'),
  allowed(C, '承包地须交回村集体，由村合作社统一经营'),
  allowed(C, '同意退地，宅基地和集体分红不受影响'),
  allowed(C, '该户宅基地已有偿退出，本次申请退出承包地'),
  allowed(C, '退出承包地不以退出宅基地为条件'),
  allowed(C, '股份经济合作社成员大会同意该户退出承包地'),
  allowed(C, '退出承包地后宅基地使用权不受影响'),

  // —— allowed, English
  allowed(H, 'materials incomplete'),
  allowed(H, 'the household keeps its contract land'),
  allowed(H, 'The exit does not affect the dividend.'),
  allowed(H, 'Area does not match the register; please re-measure the homestead.'),
  allowed(H, 'The household will continue to farm its contract land.'),
  allowed(H, 'Dividends will be paid as usual.'),
  allowed(H, 'The family retains its equity shares and its pension.'),
  allowed(H, 'The exit does not require giving up the farmland or the shares.'),
  allowed(H, 'The exit must not be made conditional on giving up the farmland.'),
  allowed(H, "The household's contract land was leased to the cooperative in 2019."),
  allowed(H, 'Surrender of the homestead and the house is agreed.'),
  allowed(H, 'Please submit the household register; the contract land is not involved.'),
  allowed(H, 'Ownership disputed: the neighbour claims part of the homestead.'),
  allowed(H, 'The household still receives its dividend as before.'),
  allowed(H, 'Nobody may ask the household to give up its contract land.'),
  allowed(H, 'The household does not give up its farmland.'),
  allowed(C, 'The household keeps its house and its homestead qualification.'),
  allowed(C, 'The family returns its contract land; the homestead and dividends are not affected.'),
  allowed(
    C,
    'Approved: the contract plots are returned to the collective, and the household keeps its homestead qualification.',
  ),
];
