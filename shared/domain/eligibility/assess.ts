import type { Finding } from '../model/finding.js';
import type { EligibilityContext } from './context.js';
import { contractNoDuplicate, nonFarmIncome, plots } from './contractRules.js';
import { equityNoDuplicate, settled, shares } from './equityRules.js';
import { homesteadNoDuplicate, legal, pilot, qualified, unencumbered } from './homesteadRules.js';
import { voluntary } from './voluntary.js';

/**
 * Every eligibility rule of DOMAIN.md for the case type, in the brief's order. All rules run, so a
 * household learns every reason at once instead of one per attempt.
 */
export function assessEligibility(ctx: EligibilityContext): Finding[] {
  switch (ctx.application.type) {
    case 'homestead_exit':
      return [
        voluntary(ctx),
        legal(ctx),
        qualified(ctx),
        unencumbered(ctx),
        homesteadNoDuplicate(ctx),
        pilot(ctx),
      ];
    case 'contract_land_exit':
      return [voluntary(ctx), nonFarmIncome(ctx), plots(ctx), contractNoDuplicate(ctx), pilot(ctx)];
    case 'equity_exit':
      return [voluntary(ctx), settled(ctx), shares(ctx), equityNoDuplicate(ctx), pilot(ctx)];
  }
}

export function isEligible(findings: readonly Finding[]): boolean {
  return findings.length > 0 && findings.every((f) => f.passed);
}
