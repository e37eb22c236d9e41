import { describe, expect, it } from 'vitest';
import {
  caseNumberOf,
  formatDeadline,
  formatDeadlineBy,
  householdName,
  normaliseCaseNumber,
  placeName,
  timelineActor,
} from '../../portal/src/lib/format.js';

/** Issue 18: names, not codes, in the portal's one set of helpers (lib/format.ts). */
const t = (key: string) => `[${key}]`;

describe('names and deadlines as people read them', () => {
  it('shows a deadline as the Zibo date, one format; midnight in Zibo ends the day before', () => {
    expect(formatDeadline('2027-01-05T09:00:00.000Z')).toBe('2027年1月5日');
    expect(formatDeadline('2027-01-04T17:00:00.000Z')).toBe('2027年1月5日'); // 01:00 on the 5th in Zibo
    expect(formatDeadline('2027-01-05T16:00:00.000Z')).toBe('2027年1月5日'); // 00:00 on the 6th: the 5th ends
    expect(formatDeadlineBy('2027-01-05T09:00:00.000Z')).toBe('2027年1月5日前');
    expect(formatDeadlineBy('2027-01-05T09:00:00.000Z', 'en')).toBe('by 5 Jan 2027');
  });

  it('names the household, place and case, falling back to the ids on older cases', () => {
    const named = {
      caseId: 'C-20261205-3f9a0c1d',
      caseNumber: '370302-20261206-0042',
      householdId: 'H-370302-0001',
      householdHeadName: '王建国',
      village: '370302101201',
      villageName: '东坪村',
      townName: '洪山镇',
    };
    expect([householdName(named), placeName(named), caseNumberOf(named)]).toEqual([
      '王建国',
      '洪山镇 东坪村',
      '370302-20261206-0042',
    ]);
    const old = { caseId: named.caseId, householdId: named.householdId, village: named.village };
    expect([householdName(old), placeName(old), caseNumberOf(old)]).toEqual([
      'H-370302-0001',
      '370302101201',
      'C-20261205-3f9a0c1d',
    ]);
  });

  it('shows who wrote a timeline entry by office and name, the system as 系统, never a raw id', () => {
    expect(timelineActor({ actor: 'system:seed' }, t)).toBe('[timeline.system]');
    expect(timelineActor({ actor: 'fund-370302-a', actorName: '刘海燕' }, t)).toBe('[timeline.fund] 刘海燕');
    expect(timelineActor({ actor: 'fund-370302-a' }, t)).toBe('[timeline.fund]');
    expect(timelineActor({ actor: '2f1c9a7e-uuid-of-cognito' }, t)).toBe('[names.staff]');
    expect(timelineActor({ actor: 'applicant-H-370302-0001', actorName: '王建国（cash）' }, t)).toBe(
      '[timeline.household]',
    );
  });

  it('takes a case number as read out or typed: spaces, full-width digits and dashes, no dashes', () => {
    expect(normaliseCaseNumber(' 370302－20261206－0042 ')).toBe('370302-20261206-0042');
    expect(normaliseCaseNumber('３７０３０２２０２６１２０６００４２')).toBe('370302-20261206-0042');
    expect(normaliseCaseNumber('C-20261205-3f9a0c1d')).toBe('C-20261205-3f9a0c1d');
  });
});
