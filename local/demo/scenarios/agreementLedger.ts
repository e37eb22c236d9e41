import type { CaseView, LedgerEntryView } from '../client.js';

/**
 * What the fund's ledger must hold for one case, as problems: once the case is paid, exactly one
 * advance per agreement, its id derived from the agreement and its amount the payable one (none when
 * nothing is payable); before that none; and no entry at all for a case without agreement. This is
 * the promise that the ledger never pays an agreement twice.
 */
export function ledgerProblems(c: CaseView, entries: LedgerEntryView[]): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, text: string) => {
    if (!ok) problems.push(text);
  };
  if (c.agreement) {
    const advances = entries.filter((e) => e.kind === 'advance');
    const payable = c.agreement.payableFen;
    if (c.status === 'closed' || c.status === 'disbursed' || c.status === 'reserved') {
      if (payable > 0) {
        check(
          advances.length === 1,
          `${advances.length} advance entries for agreement ${c.agreement.agreementId}, not exactly 1`,
        );
        const e = advances[0];
        check(
          e?.entryId === `ADV-${c.agreement.agreementId}`,
          `advance entry id ${e?.entryId} is not derived from the agreement`,
        );
        check(e?.amountFen === payable, `advance of ${e?.amountFen} fen, agreement payable ${payable}`);
        // API.md does not promise the entry id on the case view; when it is there it must match
        if (c.advance?.entryId !== undefined)
          check(c.advance.entryId === e?.entryId, 'the case names another ledger entry');
      } else {
        check(advances.length === 0, `an agreement with nothing payable has ${advances.length} entries`);
      }
    } else {
      check(advances.length === 0, `a case in ${c.status} has ${advances.length} advance entries`);
    }
  } else {
    check(entries.length === 0, `a case without agreement has ${entries.length} ledger entries`);
  }
  return problems;
}
