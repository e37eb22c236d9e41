import { putParameterVersion } from '../../shared/adapters/table/policyRepository.js';
import { getVillage, putHousehold, putVillage } from '../../shared/adapters/table/registryRepository.js';
import { townOfVillage } from '../../shared/auth/town.js';
import { replenish } from '../../shared/cases/commands/advance/replenish.js';
import { DISTRICT_CODES, DISTRICTS, type DistrictCode } from '../../shared/domain/model/common.js';
import { householdSchema } from '../../shared/domain/model/household.js';
import { villageSchema } from '../../shared/domain/model/village.js';
import { ILLUSTRATIVE_PARAMETERS } from '../../shared/domain/policy/defaults.js';
import type { LocalUser, UserStore } from '../auth/users.js';
import { putDemoCases } from '../seed/demoCases.js';
import { DEMO_HOUSEHOLDS, DEMO_VILLAGES } from '../seed/demoData.js';

/**
 * Demo data on first start: the illustrative policy parameters of every district, the villages and
 * households of local/seed/demoData.ts, a funded special fund per district (Gaoqing's deliberately small,
 * so the shortfall path can be shown), and demo users for every role: a reviewer per village, a town
 * reviewer per town with demo households, and per district two fund administrators, an auditor, a
 * district approver and a land officer.
 */
export const SHORTFALL_DISTRICT: DistrictCode = '370322';
const FUND_FEN = 2_000_000_000; // ¥20 000 000
// ¥50 000: less than the first tranche (50 %) of the shortfall household's payable, so that it waits
const SMALL_FUND_FEN = 5_000_000;

/**
 * The names of the review chain's and the land leg's staff, given out in order: separation of duties is
 * about persons (DOMAIN.md Wave 2), so a demo shows who decided each step. None is a demo household's
 * member's name, so that a staff member is never taken for an applicant.
 */
const STAFF_NAMES = [
  '刘海燕',
  '孙国庆',
  '高玉兰',
  '韩文军',
  '宋红梅',
  '冯立新',
  '崔淑珍',
  '邢永刚',
  '田春梅',
  '曹德明',
  '袁桂芳',
  '邓振华',
  '许晓东',
  '傅丽娟',
  '沈卫东',
  '曾凤霞',
  '彭志刚',
  '吕秀兰',
  '苏建军',
  '卢美玲',
  '蒋国华',
  '蔡海涛',
  '贾慧敏',
  '丁家伟',
  '魏素芬',
  // issue 19: the second district approvers
  '温晓光',
  '柏雪松',
  '祁明远',
  '葛春华',
  '尹建平',
  '滕玉洁',
  '郝振宇',
  '廉秋菊',
];

/** The towns whose villages have demo households, each with its name (the first such village's townName). */
function demoTowns(): { town: string; townName: string }[] {
  const withHouseholds = new Set(DEMO_HOUSEHOLDS.map((d) => d.record.villageCode));
  const towns = new Map<string, string>();
  for (const v of DEMO_VILLAGES) {
    const town = townOfVillage(v.villageCode);
    if (withHouseholds.has(v.villageCode) && !towns.has(town)) towns.set(town, v.townName);
  }
  return [...towns].map(([town, townName]) => ({ town, townName }));
}

/**
 * The i-th staff name: STAFF_NAMES first, then their surnames with the given names shifted one further
 * each round (unique for every i below STAFF_NAMES.length²), never a demo household member's name.
 */
function staffNames(): () => string {
  const taken = new Set(DEMO_HOUSEHOLDS.flatMap((d) => d.record.members.map((m) => m.name)));
  const n = STAFF_NAMES.length;
  let i = 0;
  return () => {
    for (;;) {
      const surname = STAFF_NAMES[i % n]?.slice(0, 1) ?? '';
      const given = STAFF_NAMES[(i + Math.floor(i / n)) % n]?.slice(1) ?? '';
      i += 1;
      if (!taken.has(surname + given)) return surname + given;
    }
  };
}

