/**
 * The two wave-2 choices of an application (DOMAIN.md wave 2), apart from their screens so that they are
 * tested without a browser: how many collective equity shares an equity exit gives up (at least one, at
 * most the household's holding in the registry: rule E-SHARES), and whether a homestead exit that
 * surrenders the qualification right (资格权) has the proof of other housing the submission needs.
 * No imports, like the other modules of lib/ that the tests read.
 */
interface FormError {
  field: string;
  key: string;
  values?: Record<string, unknown>;
}

/** The contract's MAX_EQUITY_SHARES (shared/domain/model/application.ts). */
export const SHARES_MAX = 1_000_000;

/** Full-width digits typed on a Chinese keyboard (０１２…) read as the digits they are. */
const halfWidth = (s: string) => s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));

/** Shares as typed ("12", "1,200", "１２ 股") → a whole number above 0, or undefined. */
export function parseShares(input: string): number | undefined {
  const cleaned = halfWidth(input).replace(/[,，\s]|股/g, '');
  if (!/^\d{1,7}$/.test(cleaned)) return undefined;
  const n = Number(cleaned);
  return n >= 1 && n <= SHARES_MAX ? n : undefined;
}

/**
 * What is wrong with the shares an equity exit names, beside the question: none typed, not a whole
 * number of at least one, more than the household holds. A household that holds none is told so.
 */
export function checkShares(input: string, holding: number): FormError[] {
  if (holding < 1) return [{ field: 'shares', key: 'apply.err.noShares' }];
  if (!input.trim()) return [{ field: 'shares', key: 'apply.err.shares' }];
  const shares = parseShares(input);
  if (shares === undefined) return [{ field: 'shares', key: 'apply.err.sharesFormat' }];
  if (shares > holding) return [{ field: 'shares', key: 'apply.err.sharesOver', values: { holding } }];
  return [];
}

/**
 * Where the proof of other housing (document kind `housing_certificate`) stands: a surrender of the
 * qualification right needs an accepted one before the submission (API.md wave 2: 400 otherwise).
 * The best of several uploads counts.
 */
export type HousingProof = 'accepted' | 'pending' | 'rejected' | 'missing';

export function housingProof(documents: readonly { kind: string; status: string }[]): HousingProof {
  const mine = documents.filter((d) => d.kind === 'housing_certificate').map((d) => d.status);
  if (mine.includes('accepted')) return 'accepted';
  if (mine.includes('pending')) return 'pending';
  if (mine.includes('rejected')) return 'rejected';
  return 'missing';
}
