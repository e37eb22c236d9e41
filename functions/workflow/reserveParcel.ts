import { reserveParcel } from '../../shared/cases/commands/steps/reserveParcel.js';
import { taskHandler } from './task.js';

/**
 * Reserve: the advance is paid, the exited homestead enters the district reserve (收储) and its area
 * accrues as surplus construction-land quota (`disbursed → reserved`). Contract land is farmland:
 * nothing is recorded, and the case still passes `reserved` on its way to `closed`.
 * The decision is the command shared/cases/commands/steps/reserveParcel.ts.
 */
export const handler = taskHandler(reserveParcel);
