/**
 * An amount of money in Chinese capital numerals (人民币大写金额), as a bank or a notary writes it on
 * an agreement or a receipt so that no figure can be altered: 123456.78 元 → 壹拾贰万叁仟肆佰伍拾陆元柒角捌分.
 *
 * The rules are those of the People's Bank's 支付结算办法 (附件 正确填写票据和结算凭证的基本规定):
 * - 零壹贰叁肆伍陆柒捌玖, 拾佰仟, 万亿; an amount that ends at 元 takes 整 (at 角 the rules leave 整
 *   optional, and it is left out, as nzh does); one with 分 never does;
 * - a run of zeros inside the figure is one 零 (1005 → 壹仟零伍元; 10005 → 壹万零伍元), and so is a
 *   zero 角 before a 分 (1.05 → 壹元零伍分); zeros at the end of a group are not read (100000 → 壹拾万元);
 * - a leading 拾 is written 壹拾 (a cheque must not begin 拾万, which could be altered to 贰拾万);
 * - under one yuan there is no 元 and no leading 零 (0.05 → 伍分).
 * The figure comes in as integer fen, never a float, so no amount is ever rounded here.
 */
const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
const PLACES = ['', '拾', '佰', '仟'] as const;
/** 10^4 groups: 万, 亿 (10^8), 万亿 (10^12), 亿亿 (10^16). */
const GROUPS = ['', '万', '亿', '万亿', '亿亿'] as const;

function wholeYuan(n: bigint): string {
  if (n === 0n) return '';
  const groups: number[] = [];
  for (let rest = n; rest > 0n; rest /= 10_000n) groups.push(Number(rest % 10_000n));
  if (groups.length > GROUPS.length) throw new RangeError(`amount too large for capital numerals: ${n}`);
  let out = '';
  let zero = false;
  for (let g = groups.length - 1; g >= 0; g--) {
    const value = groups[g] ?? 0;
    for (let place = 3; place >= 0; place--) {
      const digit = Math.floor(value / 10 ** place) % 10;
      if (digit === 0) {
        // a zero only matters between two figures that are read
        if (out !== '') zero = true;
        continue;
      }
      if (zero) out += '零';
      zero = false;
      out += `${DIGITS[digit]}${PLACES[place]}`;
    }
    if (value !== 0) out += GROUPS[g];
  }
  return out;
}

/** `fen` (integer) in capital numerals, without the 人民币 in front; negative amounts begin 负. */
export function capitalAmount(fen: bigint | number): string {
  const f = BigInt(fen);
  if (f < 0n) return `负${capitalAmount(-f)}`;
  const yuanPart = wholeYuan(f / 100n);
  const jiao = Number((f / 10n) % 10n);
  const fenDigit = Number(f % 10n);
  if (yuanPart === '' && jiao === 0 && fenDigit === 0) return '零元整';
  let out = yuanPart === '' ? '' : `${yuanPart}元`;
  if (jiao !== 0) out += `${DIGITS[jiao]}角`;
  else if (fenDigit !== 0 && yuanPart !== '') out += '零';
  if (fenDigit !== 0) out += `${DIGITS[fenDigit]}分`;
  else if (jiao === 0) out += '整';
  return out;
}
