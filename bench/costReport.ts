import { costPerCase } from './cost.js';
import type { LevelResult } from './levelResult.js';
import { type PriceList, US_EAST_1 } from './prices.js';
import { f, table } from './table.js';

/** Cases a city closes in a year in the cost model (issue 17: "a city-year of 10 000 cases"). */
export const CITY_YEAR_CASES = 10_000;

/**
 * The price of one closed case at the lowest concurrency measured (at ×1 nothing escalates for want of
 * CPU, so it is the case's own work), line by line, and of a city-year of cases: what the cases cause,
 * without the fixed monthly costs (docs/performance.md lists those).
 */
export function costReport(results: LevelResult[], prices: PriceList = US_EAST_1): string[] {
  const r = [...results].sort((a, b) => a.concurrency - b.concurrency)[0];
  if (!r || !(r.completed > 0)) return [];
  const { lines, total } = costPerCase(r.usage, prices);
  const money = (n: number) => n.toFixed(6);
  const units = Object.entries(r.unitsByFunction).sort(([, a], [, b]) => b.write - a.write);
  return [
    `DynamoDB capacity units per closed case at ×${r.concurrency}, by function (what on-demand mode bills)`,
    '',
    table(
      ['function', 'write units', 'read units'],
      units.map(([fn, u]) => [fn, f(u.write, 1), f(u.read, 1)]),
    ),
    '',
    `What a closed case costs at ×${r.concurrency} (${prices.region} list prices in ${prices.currency}, bench/prices.ts)`,
    '',
    table(
      [
        'item',
        'per case',
        'unit',
        `${prices.currency} per case`,
        `${prices.currency} per ${CITY_YEAR_CASES} cases`,
      ],
      [
        ...lines.map((l) => [
          l.item,
          f(l.quantity, 2),
          l.unit,
          money(l.cost),
          f(l.cost * CITY_YEAR_CASES, 2),
        ]),
        ['total', '', '', money(total), f(total * CITY_YEAR_CASES, 2)],
      ],
    ),
    '',
  ];
}
