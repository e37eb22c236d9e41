import { keys } from '../../../adapters/keys.js';
import { getItem, type TransactItem, tableName } from '../../../adapters/table/dynamo.js';
import { getVillage } from '../../../adapters/table/registryRepository.js';
import { chinaDate } from '../../../domain/chinaDate.js';
import type { Case, EquityState } from '../../../domain/model/case.js';
import type { PolicyParameters } from '../../../domain/model/policy.js';
import type { Village } from '../../../domain/model/village.js';
import { RuleRefused } from '../../../errors/appError.js';

/**
 * 防范大规模赎回 (DOMAIN.md wave 2, equity exit): in one calendar year (by the Zibo date) a collective buys
 * back at most `equityRedemptionCapBp` of its `totalShares` (illustrative 5 %). The district's approval of
 * an equity exit takes its shares out of that year's quota: one counter item per collective and year,
 * updated in the approval's own transaction on condition that it stays within the cap. Two approvals at
 * once cannot both slip under it: one transaction wins, the other's condition (or conflict) refuses it,
 * and the refusal reads the counter again to say, with the figures, that the cap is reached. A case that
 * would pass the cap waits at the district's approval for the next year's quota (the approval is refused
 * until then, 422 with the figures) or is rejected by the approver. A withdrawal at the offers or a
 * rescission during the cooling-off gives its shares back to the year they were taken from.
 */

/** The shares the cap allows in a year: never above the cap (rounded down). */
export function capShares(totalShares: number, capBp: number): number {
  return Math.floor((totalShares * capBp) / 10_000);
}

/** The calendar year in Zibo (UTC+8) of an instant. */
export function ziboYear(iso: string): number {
  return Number(chinaDate(iso).slice(0, 4));
}

export interface RedemptionFigures {
  year: number;
  totalShares: number;
  capShares: number;
  redeemedShares: number;
  requestedShares: number;
}

async function redeemedIn(village: string, year: number): Promise<number> {
  const item = await getItem(keys.redemption(village, year));
  const n = item?.redeemedShares;
  return typeof n === 'number' ? n : 0;
}

function capRefusal(f: RedemptionFigures): RuleRefused {
  const pct = (capPct: number) => `${capPct}%`;
  const share = pct(Number(((f.capShares / f.totalShares) * 100).toFixed(2)));
  const left = Math.max(0, f.capShares - f.redeemedShares);
  return new RuleRefused(
    {
      zh: `本集体 ${f.year} 年度股权回购上限为 ${f.capShares} 股（总股本 ${f.totalShares} 股的约 ${share}），已回购 ${f.redeemedShares} 股，尚余 ${left} 股；本案退出 ${f.requestedShares} 股将超出上限。可待下一年度额度，或不予批准。`,
      en: `the collective may buy back at most ${f.capShares} shares in ${f.year} (about ${share} of ${f.totalShares}); ${f.redeemedShares} are bought back already, ${left} remain, and this case's ${f.requestedShares} would pass the cap. Wait for next year's quota, or reject the case.`,
    },
    [
      {
        path: 'application.shares',
        message: `${f.requestedShares} shares exceed the ${left} left under the ${f.year} cap`,
        messageZh: `${f.requestedShares} 股超过 ${f.year} 年度剩余额度 ${left} 股`,
      },
    ],
    { redemption: f },
  );
}

/** The village's share value and total shares, or 422: the registrar has not recorded them. */
export async function equityVillage(c: Case): Promise<Village & { shareValueFen: number; totalShares: number }> {
  const village = await getVillage(c.village);
  if (!village || village.shareValueFen === undefined || village.totalShares === undefined) {
    throw new RuleRefused(
      {
        zh: '村集体尚未登记每股净资产或总股本，无法核定股权退出价格，请登记员先行登记。',
        en: "the collective's share value or total shares are not recorded; the registrar must record them first",
      },
      [
        {
          path: 'village.shareValueFen',
          message: 'required for an equity exit',
          messageZh: '股权退出须登记每股净资产和总股本',
        },
      ],
    );
  }
  return { ...village, shareValueFen: village.shareValueFen, totalShares: village.totalShares };
}

/**
 * The district's approval of an equity exit: the shares taken from this year's quota (the item for the
 * approval's transaction), the case's equity state, and what to say if the transaction is refused.
 */
export async function reserveRedemption(
  c: Case,
  village: { totalShares: number; shareValueFen: number },
  params: PolicyParameters,
  now: string,
): Promise<{ item: TransactItem; equity: EquityState; explainRefusal: () => Promise<void> }> {
  if (c.application.type !== 'equity_exit') throw new Error(`case ${c.caseId} is no equity exit`);
  const shares = c.application.shares;
  const year = ziboYear(now);
  const cap = capShares(village.totalShares, params.equityRedemptionCapBp);
  const figures = async (): Promise<RedemptionFigures> => ({
    year,
    totalShares: village.totalShares,
    capShares: cap,
    redeemedShares: await redeemedIn(c.village, year),
    requestedShares: shares,
  });
  const now_ = await figures();
  if (now_.redeemedShares + shares > cap) throw capRefusal(now_);
  return {
    item: {
      Update: {
        TableName: tableName(),
        Key: keys.redemption(c.village, year),
        UpdateExpression:
          'SET #type = :type, #village = :village, #year = :year, #cap = :cap ADD #redeemed :shares',
        // within the cap after this case: no other approval may have taken the room meanwhile
        ConditionExpression: 'attribute_not_exists(#redeemed) OR #redeemed <= :room',
        ExpressionAttributeNames: {
          '#type': 'type',
          '#village': 'villageCode',
          '#year': 'year',
          '#cap': 'capShares',
          '#redeemed': 'redeemedShares',
        },
        ExpressionAttributeValues: {
          ':type': 'Redemption',
          ':village': c.village,
          ':year': year,
          ':cap': cap,
          ':shares': shares,
          ':room': cap - shares,
        },
      },
    },
    equity: { ...(c.equity ?? {}), shareValueFen: village.shareValueFen, redemptionYear: year },
    explainRefusal: async () => {
      const f = await figures();
      if (f.redeemedShares + shares > cap) throw capRefusal(f);
    },
  };
}

/** The shares a withdrawn or rescinded equity exit gives back to the year they were taken from. */
export function releaseRedemptionItems(c: Case): TransactItem[] {
  const year = c.equity?.redemptionYear;
  if (c.application.type !== 'equity_exit' || year === undefined) return [];
  return [
    {
      Update: {
        TableName: tableName(),
        Key: keys.redemption(c.village, year),
        UpdateExpression: 'ADD #redeemed :minus',
        ConditionExpression: '#redeemed >= :shares',
        ExpressionAttributeNames: { '#redeemed': 'redeemedShares' },
        ExpressionAttributeValues: { ':minus': -c.application.shares, ':shares': c.application.shares },
      },
    },
  ];
}
