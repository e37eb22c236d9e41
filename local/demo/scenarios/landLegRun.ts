import { registeredAreaCentiM2 } from '../../../shared/domain/model/household.js';
import type { DemoHousehold } from '../../seed/demoData.js';
import type { CaseView } from '../client.js';
import { driveLandLeg } from '../landLeg.js';
import { applicantOf, as, districtOf, fundAdmin, landOfficerOf, villageClerkOf } from './parties.js';
import type { DemoContext } from './types.js';

/**
 * The land leg of a demo household's paid case (DOMAIN.md wave 2), by its village's clerk, its district's
 * land officer and the registrar: the accepted area is the registered area of the parcels it exits.
 */
export async function finishLandLeg(
  ctx: DemoContext,
  d: DemoHousehold,
  caseId: string,
  timeoutMs: number,
): Promise<CaseView> {
  const clerk = await as(ctx, villageClerkOf(d));
  const c = await clerk.getCase(caseId);
  const parcels = c.application.type === 'homestead_exit' ? c.application.parcelIds : [];
  const centi = Number(registeredAreaCentiM2(d.record.homesteads ?? [], parcels));
  return driveLandLeg(
    {
      clerk,
      landOfficer: await as(ctx, landOfficerOf(d)),
      registrar: await as(ctx, 'registrar'),
      fund: await as(ctx, fundAdmin(districtOf(d))),
      household: await as(ctx, applicantOf(d)),
    },
    caseId,
    { timeoutMs, ...(centi > 0 ? { registeredAreaM2: centi / 100 } : {}) },
  );
}
