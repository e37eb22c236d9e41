import type { CaseType } from '../model/application.js';
import { RIGHT_LABELS, type RightName, type RightsViolation, type Surrender } from '../model/rights.js';

/**
 * The guard against conditional exits: 农村集体经济组织不得以退出土地承包权和集体收益分配权作为农户
 * 退出宅基地的条件 (二(二)3), and the mirror rule for contract land (二(二)4(3)). A review decision or
 * agreement whose condition or reason is the surrender of a right outside the case's scope is refused.
 *
 * Reasons are free text, so the guard reads them sentence by sentence and clause by clause. A clause
 * that states the rule itself ("不得以……作为条件", "must not be made conditional on …") is allowed. Other
 * clauses are cut into segments at list and contrast words (、 和 及 与 或 但, and / or / but / while);
 * a segment that pairs a surrender verb with an out-of-scope right is a condition, unless the segment
 * states that the right is preserved ("不影响承包地", "no need to give up the contract land"). A segment
 * with neither kind of verb ("……和集体收益分配权", "the equity shares") belongs to the verb of its list:
 * the segment before it in the clause, else the one after it (Chinese puts the predicate last:
 * "承包地和收益分配权均保留"); an English noun phrase after a comma continues the clause before it
 * ("surrender the contract land, the income distribution right and the shares").
 */
const IN_SCOPE: Record<CaseType, RightName> = {
  homestead_exit: 'homestead_use',
  contract_land_exit: 'contract_land',
};

const RIGHT_TERMS: Record<RightName, { zh: RegExp; en: RegExp }> = {
  homestead_use: { zh: /宅基地(?!资格)|房屋|住房|老宅/, en: /homestead(?! qualification)|house\b/i },
  homestead_qualification: {
    zh: /资格权|宅基地资格|(再|重新)申请宅基地/,
    en: /qualification|(apply|applying|application) for (a |another |new )*homestead/i,
  },
  contract_land: {
    zh: /承包地|承包经营|承包权|承包田|承包的土地|土地承包|责任田|耕地|口粮田/,
    en: /contract(ed)?[- ](land|plots?|rights?)|land[- ]contract|farm ?land/i,
  },
  collective_income_distribution: {
    zh: /收益分配|分红|集体收益|成员身份|成员资格|(退出|脱离)(本村|本|村)?集体(经济)?组织/,
    en: /income distribution|dividend|collective income|membership/i,
  },
  equity_shares: { zh: /股权|股份(?!(经济)?合作社)|股金|退股|股东/, en: /equity|shares?\b|shareholding/i },
  social_insurance: { zh: /保险|社保|医保|养老金|失业金/, en: /insurance|pension/i },
};

const SURRENDER_ZH =
  /退出|放弃|交回|交出|上交|收回|注销|让渡|转让|退还|取消|丧失|交还|退回|放掉|让出|退股|停发|停止|终止|不再参与|不得再|一并退|同时退/;
const SURRENDER_EN =
  /\b(surrender(s|ed|ing)?|give(s|n)? up|giving up|gave up|relinquish\w*|waiv(e|es|ed|ing)|forfeit\w*|hand(s|ed|ing)? (over|back)|renounc\w*|cancel\w*|transfer\w*|return(s|ing)? (the|their|its|his|her|all)|(be|is|are|been|being) returned|los(e|es|ing)|lost|exit(s|ing)? (from )?(the |its |their |his |her |all |any )?(contract|land|plots?|equity|shares?|collective|homestead|house)|withdraw(s|n|ing)? from|no longer (be )?(entitled|eligible|receives?|gets?|enjoys?|holds?))\b/i;

