import type { RightName } from '../model/rights.js';
import {
  BARE_NEGATION,
  CONDITION,
  CONSEQUENCE_LEAD,
  FACT,
  KEEP,
  LOSS,
  NOT_SURRENDERED,
  RIGHT_TERMS,
  RULE_STATEMENT,
  SURRENDER,
} from './conditionalTerms.js';

/**
 * How the conditional-exit guard reads a reviewer's note: normalise, cut into sentences, clauses and
 * list segments, then give each segment a status from the term tables (conditionalTerms.ts). Nothing here
 * knows the case type; conditionalGuard.ts decides which of the rights found are out of scope.
 */

type Table = { zh: readonly string[]; en: readonly string[] };

/** Chinese fragments match anywhere; English ones as whole words (the text is lower case already). */
function compile(table: Table, flags = ''): RegExp {
  const zh = table.zh.map((f) => `(?:${f})`);
  const en = table.en.map((f) => `\\b(?:${f})\\b`);
  return new RegExp([...zh, ...en].join('|'), flags);
}

const RIGHTS = (Object.keys(RIGHT_TERMS) as RightName[]).map((right) => ({
  right,
  pattern: compile(RIGHT_TERMS[right]),
}));
const SURRENDER_RE = compile(SURRENDER);
const LOSS_RE = compile(LOSS, 'g');
const NOT_SURRENDERED_RE = compile(NOT_SURRENDERED, 'g');
const BARE_NEGATION_RE = compile(BARE_NEGATION, 'g');
const KEEP_RE = compile(KEEP);
const RULE_RE = compile(RULE_STATEMENT);
const FACT_RE = compile(FACT);
const CONDITION_RE = compile(CONDITION);
const CONSEQUENCE_RE = compile(CONSEQUENCE_LEAD);

/** What negated phrases are rewritten to, so that the single words inside them are not read again. */
const KEPT_MARK = ' ⟦kept⟧ ';
const LOST_MARK = ' ⟦lost⟧ ';

/**
 * Full-width → half-width (Ｔｈｅ，；！), the ideographic space → a space, curly apostrophes → ', ASCII
 * letters → lower case. Every character maps to exactly one, so offsets in the folded text are offsets
 * in the original, and the guard can quote the reviewer's own words.
 */
export function fold(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000\u2018\u2019A-Z]/g, (c) => {
    if (c === '\u3000') return ' ';
    if (c === '\u2018' || c === '\u2019') return "'";
    if (c >= 'A' && c <= 'Z') return c.toLowerCase();
    return String.fromCharCode(c.charCodeAt(0) - 0xfee0).toLowerCase();
  });
}

const HAN = '\\u3400-\\u9fff';
/** Spaces next to a Chinese character carry nothing ("承包 地"); runs of spaces are one. */
function compact(folded: string): string {
  return folded
    .replace(new RegExp(`\\s+(?=[${HAN}])|(?<=[${HAN}])\\s+`, 'g'), '')
    .replace(/\s+/g, ' ')
    .trim();
}

const SENTENCE_SPLIT = /[。;!?\n]+|\.(?=\s|$)/g;
/** 后 ("after …") ends a temporal clause: "退出宅基地后承包地保留", "已交回承包地后方可办理" */
const CLAUSE_SPLIT = new RegExp(`[,:]+|(?<=[${HAN}])(?:之后|以后|后)`, 'g');
const SEGMENT_SPLIT =
  /、|以及|及(?!时)|和|(?<![参给])与|或者|或|并且|而且|但是|但|然而|\b(?:and|or|but|while|whereas|plus|as well as|although|though)\b/;
/** An English clause that is only a noun phrase continues the list of the clause before it. */
const EN_NOUN_PHRASE = /^(and |or )?(the|its|their|his|her|all|any) /;
const EN_VERB_LIKE = /\b(is|are|was|were|will|shall|must|may|can|has|have|remains?|stays?)\b/;

