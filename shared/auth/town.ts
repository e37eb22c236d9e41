import * as z from 'zod';

/**
 * A town (乡镇/街道) has no record of its own: its code is the first nine digits of its villages' 12-digit
 * codes (行政区划代码: 6 district + 3 town + 3 village), so a town reviewer's scope follows from the
 * village code every case already carries.
 */
export const townCodeSchema = z.string().regex(/^\d{9}$/, 'a 9-digit town code');

export function townOfVillage(villageCode: string): string {
  return villageCode.slice(0, 9);
}
