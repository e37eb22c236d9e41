import { COL } from './columns.js';

/**
 * The template's column a finding of the applying side points at (./columns.ts). A conflict is found
 * against what is stored, not in one cell, so it points at the cell that names what clashes: the
 * certificate number, the area, the parcel itself, or, for land the file leaves out, the household's row.
 */
export const CONFLICT_COLUMNS = {
  /** a household row: the household's id */
  household: COL.householdId,
  /** a parcel row: its id, its certificate number, its area, its status */
  parcel: COL.parcelId,
  certificateNo: COL.certificateNo,
  parcelArea: COL.areaM2,
  parcelStatus: COL.homesteadStatus,
  /** a plot row: its area */
  plotArea: COL.areaMu,
} as const;
