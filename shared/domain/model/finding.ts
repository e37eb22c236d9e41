import * as z from 'zod';

export const HOMESTEAD_RULE_IDS = [
  'H-VOLUNTARY',
  'H-LEGAL',
  'H-QUALIFIED',
  'H-UNENCUMBERED',
  'H-NO-DUPLICATE',
  'H-PILOT',
] as const;
export const CONTRACT_RULE_IDS = [
  'C-VOLUNTARY',
  'C-NONFARM',
  'C-PLOTS',
  'C-NO-DUPLICATE',
  'C-PILOT',
] as const;
/** 集体资产股权有偿退出 (二(二)5) */
export const EQUITY_RULE_IDS = ['E-VOLUNTARY', 'E-SETTLED', 'E-SHARES', 'E-NO-DUPLICATE', 'E-PILOT'] as const;
export const ruleIdSchema = z.enum([...HOMESTEAD_RULE_IDS, ...CONTRACT_RULE_IDS, ...EQUITY_RULE_IDS]);
export type RuleId = z.infer<typeof ruleIdSchema>;

/** One rule's verdict, explained in words a farmer understands. */
export const findingSchema = z.strictObject({
  ruleId: ruleIdSchema,
  /** Clause of the Zibo action plan, e.g. "二(二)3". */
  clause: z.string(),
  passed: z.boolean(),
  messageZh: z.string(),
  messageEn: z.string(),
  /** Structured detail for screens and reports: the ids the reason names. */
  subjects: z.array(z.string()).default([]),
});
export type Finding = z.infer<typeof findingSchema>;
