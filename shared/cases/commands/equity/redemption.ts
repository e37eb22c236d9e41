import { keys } from '../../../adapters/keys.js';
import { getItem, type TransactItem, tableName } from '../../../adapters/table/dynamo.js';
import { getVillage } from '../../../adapters/table/registryRepository.js';
import {
  checkRedemption,
  type RedemptionCheck,
  redemptionCapShares,
  ziboYear,
} from '../../../domain/equity/redemption.js';
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

async function redeemedIn(village: string, year: number): Promise<number> {
  const item = await getItem(keys.redemption(village, year));
  const n = item?.redeemedShares;
  return typeof n === 'number' ? n : 0;
}

/** 422 with every figure (shared/domain/equity/redemption.ts says them), for the approver and the household. */
function capRefusal(check: RedemptionCheck, year: number, totalShares: number): RuleRefused {
  return new RuleRefused(
    { zh: check.messageZh, en: check.messageEn },
    [
      {
        path: 'application.shares',
        message: `${check.requestedShares} shares exceed the ${check.remainingShares} left under the ${year} cap`,
        messageZh: `${check.requestedShares} 股超过 ${year} 年度剩余额度 ${check.remainingShares} 股`,
      },
    ],
    {
      redemption: {
        year,
        totalShares,
        capShares: check.capShares,
        redeemedShares: check.redeemedShares,
        requestedShares: check.requestedShares,
        remainingShares: check.remainingShares,
      },
    },
  );
}

/** The village's share value and total shares, or 422: the registrar has not recorded them. */
export async function equityVillage(
  c: Case,
): Promise<Village & { shareValueFen: number; totalShares: number }> {
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
  const cap = redemptionCapShares(village.totalShares, params.equityRedemptionCapBp);
  const check = async () =>
    checkRedemption({
      totalShares: village.totalShares,
      capBp: params.equityRedemptionCapBp,
      redeemedShares: await redeemedIn(c.village, year),
      shares,
      year,
    });
  const first = await check();
  if (!first.allowed) throw capRefusal(first, year, village.totalShares);
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
      const again = await check();
      if (!again.allowed) throw capRefusal(again, year, village.totalShares);
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