export function demoUsers(): LocalUser[] {
  // every staff member is a person with a Chinese name (the token's `name` claim, shown on the timeline)
  const person = staffNames();
  const named = (post: string) => {
    const name = person();
    return { name, displayName: `${post} ${name}` };
  };
  const users: LocalUser[] = [{ userId: 'registrar', ...named('不动产登记员'), groups: ['registrar'] }];
  for (const v of DEMO_VILLAGES) {
    users.push({
      userId: `reviewer-${v.villageCode}`,
      ...named(`${v.name}村集体审核员`),
      groups: ['village_reviewer'],
      village: v.villageCode,
    });
    // wave 2: a second reviewer of the village for the land leg (one person takes one duty per case)
    users.push({
      userId: `village-clerk-${v.villageCode}`,
      ...named(`${v.name}村腾退经办员`),
      groups: ['village_reviewer'],
      village: v.villageCode,
    });
  }
  for (const { town, townName } of demoTowns()) {
    users.push({
      userId: `town-reviewer-${town}`,
      ...named(`${townName}审核员`),
      groups: ['town_reviewer'],
      town,
    });
  }
  for (const [district, name] of Object.entries(DISTRICTS)) {
    for (const suffix of ['a', 'b']) {
      users.push({
        userId: `fund-${district}-${suffix}`,
        ...named(`${name.zh}基金管理员${suffix.toUpperCase()}`),
        groups: ['fund_admin'],
        district: district as DistrictCode,
      });
    }
    users.push({
      userId: `auditor-${district}`,
      ...named(`${name.zh}审计员`),
      groups: ['auditor'],
      district: district as DistrictCode,
    });
    users.push({
      userId: `district-approver-${district}`,
      ...named(`${name.zh}审批员`),
      groups: ['district_approver'],
      district: district as DistrictCode,
    });
    users.push({
      userId: `land-officer-${district}`,
      ...named(`${name.zh}自然资源部门`),
      groups: ['land_officer'],
      district: district as DistrictCode,
    });
  }
  // issue 19: a second district approver per district, so that a change of the policy parameters has
  // its four eyes (one proposes, the other approves); named after everyone else, so that the names the
  // other demo staff had before stay theirs
  for (const [district, name] of Object.entries(DISTRICTS)) {
    users.push({
      userId: `district-approver-${district}-b`,
      ...named(`${name.zh}审批员`),
      groups: ['district_approver'],
      district: district as DistrictCode,
    });
  }
  for (const d of DEMO_HOUSEHOLDS) {
    const head =
      d.record.members.find((m) => m.memberId === d.record.headMemberId)?.name ?? d.record.householdId;
    users.push({
      userId: `applicant-${d.record.householdId}`,
      // the sign-in list tells the demo households apart by their scenario; the name a timeline records is the head's
      displayName: `${head}（${d.scenario}）`,
      name: head,
      groups: ['applicant'],
      householdId: d.record.householdId,
    });
  }
  return users;
}

/**
 * Seeds once; returns false when the data is already there (a restart keeps what was done). With
 * `demoCases` (`npm start` only) also a case waiting at each review step (local/seed/demoCases.ts), each
 * printed with who can act on it.
 */
export async function seedDemoData(
  users: UserStore,
  now: string,
  opts: { demoCases?: boolean } = {},
): Promise<boolean> {
  await users.ensure(demoUsers());
  const first = DEMO_VILLAGES[0];
  if (first && (await getVillage(first.villageCode))) return false;
  for (const p of ILLUSTRATIVE_PARAMETERS) await putParameterVersion(p);
  for (const v of DEMO_VILLAGES) await putVillage(villageSchema.parse(v), 'system:seed', now);
  for (const d of DEMO_HOUSEHOLDS) await putHousehold(householdSchema.parse(d.record), 'system:seed', now);
  for (const district of DISTRICT_CODES) {
    await replenish(
      district,
      {
        source: 'appropriation',
        amountFen: district === SHORTFALL_DISTRICT ? SMALL_FUND_FEN : FUND_FEN,
        reference: `SEED-${district}-2026-01`,
      },
      'system:seed',
      now,
    );
  }
  if (opts.demoCases) {
    const cases = await putDemoCases(users, now);
    console.log('demo cases waiting for someone (sign in as the user named to act on it):');
    for (const c of cases) {
      console.log(
        `  ${c.caseId}  ${c.step.padEnd(17)} ${c.actor.userId.padEnd(34)} ${c.actor.displayName ?? ''}`,
      );
    }
  }
  return true;
}
