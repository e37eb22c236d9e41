/**
 * Where the household's land is after the payment (DOMAIN.md wave 2), as one word of the progress
 * line: 待腾退, 待处置/复垦验收, 待注销登记, 已注销; 待交回, 已交回. On the fields it needs only, so that
 * it has no imports and is tested as it is.
 */
export type LandStage = 'vacating' | 'disposing' | 'cancelling' | 'handing_over' | 'cancelled' | 'handedOver';

interface LandCase {
  status: string;
  milestones?: readonly { kind: string }[] | undefined;
}

export function landStage(c: LandCase): LandStage | undefined {
  switch (c.status) {
    case 'vacating':
    case 'disposing':
    case 'cancelling':
    case 'handing_over':
      return c.status;
    case 'closed': {
      // a case closed before the land leg existed (or without one) has no land stage to tell
      const kinds = (c.milestones ?? []).map((m) => m.kind);
      if (kinds.includes('certificate_cancelled')) return 'cancelled';
      if (kinds.includes('handed_over')) return 'handedOver';
      return undefined;
    }
    default:
      return undefined;
  }
}
