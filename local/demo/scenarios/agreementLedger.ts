import type { CaseView, LedgerEntryView } from '../client.js';

/**
 * What the fund's ledger must hold for one case, as problems: one advance entry per paid tranche of
 * the agreement's payment schedule (分期支付) and none for a tranche not yet paid, each with the id
 * derived from the agreement and the tranche (`ADV-{agreementId}-T{n}`; `ADV-{agreementId}` for a
 * schedule of one) and the tranche's amount; a closed case has every tranche paid, summing to the
 * payable amount (none when nothing is payable); no entry at all for a case without agreement. This is
 * the promise that the ledger never pays an agreement's tranche twice.
 */
export function ledgerProblems(c: CaseView, entries: LedgerEntryView[]): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, text: string) => {
    if (!ok) problems.push(text);
  };
  if (!c.agreement) {
    check(entries.length === 0, `a case without agreement has ${entries.length} ledger entries`);
    return problems;
  }
  const { agreementId, payableFen } = c.agreement;
  const advances = entries.filter((e) => e.kind === 'advance');
  const schedule = c.paymentSchedule ?? [];
  // who pays (wave 2): the collective's tranches never touch the special fund's ledger
  if (schedule.some((t) => t.payer === 'collective')) {
    check(entries.length === 0, `${entries.length} ledger entries for a case the collective pays`);
    if (c.status === 'closed') {
      check(
        schedule.every((t) => t.status === 'confirmed'),
        'a closed case the collective pays has a tranche not confirmed as received',
      );
    }
    check(
      schedule.reduce((s, t) => s + t.amountFen, 0) === payableFen,
      `the schedule does not sum to the payable ${payableFen} fen`,
    );
    return problems;
  }
  const paid = schedule.filter((t) => t.status === 'paid' && t.amountFen > 0);
  check(
    advances.length === paid.length,
    `${advances.length} advance entries for agreement ${agreementId}, ${paid.length} tranches paid`,
  );
  for (const t of paid) {
    const id = schedule.length <= 1 ? `ADV-${agreementId}` : `ADV-${agreementId}-T${t.tranche}`;
    const matching = advances.filter((e) => e.entryId === id);
    check(matching.length === 1, `tranche ${t.tranche}: ${matching.length} entries with the id ${id}`);
    check(t.entryId === id, `tranche ${t.tranche} names the entry ${t.entryId}, not ${id}`);
    check(
      matching[0]?.amountFen === t.amountFen,
      `tranche ${t.tranche}: entry of ${matching[0]?.amountFen} fen, tranche ${t.amountFen}`,
    );
  }
  check(
    schedule.reduce((s, t) => s + t.amountFen, 0) === (schedule.length > 0 ? payableFen : 0),
    `the schedule does not sum to the payable ${payableFen} fen`,
  );
  if (c.status === 'closed') {
    check(
      schedule.every((t) => t.status === 'paid'),
      'a closed case has a tranche not paid',
    );
    check(
      advances.reduce((s, e) => s + e.amountFen, 0) === payableFen,
      `the advances of a closed case do not sum to the payable ${payableFen} fen`,
    );
  }
  return problems;
}
