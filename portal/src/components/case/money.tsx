import { formatFen, formatWan } from '../../lib/format';

/**
 * Money as a household reads it (issue 18): the exact figure in yuan, and beside it the same sum in 万元,
 * the unit people in the villages count large sums in. Below 1 万元 the hint would only add noise, and
 * an English reader gets the exact figure alone.
 */
const TEN_THOUSAND_YUAN_FEN = 1_000_000;

export function wanHint(fen: number, lang: string): string | undefined {
  if (lang === 'en' || Math.abs(fen) < TEN_THOUSAND_YUAN_FEN) return undefined;
  return formatWan(fen, lang);
}

/** "¥157,251.00（约 15.73 万元）" in a sentence: one string, for the translated texts that take an amount. */
export function moneyText(fen: number, lang: string): string {
  const wan = wanHint(fen, lang);
  return wan ? `${formatFen(fen, lang)}（约 ${wan}）` : formatFen(fen, lang);
}

/** The figure and its 万元 hint as two spans, so the hint can be set smaller than the figure. */
export function Money({ fen, lang, className }: { fen: number; lang: string; className?: string }) {
  const wan = wanHint(fen, lang);
  return (
    <span className={className ? `money ${className}` : 'money'}>
      <span className="money__exact">{formatFen(fen, lang)}</span>
      {wan && <span className="money__wan">约 {wan}</span>}
    </span>
  );
}

/** A date as the household says it, by the Zibo calendar: "2026年12月6日" (English: "6 December 2026"). */
export function dayText(iso: string | undefined, lang: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });
}
