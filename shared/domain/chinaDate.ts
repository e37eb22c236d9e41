/**
 * The calendar day in China (UTC+8, no daylight saving) of an instant. Times are stored in UTC (API.md),
 * but who is an adult, whether a contract term has ended and which policy version is in force are
 * questions about the local day: 23:30 UTC on 31 December is already New Year's Day in Zibo.
 */
export function chinaDate(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}
