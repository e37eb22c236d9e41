/**
 * The calendar day in China (UTC+8, no daylight saving) of an instant. Times are stored in UTC (API.md),
 * but who is an adult, whether a contract term has ended and which policy version is in force are
 * questions about the local day: 23:30 UTC on 31 December is already New Year's Day in Zibo.
 */
export function chinaDate(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * An instant as people in Zibo read it, to the minute: `2026年12月10日 17:30（北京时间）` and
 * `10 Dec 2026 17:30 China time (UTC+8)`. Notifications are read by households, not programs, so a
 * deadline in them must not be an ISO string in UTC that is eight hours off their clock.
 */
export function chinaDateTime(iso: string): { zh: string; en: string } {
  const local = new Date(Date.parse(iso) + 8 * 3_600_000);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const d = local.getUTCDate();
  const hm = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return {
    zh: `${y}年${m + 1}月${d}日 ${hm}（北京时间）`,
    en: `${d} ${MONTHS[m]} ${y} ${hm} China time (UTC+8)`,
  };
}
