/**
 * Money is integer fen on the wire (API.md); it is shown in yuan with two decimals and never passes
 * through a float division, so what the household reads is exactly what the ledger holds.
 */
export function formatFen(fen: number, lang = 'zh-CN'): string {
  const negative = fen < 0;
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  const grouped = yuan.toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN');
  return `${negative ? '−' : ''}¥${grouped}.${cents}`;
}

/** Large sums in 万元 for Chinese readers (¥157,251.00 → 15.73 万元); a reading aid beside the exact figure. */
export function formatWan(fen: number, lang = 'zh-CN'): string {
  if (lang === 'en') return formatFen(fen, lang);
  const wan = fen / 1_000_000;
  return `${wan.toLocaleString('zh-CN', { maximumFractionDigits: 2, minimumFractionDigits: 2 })} 万元`;
}

/**
 * A yuan amount typed by a person ("1,200.5", "1200元") → fen, or undefined when it is not a valid
 * amount with at most two decimals. String arithmetic, so 0.1 + 0.2 never enters the ledger.
 */
export function parseYuanToFen(input: string): number | undefined {
  const cleaned = input.replace(/[,，\s¥￥元]/g, '');
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!m) return undefined;
  const whole = Number(m[1]);
  const frac = Number((m[2] ?? '').padEnd(2, '0'));
  const fen = whole * 100 + frac;
  return Number.isSafeInteger(fen) ? fen : undefined;
}

/** An exact area in 0.01 m² (`…CentiM2` on the wire) as m² with two decimals: 28058 → "280.58". */
export function formatCentiM2(centi: number, lang = 'zh-CN'): string {
  const negative = centi < 0;
  const abs = Math.abs(Math.trunc(centi));
  const whole = Math.floor(abs / 100).toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN');
  return `${negative ? '−' : ''}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

export function formatDateTime(iso: string | undefined, lang = 'zh-CN'): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function formatDate(iso: string | undefined, lang = 'zh-CN'): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
}

/** Today in China (the meeting date of a village resolution is a local date). */
export function todayInChina(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;

/** The calendar day of an instant in Zibo (UTC+8, no daylight saving), counted in days since 1970-01-01. */
export function ziboDayNumber(ms: number): number {
  return Math.floor((ms + 8 * 3600_000) / DAY_MS);
}

/**
 * A deadline as a person at the desk counts it, by the Zibo calendar: `days` is the due day minus today
 * (0: due today, negative: so many days late), `overdue` whether the moment has passed (a task due at
 * 09:00 today is overdue at 10:00 while its day is still today).
 */
export function deadline(dueAt: string, now: number): { days: number; overdue: boolean } | undefined {
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return undefined;
  return { days: ziboDayNumber(due) - ziboDayNumber(now), overdue: due < now };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The API's notes are "中文 / English"; each reader gets their half. */
export function pickNote(note: string, lang: string): string {
  // the Chinese half ends in a Chinese character or full-width bracket, then "/" and the English half
  const m = /^(.*?[\u3000-\u9fff\uff00-\uffef])\s*\/\s+(.+)$/su.exec(note);
  if (!m?.[1] || !m[2]) return note;
  return lang === 'en' ? m[2] : m[1];
}

/** Age on a given day, for "adult members must consent" (18 or older, DOMAIN.md). */
export function isAdultOn(birthDate: string, on: Date = new Date()): boolean {
  const [y, m, d] = birthDate.split('-').map(Number);
  if (!y || !m || !d) return true;
  const today = new Date(on.getTime() + 8 * 3600_000);
  let age = today.getUTCFullYear() - y;
  const beforeBirthday =
    today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return age >= 18;
}

export function maskNationalId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 4)}**********${id.slice(-4)}` : id;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A deadline as a date by the Zibo calendar, the one format wherever a deadline shows (issue 18):
 * "2027年1月5日" / "5 Jan 2027" (the words around it say "前" / "by"). A deadline at midnight in Zibo
 * ends the day before, so it is that day's date.
 */
export function formatDeadline(iso: string | undefined, lang = 'zh-CN'): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const local = new Date(ms - 1 + 8 * 3600_000);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const d = local.getUTCDate();
  return lang === 'en' ? `${d} ${MONTHS_EN[m]} ${y}` : `${y}年${m + 1}月${d}日`;
}

