import type { RightName } from '../model/rights.js';

/**
 * The words the conditional-exit guard reads (conditionalGuard.ts, docs/conditional-guard.md). Each table
 * is a list of regular-expression fragments over NORMALISED text (half-width, lower case, no spaces next
 * to a Chinese character; conditionalReading.ts), one synonym or one family of inflections per entry, so
 * that a missed phrasing is fixed by adding a word here and a line to the corpus
 * (test/domain/conditionalGuardCorpus.ts). English fragments are matched as whole words.
 */

/** How each right is named, in Chinese and in English, with its synonyms and short forms. */
export const RIGHT_TERMS: Record<RightName, { zh: readonly string[]; en: readonly string[] }> = {
  // 宅基地使用权 and the house on it; 退宅 is the short form of 退出宅基地
  homestead_use: {
    zh: ['宅基地(?!资格|申请资格)', '退宅', '老宅', '宅院', '住宅', '房屋', '住房', '农房'],
    en: ['homestead(?! qualification)', 'houses?', 'dwelling', 'residential plot'],
  },
  // 宅基地资格权: the right to be allocated a homestead, including applying for one again
  homestead_qualification: {
    zh: ['资格权', '宅基地资格', '申请资格', '建房资格', '(再|重新)申请宅基地'],
    en: ['qualification', '(apply|applying|application) for (a |another |new )*homestead'],
  },
  // 土地承包经营权; 退地 is the short form of 退出承包地
  contract_land: {
    zh: [
      '承包地',
      '承包经营',
      '承包权',
      '承包田',
      '承包的土地',
      '土地承包',
      '责任田',
      '口粮田',
      '耕地',
      '退地',
    ],
    en: [
      'contract(ed)?[- ](land|plots?|rights?|fields?)',
      'land[- ]contract\\w*',
      'farm ?land',
      'farm plots?',
    ],
  },
  // 集体收益分配权: the dividend, and membership of the collective economic organisation it rests on
  collective_income_distribution: {
    zh: [
      '收益分配',
      '分配权',
      '分红',
      '集体收益',
      '成员身份',
      '成员资格',
      '(集体经济组织|集体|合作社)成员(?!代表|大会|会议)',
      '(退出|脱离)(本村|本|村)?集体(经济)?组织',
    ],
    en: [
      'income distribution',
      'dividends?',
      'collective income',
      'membership',
      'member of the',
      '(leav(e|es|ing)|quit(s|ting)?|withdraw(s|n|ing)? from|exit(s|ing)? from) the (village )?collective',
    ],
  },
  // 集体资产股权; a 股份经济合作社 is the organisation, not a share
  equity_shares: {
    zh: ['股权', '股份(?!(经济)?合作社)', '股金', '退股', '股东'],
    en: ['equity', 'shares?(?! in\\b)', 'shareholding', 'shareholder'],
  },
  // 城镇医疗、养老、失业保险 (二(二)5): enrolment is kept whatever the exit
  social_insurance: {
    zh: ['保险', '社保', '医保', '养老金', '失业金'],
    en: ['insurance', 'pensions?'],
  },
};

