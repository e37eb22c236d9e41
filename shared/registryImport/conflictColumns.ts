/**
 * The template's column a finding of the applying side points at (the template's Chinese headers,
 * ./template.ts, owned by the reading side). A conflict is found against what is stored, not in one cell,
 * so it points at the cell that names what clashes: the certificate number, the area, the parcel itself,
 * or, for land the file leaves out, the household's own row.
 */
export const CONFLICT_COLUMNS = {
  /** a household row: the household's id */
  household: '户编号',
  /** a parcel row: its id, its certificate number, its area, its status */
  parcel: '宗地编号',
  certificateNo: '不动产权证书号',
  parcelArea: '宗地面积（平方米）',
  parcelStatus: '宗地状态',
  /** a plot row: its id, its area */
  plot: '地块编号',
  plotArea: '地块面积（亩）',
} as const;
