import { demoApplication } from '../local/seed/demoApplications.js';
import { DEMO_HOUSEHOLDS, type DemoHousehold } from '../local/seed/demoData.js';
import type { Application } from '../shared/domain/model/application.js';
import { registeredAreaCentiM2 } from '../shared/domain/model/household.js';
import type { Api } from './http.js';

/**
 * Households for the benchmark. A parcel can be in only one open case (H-NO-DUPLICATE), and a closed
 * case has given its parcel up, so every benchmark case needs a household of its own: copies of the
 * demo household of the `cash` scenario (东坪村, eligible, below the four-eyes threshold), with new
 * household, parcel and plot ids, registered through the API as the registrar, each with an applicant.
 */
export const BENCH_VILLAGE = '370302101201';
export const BENCH_DISTRICT = '370302';

export interface BenchHousehold {
  householdId: string;
  userId: string;
  token: string;
  application: Application;
  /** the registered area of the parcels it exits: what the reclamation's acceptance accepts (wave 2) */
  acceptedAreaM2: number;
}

function template(): DemoHousehold {
  const d = DEMO_HOUSEHOLDS.find((h) => h.scenario === 'cash');
  if (!d || d.record.villageCode !== BENCH_VILLAGE || d.expected !== 'eligible') {
    throw new Error(`the demo data no longer has an eligible cash household in ${BENCH_VILLAGE}`);
  }
  return d;
}

export function benchHousehold(n: number): DemoHousehold {
  const d = template();
  const record = structuredClone(d.record);
  const tag = `B${String(n).padStart(4, '0')}`;
  record.householdId = `H-${BENCH_DISTRICT}-${tag}`;
  // a certificate number of its own for every parcel: the registry refuses one that another household holds
  record.homesteads = (record.homesteads ?? []).map((p, i) => ({
    ...p,
    parcelId: `P${tag}-${i + 1}`,
    certificateNo: `鲁(2020)淄博市不动产权第${tag}-${i + 1}号`,
  }));
  record.contractPlots = (record.contractPlots ?? []).map((p, i) => ({ ...p, plotId: `C${tag}-${i + 1}` }));
  return { ...d, record };
}

/** Registers `count` households and their applicants; `parallel` requests at a time. */
export async function registerHouseholds(
  api: Api,
  count: number,
  opts: { registrarToken: string; parallel: number; deadline: number },
): Promise<BenchHousehold[]> {
  const out: BenchHousehold[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      if (Date.now() > opts.deadline) throw new Error('setup ran out of time');
      const n = next;
      next += 1;
      const d = benchHousehold(n + 1);
      const householdId = d.record.householdId;
      await api.expect([200], 'PUT', `/registry/households/${householdId}`, {
        token: opts.registrarToken,
        body: d.record,
      });
      const userId = `bench-applicant-${householdId}`;
      await api.expect([201], 'POST', '/local/users', {
        body: { userId, displayName: `bench ${householdId}`, groups: ['applicant'], householdId },
      });
      const application = demoApplication(d, new Date().toISOString());
      const parcels = application.type === 'homestead_exit' ? application.parcelIds : [];
      const centi = Number(registeredAreaCentiM2(d.record.homesteads ?? [], parcels));
      out[n] = {
        householdId,
        userId,
        token: await api.login(userId),
        application,
        acceptedAreaM2: centi / 100,
      };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.parallel) }, worker));
  return out;
}