/** Giving a right up, by act or by passive (股份由集体回购), including the short forms 退地 / 退宅 / 退股. */
export const SURRENDER = {
  zh: [
    '退出',
    '放弃',
    '交回',
    '交出',
    '交还',
    '上交',
    '移交',
    '归还',
    '退还',
    '退回',
    '退(?=[地宅股了掉])',
    '(一起|一同|也|都)退',
    '收归',
    '归(村)?集体(统一)?(经营|管理|使用|所有)',
    '收回',
    '回购',
    '赎回',
    '收购',
    '注销',
    '取消',
    '丧失',
    '失去',
    '让渡',
    '让出',
    '转让',
    '流转(?!收益|费|金|价款)',
    '划转',
    '放掉',
    '腾退',
    '腾空',
    '拆除',
    '停发',
    '停止',
    '终止',
    '不得再',
    '(一并|同时)退',
  ],
  en: [
    'surrender(s|ed|ing)?',
    'give(s|n)? up',
    'giving up',
    'gave up',
    'give(s|n)? back',
    'relinquish\\w*',
    'waiv(e|es|ed|ing)',
    'forfeit\\w*',
    'renounc\\w*',
    'hand(s|ed|ing)? (over|back|in)',
    'return(s|ed|ing)? (the|their|its|his|her|all|your)',
    '(be|is|are|was|were|been|being) returned',
    'transfer\\w*',
    'cancel\\w*',
    'revok\\w*',
    'terminat\\w*',
    'deregist\\w*',
    'los(e|es|ing)',
    'lost',
    'buy(s|ing)? back',
    'bought back',
    'sell(s|ing)? back',
    'sold back',
    'repurchas\\w*',
    'redeem\\w*',
    'redemption',
    'leas(e|es|ed|ing) (out|to|it|its|their|the)',
    'leav(e|es|ing)',
    'quit(s|ting)?',
    'vacat(e|es|ed|ing)',
    'mov(e|es|ed|ing) out',
    'tak(e|es|en|ing) back',
    'took back',
    'go(es)? back to',
    'revert(s|ed|ing)? to',
    'withdraw(s|n|ing)? from',
    'exit(s|ing)? (from )?(the |its |their |his |her |all |any )?(contract|land|plots?|equity|shares?|collective|homestead|house)',
    'stop(s|ped|ping)?',
    'ceas(e|es|ed|ing)',
  ],
};

/**
 * A lost enjoyment ("no longer enjoys", 不再参加): read as a surrender BEFORE the keep words, so that
 * "不再保留" and "cannot keep" are not taken for keeping.
 */
export const LOSS = {
  zh: [
    '不再(享有|享受|参加|参与|保留|拥有|领取|分配|分得|获得|具有|具备|是|作为|列为|计入|发放|缴纳|申请)',
    '不(能|得|予|会)再?(保留|享有|享受|参加|参与|领取|分得|获得)',
    '无法(保留|享有|享受|参加|参与|领取)',
    '不再?(发放?(?!生)|分红|分配|分给)',
  ],
  en: [
    'no longer( be)?( (keeps?|retains?|holds?|has|have|enjoys?))?',
    "(will not|won't|shall not|cannot|can't|can not|may not|must not) (be )?(keep|retain|hold|receive|get|enjoy|share|take part|participate|remain|entitled|eligible)",
    "(not|n't) [^,;]{0,40}any ?more",
    '(receives?|gets?|enjoys?|paid|be paid) no (more|further|longer)',
    'no (more |further )?dividends?',
  ],
};

/**
 * A negated surrender or demand ("无需放弃", "不影响", "does not require", "will not lose"): the right
 * is kept. Read before the surrender words so that "无需交回" is not taken for "交回".
 */
export const NOT_SURRENDERED = {
  zh: [
    '不影响',
    '不受影响',
    '不改变',
    '不涉及',
    '不会(影响|改变|收回|注销|取消|要求)',
    '无需',
    '无须',
    '毋须',
    '毋需',
    '不需要?',
    '不必',
    '不用',
    '不再?要求',
    '(不得|不能|不应|不可|不准)要求',
    '不(予)?(收回|注销|取消|回购|调整|变动)',
  ],
  en: [
    'not affected',
    'unaffected',
    'not involved',
    'no need',
    'need not',
    "needn't",
    'without (having|needing|being required) to',
    'not required',
    'no (longer )?requirement',
    'no longer (required|asked|needs?|has to|have to)',
    "(does|do|will|shall|would|did|must|may|can)(n't| not) (affect|change|require|mean|involve|lose|have to|need to|touch)",
    "won't (affect|change|require|mean|involve|lose|have to|need to|touch)",
    '(nobody|no one|no-one) (may|can|shall|should|will|must) (ask|require|force|oblige)',
    "(may|must|shall|should|can)(n't| not) (ask|require|force|oblige)",
    'regardless of',
    'irrespective of',
  ],
};

/**
 * A plain negated surrender ("退宅不退地", "does not give up its farmland"): the right is kept, unless the
 * clause is a condition, where it is the demand itself ("若不交回承包地，不予办理", "if it does not give up").
 */
