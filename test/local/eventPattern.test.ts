import { describe, expect, it } from 'vitest';
import {
  compilePattern,
  type EventPatternObject,
  fromCdkEventPattern,
  InvalidEventPatternError,
  matchesPattern,
} from '../../local/aws/eventPattern.js';

const EVENT = {
  version: '0',
  id: 'e-1',
  'detail-type': 'CaseSubmitted',
  source: 'homestead-exit',
  account: '000000000000',
  time: '2026-05-04T03:02:01Z',
  region: 'us-east-1',
  resources: ['arn:aws:case:C1', 'arn:aws:household:H1'],
  detail: {
    caseId: 'C-370302-0001',
    toStatus: 'submitted',
    fromStatus: 'draft',
    amountFen: 1_250_000,
    flagged: false,
    reason: null,
    tags: ['urgent', 'pilot'],
    village: { code: '370302101201', tier: 2 },
    documents: [
      { kind: 'id_card', status: 'accepted' },
      { kind: 'hukou', status: 'rejected' },
    ],
  },
};

const cases: Array<[string, EventPatternObject, boolean]> = [
  ['exact source', { source: ['homestead-exit'] }, true],
  ['one of several values', { source: ['other', 'homestead-exit'] }, true],
  ['wrong source', { source: ['other'] }, false],
  ['source and detail-type together', { source: ['homestead-exit'], 'detail-type': ['CaseSubmitted'] }, true],
  [
    'detail-type mismatch fails the whole pattern',
    { source: ['homestead-exit'], 'detail-type': ['CaseClosed'] },
    false,
  ],
  ['nested detail field', { detail: { toStatus: ['submitted'] } }, true],
  ['deeply nested field', { detail: { village: { tier: [2] } } }, true],
  ['number is not its string', { detail: { village: { tier: ['2'] } } }, false],
  ['boolean value', { detail: { flagged: [false] } }, true],
  ['null value', { detail: { reason: [null] } }, true],
  ['null does not match a missing field', { detail: { missing: [null] } }, false],
  ['array field: any element matches', { detail: { tags: ['pilot'] } }, true],
  ['array field: no element matches', { detail: { tags: ['other'] } }, false],
  ['top-level resources array', { resources: ['arn:aws:household:H1'] }, true],
  [
    'array of objects: any element matches the nested pattern',
    { detail: { documents: { status: ['rejected'] } } },
    true,
  ],
  ['array of objects: no element matches', { detail: { documents: { status: ['pending'] } } }, false],
  ['missing nested object', { detail: { nothing: { here: ['x'] } } }, false],
  ['nested pattern against a scalar', { detail: { toStatus: { x: ['submitted'] } } }, false],
  ['prefix', { detail: { caseId: [{ prefix: 'C-370302' }] } }, true],
  ['prefix mismatch', { detail: { caseId: [{ prefix: 'C-370303' }] } }, false],
  ['prefix on a number', { detail: { amountFen: [{ prefix: '1' }] } }, false],
  [
    'prefix with equals-ignore-case',
    { detail: { caseId: [{ prefix: { 'equals-ignore-case': 'c-370302' } }] } },
    true,
  ],
  ['suffix', { detail: { caseId: [{ suffix: '0001' }] } }, true],
  ['equals-ignore-case', { 'detail-type': [{ 'equals-ignore-case': 'casesubmitted' }] }, true],
  ['wildcard', { detail: { caseId: [{ wildcard: 'C-*-0001' }] } }, true],
  ['wildcard mismatch', { detail: { caseId: [{ wildcard: 'C-*-0002' }] } }, false],
  ['wildcard treats regex characters literally', { detail: { caseId: [{ wildcard: 'C.370302*' }] } }, false],
  ['anything-but a value', { detail: { toStatus: [{ 'anything-but': 'closed' }] } }, true],
  ['anything-but the value itself', { detail: { toStatus: [{ 'anything-but': 'submitted' }] } }, false],
  ['anything-but a list', { detail: { toStatus: [{ 'anything-but': ['closed', 'withdrawn'] }] } }, true],
  [
    'anything-but a list holding it',
    { detail: { toStatus: [{ 'anything-but': ['submitted', 'x'] }] } },
    false,
  ],
  ['anything-but a prefix', { detail: { caseId: [{ 'anything-but': { prefix: 'C-370303' } }] } }, true],
  [
    'anything-but a matching prefix',
    { detail: { caseId: [{ 'anything-but': { prefix: 'C-370302' } }] } },
    false,
  ],
  ['anything-but never matches a missing field', { detail: { missing: [{ 'anything-but': 'x' }] } }, false],
  ['anything-but a number', { detail: { amountFen: [{ 'anything-but': 0 }] } }, true],
  ['exists true on a present leaf', { detail: { toStatus: [{ exists: true }] } }, true],
  ['exists true on a null leaf', { detail: { reason: [{ exists: true }] } }, true],
  ['exists true on a missing field', { detail: { missing: [{ exists: true }] } }, false],
  ['exists true on an object (not a leaf)', { detail: { village: [{ exists: true }] } }, false],
  ['exists false on a missing field', { detail: { missing: [{ exists: false }] } }, true],
  ['exists false on a present field', { detail: { toStatus: [{ exists: false }] } }, false],
  ['exists false under a missing object', { detail: { nothing: { here: [{ exists: false }] } } }, true],
  ['numeric range', { detail: { amountFen: [{ numeric: ['>', 0, '<=', 1_250_000] }] } }, true],
  ['numeric out of range', { detail: { amountFen: [{ numeric: ['<', 1_250_000] }] } }, false],
  ['numeric equality', { detail: { village: { tier: [{ numeric: ['=', 2] }] } } }, true],
  ['numeric on a string', { detail: { caseId: [{ numeric: ['>=', 0] }] } }, false],
  ['a value or a filter', { detail: { toStatus: ['closed', { prefix: 'sub' }] } }, true],
  ['$or: one branch matches', { $or: [{ source: ['x'] }, { detail: { toStatus: ['submitted'] } }] }, true],
  ['$or: no branch matches', { $or: [{ source: ['x'] }, { detail: { toStatus: ['closed'] } }] }, false],
  ['$or nested in detail', { detail: { $or: [{ toStatus: ['x'] }, { fromStatus: ['draft'] }] } }, true],
];

