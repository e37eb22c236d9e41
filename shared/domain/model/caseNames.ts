import * as z from 'zod';
import type { Household } from './household.js';
import type { Village } from './village.js';

/**
 * The names people read on a case (issue 18): the head of household, the village and town, and each
 * member by id, as the registry had them when the case was filed. Kept with the case so that every list
 * and view names them from the one item it reads (no registry read per row); a later correction of the
 * registry shows on cases filed after it. Bounded like the registry's stored records.
 */
export const caseNamesSchema = z.strictObject({
  householdHead: z.string().max(50),
  village: z.string().max(100),
  town: z.string().max(100),
  members: z.array(z.strictObject({ memberId: z.string().max(64), name: z.string().max(50) })).max(50),
});
export type CaseNames = z.infer<typeof caseNamesSchema>;

/** The names of a case filed now, from the household's and the village's registry records. */
export function caseNamesOf(
  household: Pick<Household, 'headMemberId' | 'members'>,
  village: Pick<Village, 'name' | 'townName'>,
): CaseNames {
  const head = household.members.find((m) => m.memberId === household.headMemberId);
  return {
    householdHead: head?.name ?? '',
    village: village.name,
    town: village.townName,
    members: household.members.map((m) => ({ memberId: m.memberId, name: m.name })),
  };
}