/** The pieces of text between the separator's matches, as [start, end) offsets. */
function ranges(text: string, separator: RegExp, offset = 0): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (const m of text.matchAll(separator)) {
    out.push([offset + start, offset + m.index]);
    start = m.index + m[0].length;
  }
  out.push([offset + start, offset + text.length]);
  return out;
}

/**
 * surrender: the segment gives a right up (or says it is lost); kept: it keeps it, or negates the
 * surrender; fact: a surrender that already happened or that the household chooses, not a condition;
 * null: no verb of either kind (a list item that takes its verb from its neighbours).
 */
export type Status = 'surrender' | 'kept' | 'fact' | null;

/** The order matters: negated phrases are rewritten before the single words inside them are looked at. */
function ownStatus(segment: string, conditional: boolean): Status {
  const marked = segment
    .replace(NOT_SURRENDERED_RE, KEPT_MARK)
    .replace(LOSS_RE, LOST_MARK)
    .replace(BARE_NEGATION_RE, conditional ? LOST_MARK : KEPT_MARK);
  if (marked.includes(KEPT_MARK) || KEEP_RE.test(marked)) return 'kept';
  if (marked.includes(LOST_MARK) || SURRENDER_RE.test(marked)) return 'surrender';
  return null;
}

export interface Reading {
  /** the reviewer's words for the clause, as written (for the message) */
  quote: string;
  /** the normalised segment the status is about */
  segment: string;
  status: Status;
  /** the rights the segment names, in or out of scope */
  rights: RightName[];
}

function rightsIn(segment: string): RightName[] {
  return RIGHTS.filter(({ pattern }) => pattern.test(segment)).map(({ right }) => right);
}

/** Every segment of one reason, with the status its own verb, its list or its clause gives it. */
export function readReason(text: string): Reading[] {
  const folded = fold(text);
  const out: Reading[] = [];
  for (const [s0, s1] of ranges(folded, SENTENCE_SPLIT)) {
    const clauses = ranges(folded.slice(s0, s1), CLAUSE_SPLIT, s0)
      .map(([c0, c1]) => ({ quote: text.slice(c0, c1).trim(), clause: compact(folded.slice(c0, c1)) }))
      .filter((c) => c.clause !== '');
    let previous: Reading[] = [];
    clauses.forEach(({ quote, clause }, i) => {
      const segments = clause
        .split(SEGMENT_SPLIT)
        .map((s) => s?.trim() ?? '')
        .filter(Boolean);
      if (RULE_RE.test(clause)) {
        previous = segments.map((segment) => ({ quote, segment, status: 'kept', rights: rightsIn(segment) }));
        out.push(...previous);
        return;
      }
      // a condition: a condition word in the clause, a clause ending in 的 ("已交回承包地的"), or one
      // leading into its consequence ("……，方可办理")
      const next = clauses[i + 1]?.clause ?? '';
      const conditional = CONDITION_RE.test(clause) || CONSEQUENCE_RE.test(next);
      // a surrender that already happened or that the household chooses is no condition
      const factual = FACT_RE.test(clause) && !conditional;
      const own = segments.map((segment) => ownStatus(segment, conditional));
      const carried = previous.at(-1)?.status ?? null;
      const nounPhrase = EN_NOUN_PHRASE.test(clause) && !EN_VERB_LIKE.test(clause);
      const current = segments.map((segment, j): Reading => {
        // a segment without a verb belongs to its list: the verb before it, else the one after it
        // (Chinese puts the predicate last: "承包地和收益分配权均保留")
        const before = own.slice(0, j + 1).findLast((s) => s !== null) ?? null;
        const after = own.slice(j).find((s) => s !== null) ?? null;
        const status = before ?? after ?? (nounPhrase ? carried : null);
        return {
          quote,
          segment,
          status: status === 'surrender' && factual ? 'fact' : status,
          rights: rightsIn(segment),
        };
      });
      out.push(...current);
      previous = current;
    });
  }
  return out;
}
