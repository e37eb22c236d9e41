import { resolve } from 'node:path';
import { DISTRICT_CODES, districtCodeSchema } from '../shared/domain/model/common.js';
import { rebuildDistrictProjection } from '../shared/reports/rebuild.js';

/**
 * Once, after deploying the quarterly report read from the projection (docs/reports.md, "Rebuilding the
 * case rows"), and again after deploying its quarter sums (issue 17): writes every case's rows, the
 * quarters' sums (`{year}-Q{quarter}#AGG#…`, `#DAY#…`) and figures now from the cases as stored,
 * district by district.
 *
 *   TABLE_NAME=… [AWS_REGION=… AWS_ENDPOINT_URL_DYNAMODB=…] npx tsx scripts/rebuildReportProjection.ts [district…]
 *
 * Without districts, every district. Safe to run again and while the consumer runs: a case already at
 * its version is not written again. Exit code 1 when a case could not be written (run it again).
 */
async function main(argv: string[]): Promise<number> {
  const districts = argv.length > 0 ? argv.map((d) => districtCodeSchema.parse(d)) : DISTRICT_CODES;
  let failed = false;
  for (const district of districts) {
    try {
      const { cases } = await rebuildDistrictProjection(district, (done, total) => {
        if (done === total || done % 500 === 0) console.log(`${district}: ${done}/${total} cases`);
      });
      console.log(`${district}: rebuilt from ${cases} cases`);
    } catch (error) {
      failed = true;
      console.error(`${district}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