export const BARE_NEGATION = {
  zh: ['不再?(退(?=[地宅股])|退出|交回|交出|上交|放弃|转让|流转)'],
  en: [
    "(does|do|will|shall|did|need)(n't| not) (give up|surrender|return|transfer|hand (over|back)|lease|leave|sell|waive)",
    "won't (give up|surrender|return|transfer|hand (over|back)|lease|leave|sell|waive)",
  ],
};

/** Keeping a right ("保留承包地", "继续由本户经营", "照常发放", "keeps", "as usual"). */
export const KEEP = {
  zh: [
    '保留',
    '保持',
    '不变',
    '照常',
    '照旧',
    '继续有效',
    '归(本户|该户|农户|本人)',
    '依法享有',
    '继续(由|享有|享受|经营|耕种|参加|参与|持有|保留|领取|发放|缴纳|承包|作为)',
    '仍(然)?(是|享有|享受|保留|拥有|持有|由|可)',
    '不得?以',
    '不作为',
    // the other right is a matter of its own ("承包地退出另案办理")
    '另案',
    '另行(申请|办理|审核)',
  ],
  en: [
    'keeps?',
    'kept',
    'keeping',
    'retain(s|ed|ing)?',
    'preserv(e|es|ed|ing)',
    'remains?',
    'continues? to',
    'still (receives?|gets?|holds?|owns?|enjoys?|keeps?|farms?)',
    'as (before|usual)',
    'unchanged',
    'intact',
    'separate (case|application)',
  ],
};

/**
 * A clause that states the rule itself ("不得以退出承包地作为退出宅基地的条件", "must not be made
 * conditional on …"): every right in it is kept, whatever verbs it uses.
 */
export const RULE_STATEMENT = {
  zh: ['(不得|不能|不应|不可|不以|不作为|并非|不是|不构成|不属于)[^,;:]{0,60}(条件|前提)'],
  en: [
    "((is|are|be|was|must|shall|may|should|will|can)( not|n't)|cannot) (be )?(made )?(a |an |any )?(condition(al)?|precondition|prerequisite)",
    'not (a |an |any )?(condition|precondition|prerequisite)',
    'no (conditions?|preconditions?|prerequisites?)',
    'never (be )?(made )?(a )?(condition(al)?|precondition)',
  ],
};

/**
 * A fact or the household's own choice ("已流转", "自愿", "was leased in 2019"): a surrender that already
 * happened, or that the household decides, is no condition, unless a condition marker says otherwise.
 */
export const FACT = {
  zh: ['已', '曾', '此前', '早前', '自愿', '是否', '自行决定'],
  en: [
    'already',
    'previously',
    'earlier',
    'has been',
    'have been',
    'had been',
    'was',
    'were',
    'in (19|20)\\d\\d',
    'voluntar\\w*',
    'if (it|they) (so )?wish(es)?',
  ],
};

/** Words that make a clause a condition (须, 前提, only if, on condition): they override FACT. */
export const CONDITION = {
  zh: [
    '须',
    '需',
    '必须',
    '应',
    '要求',
    '同时',
    '一并',
    '并',
    '才',
    '方可',
    '方能',
    '否则',
    '前提',
    '条件',
    '只有',
    '除非',
    '若',
    '如果',
    '不予',
    '先',
    '以便',
    '的$',
  ],
  en: [
    'must',
    'shall',
    'should',
    'requir\\w*',
    '(has|have|had|needs?|needed) to',
    'on condition',
    'conditional',
    'provided',
    'subject to',
    'only',
    'unless',
    'if(?! (it|they) (so )?wish)',
    'once',
    'as well',
    'also',
    'in (exchange|return)',
    'prerequisite',
    'precondition',
  ],
};

/** The start of the clause that follows a condition ("已交回承包地的，方可办理"). */
export const CONSEQUENCE_LEAD = {
  zh: ['^(方可|方能|才能|才可|才|再|否则|则|即可|不予|不能|不得)'],
  en: ['^(then|only then|otherwise)'],
};
