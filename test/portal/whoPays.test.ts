import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type CaseView, type Session } from '../../local/demo/client.js';
import { demoApplication } from '../../local/seed/demoApplications.js';
import { DEMO_HOUSEHOLDS } from '../../local/seed/demoData.js';
import { formatFen } from '../../portal/src/lib/format.js';
import { eventuallySee, PortalEnv, type PortalRun, see, textIn } from './harness.js';

/**
 * Who pays (DOMAIN.md wave 2) in Debian's Chromium against the local runtime with fast waits: a
 * contract-land case, signed and past its cooling-off, is the collective's to pay. The village's reviewer
 * records the transfer on the case's desk (a wrong amount is refused beside the field before anything is
 * sent), the household sees it with the bank reference and confirms the receipt in a dialog, and the case
 * goes on to the handover. Filing, the review chain and the signature go through the API as the demo
 * users; the special fund is never involved.
 */
const d = DEMO_HOUSEHOLDS.find((h) => h.scenario === 'contract_leased');
if (!d) throw new Error('no demo household for contract_leased');
const householdId = d.record.householdId;
const village = d.record.villageCode;
const resolution = {
  meetingDate: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10),
  membersPresent: 30,
  votesFor: 24,
  votesAgainst: 2,
};

let env: PortalEnv;
let run: PortalRun;
let api: ApiClient;
let paying: Promise<CaseView>;

beforeAll(async () => {
  env = await PortalEnv.start('portal-who-pays');
  run = env.run;
  api = new ApiClient(env.base);
  const as = (userId: string): Promise<Session> => api.login(userId);
  paying = (async () => {
    const me = await as(`applicant-${householdId}`);
    const { caseId } = await me.createCase(demoApplication(d, new Date().toISOString()));
    await me.submit(caseId);
    const reviewer = await as(`reviewer-${village}`);
    await reviewer.waitForTask(caseId, 'village_review', 'village_review', { timeoutMs: 60_000 });
    await reviewer.review(caseId, { decision: 'approve', reasons: [], resolution });
    const town = await as(`town-reviewer-${village.slice(0, 9)}`);
    await town.waitForTask(caseId, 'town_review', 'town_review', { timeoutMs: 60_000 });
    await town.review(caseId, { decision: 'approve', reasonCodes: ['facts_verified'] });
    const district = await as(`district-approver-${village.slice(0, 6)}`);
    await district.waitForTask(caseId, 'district_approval', 'district_approval', { timeoutMs: 60_000 });
    await district.review(caseId, { decision: 'approve', reasonCodes: ['facts_verified'] });
    await me.waitForTask(caseId, 'offers', 'resettlement_choice', { timeoutMs: 60_000 });
    await me.choose(caseId, 'cash');
    return reviewer.waitForTask(caseId, 'paying', 'collective_payment', { timeoutMs: 60_000 });
  })();
  paying.catch(() => undefined);
}, 240_000);

afterAll(() => env?.stop(), 60_000);

describe('who pays: the collective, in the portal', { timeout: 180_000 }, () => {
  it('the village records the payment of the tranche due; the household confirms it; the case goes on', async () => {
    const signedIn = Promise.all([
      run.pageFor(`reviewer-${village}`, '村集体审核员'),
      run.pageFor(`applicant-${householdId}`, '农户'),
    ]);
    const c = await paying;
    const [desk, home] = await signedIn;
    const due = c.paymentSchedule.find((t) => t.status === 'payable');
    if (!due) throw new Error('no tranche due');
    expect(due).toMatchObject({ tranche: 1, payer: 'collective', sharePct: 70 });
    expect(c.advance).toBeUndefined();

    // the village's desk: the form is prefilled with the tranche; another amount is refused beside it
    await desk.goto(`${env.base}/review/cases/${encodeURIComponent(c.caseId)}`);
    await see(desk, '登记第 1 期集体支付');
    const amount = desk.getByLabel('支付金额（元）');
    await amount.fill('1.00');
    await desk.getByLabel('银行流水号').fill(`YH-${c.caseId}`);
    await desk.getByRole('button', { name: '登记支付', exact: true }).click();
    await textIn(desk.locator('#amount-error'), '支付金额须与本期应付金额');
    await amount.fill((due.amountFen / 100).toFixed(2));
    await run.record(desk, 'collective-payment-desk');
    await desk.getByRole('button', { name: '登记支付', exact: true }).click();
    await see(desk, '已登记第 1 期支付');

    // the household: the payment with its bank reference, confirmed in a dialog
    await home.goto(`${env.base}/cases/${encodeURIComponent(c.caseId)}`);
    await eventuallySee(home, `集体已支付 第 1 期 ${formatFen(due.amountFen, 'zh-CN')}`);
    await see(home, `YH-${c.caseId}`);
    await run.record(home, 'collective-payment-receipt');
    await home.getByRole('button', { name: '确认收到', exact: true }).click();
    await home.getByRole('dialog').getByRole('button', { name: '确认收到', exact: true }).click();
    await see(home, '已确认收到补偿款');

    // 70 % confirmed: the village records who takes the land next; the fund's ledger never saw the case
    const reviewer = await api.login(`reviewer-${village}`);
    const after = await reviewer.waitForStatus(c.caseId, 'handing_over', 30_000);
    expect(after.paymentSchedule.map((t) => [t.tranche, t.status])).toEqual([
      [1, 'confirmed'],
      [2, 'scheduled'],
    ]);
    const fund = await api.login(`fund-${village.slice(0, 6)}-a`);
    expect((await fund.ledger()).filter((e) => e.caseId === c.caseId)).toEqual([]);
  });

  it('fits the new pages into 360 px and has no serious or critical accessibility violations', () => {
    expect(Object.keys(run.a11y)).toEqual(['collective-payment-desk', 'collective-payment-receipt']);
    expect(run.overflow).toEqual({});
    expect(run.failing()).toEqual({});
  });
});