describe('matchesPattern', () => {
  it.each(cases)('%s', (_, pattern, expected) => {
    expect(matchesPattern(pattern, EVENT)).toBe(expected);
  });

  it('matches nothing that is not an event object', () => {
    const match = compilePattern({ source: [{ exists: false }] });
    expect(match(EVENT)).toBe(false);
    expect(match({})).toBe(true);
    expect(match(null)).toBe(false);
    expect(match('homestead-exit')).toBe(false);
  });

  it.each<[string, unknown]>([
    ['an empty pattern', {}],
    ['a scalar leaf', { source: 'homestead-exit' }],
    ['an empty leaf', { source: [] }],
    ['an unknown operator', { source: [{ regex: '.*' }] }],
    ['two operators in one filter', { source: [{ prefix: 'a', suffix: 'b' }] }],
    ['exists with a string', { source: [{ exists: 'yes' }] }],
    ['numeric with an odd list', { detail: { n: [{ numeric: ['>', 1, '<'] }] } }],
    ['numeric with a bad operator', { detail: { n: [{ numeric: ['!=', 1] }] } }],
    ['prefix with a number', { source: [{ prefix: 1 }] }],
    ['anything-but with an empty list', { source: [{ 'anything-but': [] }] }],
    ['anything-but nesting numeric', { source: [{ 'anything-but': { numeric: ['>', 1] } }] }],
    ['$or that is not a list', { $or: { source: ['x'] } }],
  ])('refuses %s when compiled', (_, pattern) => {
    expect(() => compilePattern(pattern as EventPatternObject)).toThrow(InvalidEventPatternError);
  });

  it('names where a pattern is wrong', () => {
    expect(() => compilePattern({ detail: { village: { tier: [{ numeric: ['~', 1] }] } } })).toThrow(
      /detail\.village\.tier\[0\]/,
    );
  });

  it('reads CDK patterns (detailType) in their wire form', () => {
    const wire = fromCdkEventPattern({
      source: ['homestead-exit'],
      detailType: ['CaseSubmitted'],
      detail: undefined,
    });
    expect(wire).toEqual({ source: ['homestead-exit'], 'detail-type': ['CaseSubmitted'] });
    expect(matchesPattern(wire, EVENT)).toBe(true);
    expect(matchesPattern(fromCdkEventPattern({ detailType: ['LedgerReconciliationFailed'] }), EVENT)).toBe(
      false,
    );
  });
});
