import * as z from 'zod';

/**
 * Who calls: the groups of API.md's Identity section (`cognito:groups`) with Wave 2's review chain and
 * land leg (town_reviewer, district_approver, land_officer), and the local runtime's demo users
 * (`GET /local/users`, `POST /local/login`), which only the local runtime answers.
 */
export const ROLES = [
  'applicant',
  'village_reviewer',
  'fund_admin',
  'registrar',
  'auditor',
  'town_reviewer',
  'district_approver',
  'land_officer',
] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** A demo user of the local runtime, with the scope claims its token carries. */
export const localUserViewSchema = z.object({
  userId: z.string(),
  displayName: z.string().optional(),
  groups: z.array(roleSchema),
  householdId: z.string().optional(),
  village: z.string().optional(),
  /** a town reviewer's 9-digit town code (custom:town) */
  town: z.string().optional(),
  district: z.string().optional(),
});
export type LocalUserView = z.infer<typeof localUserViewSchema>;

/** `GET /local/users` → 200 */
export const localUsersSchema = z.object({ items: z.array(localUserViewSchema) });

/** `POST /local/login` → 200: a bearer token signed by the local issuer. */
export const localLoginSchema = z.object({ token: z.string() });