/** "No longer enjoys / cannot keep": a negated preservation is a surrender; read it as one first. */
const NEGATED_PRESERVED_ZH = /不再(享有|享受|保留|拥有)|不(予|能|得)保留|无法保留/g;
const NEGATED_PRESERVED_EN =
  /\b(no longer (keeps?|retains?|holds?|has)|(can ?not|can't|will not|won't|does not|doesn't|may not|shall not) (keep|retain|hold))\b/gi;

const PRESERVED_ZH =
  /不影响|不改变|保留|不受影响|继续享有|照常享有|不得以|不以|无需|无须|毋须|毋需|不需要|不需|不要求|(不得|不能|不应)要求|不必|不用|不会|不作为|不能作为|不得作为|仍(然)?(享有|享受|保留|拥有|可)|依法享有|照常|照旧|不变|不(予)?收回|不注销|不取消|不涉及/;
const PRESERVED_EN =
  /\b(not affected|unaffected|keeps?|kept|keeping|retain(s|ed|ing)?|preserv(e|es|ed|ing)|no need|need not|needn't|without (having|needing) to|remains?|continues? to|(does|do|will|shall|would)(n't| not) (affect|change|require|mean|involve|lose|have to|need to)|won't (affect|change|require|mean|involve|lose|have to|need to)|not required|no requirement|regardless of|irrespective of|as (before|usual)|unchanged|intact)\b/i;

/** A clause that states the rule itself: the surrender is NOT a condition. */
const NON_CONDITION_ZH =
  /(不得|不能|不应|不可|不以|不作为|并非|不是|不构成|不属于)[^，,。；;]{0,60}(条件|前提)/;
const NON_CONDITION_EN =
  /\b((is|are|be|was|must|shall|may|should|will|can)( not|n't)|cannot) (be )?(made )?(a |an |any )?(condition(al)?|precondition|prerequisite)\b|\bnot (a |an |any )?(condition|precondition|prerequisite)\b|\bno (conditions?|preconditions?|prerequisites?)\b|\bnever (be )?(made )?(a )?(condition(al)?|precondition)\b/i;

const SENTENCE_SPLIT = /[。；！？;!?\n]+|\.(?=\s|$)/;
/** 后 ("after …") ends a temporal clause: "退出宅基地后承包地保留" */
const CLAUSE_SPLIT = /[，,：:]+|(?<=[\u4e00-\u9fff])(?:之后|以后|后)/;
const SEGMENT_SPLIT =
  /、|以及|及(?!时)|和|(?<![参给])与|或者|或|并且|而且|但是|但|然而|\b(?:and|or|but|while|whereas|plus|as well as|although|though)\b/i;
const EN_NOUN_PHRASE = /^(and |or )?(the|its|their|his|her|all|any) /i;
const EN_VERB_LIKE = /\b(is|are|was|were|will|shall|must|may|can|has|have|remains?|stays?)\b/i;

type Status = 'surrender' | 'preserved' | null;

function segmentStatus(segment: string): Status {
  const zh = segment.replace(NEGATED_PRESERVED_ZH, '放弃');
  const en = segment.replace(NEGATED_PRESERVED_EN, 'give up');
  if (PRESERVED_ZH.test(zh) || PRESERVED_EN.test(en)) return 'preserved';
  if (SURRENDER_ZH.test(zh) || SURRENDER_EN.test(en)) return 'surrender';
  return null;
}

interface Reading {
  clause: string;
  segment: string;
  status: Status;
}

/** Every segment of a reason, with the status its own verb or its list gives it. */
function read(text: string): Reading[] {
  const out: Reading[] = [];
  for (const sentence of text.split(SENTENCE_SPLIT)) {
    let previousClause: Reading[] = [];
    for (const rawClause of sentence.split(CLAUSE_SPLIT)) {
      const clause = rawClause?.trim() ?? '';
      if (!clause) continue;
      const segments = clause
        .split(SEGMENT_SPLIT)
        .map((s) => s?.trim() ?? '')
        .filter(Boolean);
      if (NON_CONDITION_ZH.test(clause) || NON_CONDITION_EN.test(clause)) {
        previousClause = segments.map((segment) => ({ clause, segment, status: 'preserved' }));
        out.push(...previousClause);
        continue;
      }
      const own = segments.map(segmentStatus);
      const carried = previousClause.at(-1)?.status ?? null;
      const nounPhrase = EN_NOUN_PHRASE.test(clause) && !EN_VERB_LIKE.test(clause);
      const current = segments.map((segment, i): Reading => {
        const before = own.slice(0, i + 1).findLast((s) => s !== null) ?? null;
        const after = own.slice(i).find((s) => s !== null) ?? null;
        const status = before ?? after ?? (nounPhrase ? carried : null);
        return { clause, segment, status };
      });
      out.push(...current);
      previousClause = current;
    }
  }
  return out;
}

export interface GuardResult {
  allowed: boolean;
  violations: RightsViolation[];
}

export function conditionalSurrenderGuard(
  caseType: CaseType,
  reasons: readonly string[],
  conditions: readonly Surrender[] = [],
): GuardResult {
  /** right → the clause that makes it a condition (null for a structured condition) */
  const found = new Map<RightName, string | null>();
  for (const c of conditions) if (c.right !== IN_SCOPE[caseType]) found.set(c.right, null);
  for (const reason of reasons) {
    for (const { clause, segment, status } of read(reason)) {
      if (status !== 'surrender') continue;
      for (const right of Object.keys(RIGHT_TERMS) as RightName[]) {
        if (right === IN_SCOPE[caseType] || found.has(right)) continue;
        const terms = RIGHT_TERMS[right];
        if (terms.zh.test(segment) || terms.en.test(segment)) found.set(right, clause);
      }
    }
  }
  const violations = [...found.entries()].map(([right, clause]): RightsViolation => {
    const label = RIGHT_LABELS[right];
    const quoteZh = clause === null ? '' : `（“${clause}”）`;
    const quoteEn = clause === null ? '' : ` ("${clause}")`;
    return {
      right,
      messageZh: `不得以放弃${label.zh}作为退出的条件${quoteZh}。退出只涉及本次申请的权利，其他权利依法保留。`,
      messageEn: `An exit may not be made conditional on giving up the ${label.en}${quoteEn}. Only the rights applied for are affected; every other right is kept.`,
    };
  });
  return { allowed: violations.length === 0, violations };
}