/** "2027年1月5日前" / "by 5 Jan 2027": a deadline standing on its own. */
export function formatDeadlineBy(iso: string | undefined, lang = 'zh-CN'): string {
  const date = formatDeadline(iso, lang);
  if (!date) return '';
  return lang === 'en' ? `by ${date}` : `${date}前`;
}

/** What the case view and the summaries name a case by (issue 18); older cases carry only ids. */
export interface CaseNames {
  caseId: string;
  caseNumber?: string | undefined;
  householdId: string;
  householdHeadName?: string | undefined;
  village: string;
  villageName?: string | undefined;
  townName?: string | undefined;
}

/** The household as a person reads it: the head's name, or the household id on a case filed before names. */
export function householdName(c: Pick<CaseNames, 'householdId' | 'householdHeadName'>): string {
  return c.householdHeadName || c.householdId;
}

/** The village (and town) by name: "西河镇 西河村", or the village code on a case filed before names. */
export function placeName(c: Pick<CaseNames, 'village' | 'villageName' | 'townName'>): string {
  if (!c.villageName) return c.village;
  return c.townName ? `${c.townName} ${c.villageName}` : c.villageName;
}

/** The number a person reads out (370302-20261206-0042), or the internal id of a case filed before it. */
export function caseNumberOf(c: Pick<CaseNames, 'caseId' | 'caseNumber'>): string {
  return c.caseNumber || c.caseId;
}

/** A member by name, where the case kept the names (consents, findings name member ids). */
export function memberName(
  c: { memberNames?: readonly { memberId: string; name: string }[] | undefined },
  memberId: string,
): string {
  return c.memberNames?.find((m) => m.memberId === memberId)?.name ?? memberId;
}

/** The role an actor id stands for, as i18n keys of `timeline.*` (never the id itself). */
function roleKeyOf(actor: string): string | undefined {
  if (actor.startsWith('system:')) return 'system';
  if (actor.startsWith('applicant-')) return 'household';
  if (actor.startsWith('reviewer-') || actor.startsWith('village-clerk-')) return 'village';
  if (actor.startsWith('town-reviewer-')) return 'town';
  if (actor.startsWith('district-approver-')) return 'district';
  if (actor.startsWith('fund-')) return 'fund';
  if (actor.startsWith('land-officer-')) return 'landOfficer';
  if (actor === 'registrar' || actor.startsWith('registrar-')) return 'registrar';
  return undefined;
}

/**
 * Who wrote a timeline entry, for people: the system as 系统; a staff member as their office and the
 * name their token carried when they wrote it ("村集体 刘海燕"); the household as 申请农户; an older
 * entry without a name by its office alone; an id nobody can place as 工作人员 — never the raw id.
 */
export function timelineActor(
  e: { actor: string; actorName?: string | undefined },
  t: (key: string) => string,
): string {
  const role = roleKeyOf(e.actor);
  if (role === 'system') return t('timeline.system');
  if (role === 'household') return t('timeline.household');
  const office = role ? t(`timeline.${role}`) : t('names.staff');
  return e.actorName ? `${office} ${e.actorName}` : office;
}

/**
 * The case number as a person types it from the notice or reads it out on the phone: spaces dropped,
 * full-width digits and dashes made plain, and 18 digits without dashes put in the number's shape.
 */
export function normaliseCaseNumber(input: string): string {
  const plain = input
    .replace(/[\uff10-\uff19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[－—–‐]/g, '-')
    .replace(/\s+/g, '');
  const digits = /^(\d{6})(\d{8})(\d{4,6})$/.exec(plain);
  return digits ? `${digits[1]}-${digits[2]}-${digits[3]}` : plain;
}
