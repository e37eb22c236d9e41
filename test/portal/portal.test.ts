import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../infra/paths.js';
import { ApiClient } from '../../local/demo/client.js';
import { DEMO_HOUSEHOLDS } from '../../local/seed/demoData.js';
import { capitalAmount } from '../../shared/domain/compensation/capitalAmount.js';
import { compact, pdfText } from '../support/pdfText.js';
import {
  attach,
  consentDeclareAndSave,
  eventuallySee,
  PortalEnv,
  type PortalRun,
  realPng,
  see,
  textIn,
  verified,
  villageName,
} from './harness.js';

/**
 * The portal end to end, against the real local runtime (same handlers and state machine as on AWS):
 * a household applies for a homestead exit on a phone, the village returns it (after being refused a
 * reason that makes the exit conditional on the contract land), approves it after the household
 * resubmits, the town audits it from its queue (a reviewer of another town may not) and the district
 * approves it (村 → 镇 → 区), the household chooses cash and signs, and a fund administrator approves
 * the advance. Every main page is photographed at 390 px and 1280 px and scanned with axe-core.
 */
const HOUSEHOLD = 'H-370302-0001';
const APPLICANT = `applicant-${HOUSEHOLD}`;
// issue 18: the head of household by name, as the registry has it (headers name people, not H-codes)
const RECORD = DEMO_HOUSEHOLDS.find((d) => d.record.householdId === HOUSEHOLD)?.record;
const HEAD = RECORD?.members.find((m) => m.memberId === RECORD.headMemberId)?.name ?? '';
const VILLAGE = '370302101201';
const REVIEWER = `reviewer-${VILLAGE}`;
// 洪山镇: the town of the household's village (its code's first nine digits), and another town of the district
const TOWN_REVIEWER = `town-reviewer-${VILLAGE.slice(0, 9)}`;
const OTHER_TOWN_REVIEWER = 'town-reviewer-370302102';
const DISTRICT_APPROVER = 'district-approver-370302';
const FUND_ADMIN = 'fund-370302-a';

// a whole, valid PNG: the upload verifier walks every chunk and its CRC to IEND (issue 16)
const PNG = realPng();

let env: PortalEnv;
let base: string;
let run: PortalRun;
let caseId = '';
const pageFor = (userId: string, roleTab: string) => run.pageFor(userId, roleTab);
const record = (page: Parameters<PortalRun['record']>[0], name: string) => run.record(page, name);

beforeAll(async () => {
  env = await PortalEnv.start('portal-e2e');
  ({ base, run } = env);
}, 240_000);

afterAll(() => env?.stop(), 60_000);

/**
 * Clicks a button that opens a PDF in a new tab and waits until Chromium's PDF viewer shows it; the
 * same bytes are fetched again and read back (PDF.js) for the text a person sees.
 */
async function openPdf(page: Page, button: string) {
  const [tab] = await Promise.all([
    page.context().waitForEvent('page'),
    page.getByRole('button', { name: button }).click(),
  ]);
  await tab.waitForURL(/\.pdf\?/, { timeout: 20_000 });
  // Chromium shows a PDF through its built-in viewer extension, in a frame of its own
  await expect.poll(() => tab.frames().some((f) => f.url().startsWith('chrome-extension://'))).toBe(true);
  const bytes = await (await tab.request.get(tab.url())).body();
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { tab, text: (await pdfText(bytes)).text, sha256 };
}

describe('portal', { timeout: 120_000 }, () => {
  it('offers demo users for every role on the sign-in page', async () => {
    const page = await run.newPage();
    await page.goto(`${base}/`);
    await page.waitForURL(/\/signin$/);
    for (const [tab, user] of [
      ['村集体审核员', REVIEWER],
      ['镇审核员', TOWN_REVIEWER],
      ['区审批员', DISTRICT_APPROVER],
      ['基金管理员', FUND_ADMIN],
      ['审计监督', 'auditor-370302'],
      ['不动产登记员', 'registrar'],
      ['农户', APPLICANT],
    ] as const) {
      await page.getByRole('button', { name: tab, exact: true }).click();
      await page.locator(`[data-user-id="${user}"]`).waitFor();
    }
    await record(page, 'signin');
  });

  it('guides a household through a homestead application on a phone, with errors beside their fields in either language', async () => {
    const page = await pageFor(APPLICANT, '农户');
    await see(page, '我的申请');
    await record(page, 'applicant-home');

    await page.getByRole('link', { name: '开始新的申请' }).first().click();
    await see(page, '您要办理哪一项？');
    await page.getByRole('button', { name: '继续' }).click();
    const typeError = page.locator('#type-error');
    await textIn(typeError, '请选择要办理的事项');
    await record(page, 'apply-question');
    await page.getByRole('button', { name: 'English' }).click();
    await textIn(typeError, 'Choose what you want to apply for');
    await page.getByRole('button', { name: '中文' }).click();
    await textIn(typeError, '请选择要办理的事项');

    await page.getByRole('radio', { name: /宅基地自愿有偿退出/ }).check();
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByRole('checkbox', { name: /宅基地 P101/ }).check();
    await page.getByRole('button', { name: '继续' }).click();
    // 保障资格权 (wave 2): keeping the qualification right is the default, never a surrender
    const keep = page.getByRole('radio', { name: /保留资格权（默认）/ });
    expect(await keep.isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: /放弃资格权/ }).isChecked()).toBe(false);
    await record(page, 'apply-qualification');
    await page.getByRole('button', { name: '继续' }).click();
    await consentDeclareAndSave(page);
    await attach(page, 'id_card', '身份证.png', PNG);
    await attach(page, 'hukou', '户口簿.png', PNG);
    await verified(page, 'id_card');
    await verified(page, 'hukou');
    await record(page, 'apply-documents');

    await page.getByRole('button', { name: '继续' }).click();
    await see(page, '核对您的申请');
    await see(page, /宅基地 P101/);
    await record(page, 'apply-check');
    await page.getByRole('button', { name: '提交申请' }).click();

    await page.waitForURL(/\/cases\/C-/);
    caseId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
    expect(caseId).toMatch(/^C-/);
    await eventuallySee(page, '村集体正在审核');
    await see(page, '您的土地承包权和集体收益分配权不受影响');
    await see(page, '所有资格条件均已满足。');
    await record(page, 'case-in-review');
  });

  it('lets the village return the case, refusing a reason that would make the exit conditional, then approve it', async () => {
    const reviewer = await pageFor(REVIEWER, '村集体审核员');
    await see(reviewer, '待审核案件');
    await reviewer
      .getByRole('link', { name: new RegExp(HEAD) })
      .first()
      .waitFor();
    await record(reviewer, 'reviewer-queue');
    await reviewer
      .getByRole('link', { name: new RegExp(HEAD) })
      .first()
      .click();
    await see(reviewer, '申请人填报');
    await see(reviewer, '登记簿记载');
    // issue 18: the header names the head of household, and the case by a number read out in digits
    await textIn(reviewer.getByRole('heading', { level: 1 }), HEAD);
    await see(reviewer, /案件编号 370302-\d{8}-\d{4}/);

    const fillResolution = async (present: string, forVotes: string, against: string) => {
      await reviewer.getByLabel('到会人数').fill(present);
      await reviewer.getByLabel('同意票数').fill(forVotes);
      await reviewer.getByLabel('反对票数').fill(against);
    };
    await reviewer.getByRole('radio', { name: /退回补正/ }).check();
    await reviewer.getByLabel('理由').fill('须同时交回承包地');
    await fillResolution('30', '20', '3');
    await reviewer.getByRole('button', { name: '提交审核决定' }).click();
    await see(reviewer, '该决定不能提交：不得以放弃其他权利作为退出条件');
    await textIn(reviewer.locator('#reasons-error'), '请删除');
    await record(reviewer, 'reviewer-case-refused');

    await reviewer.getByLabel('理由').fill('户口簿照片不清晰，请重新拍照上传');
    await reviewer.getByRole('button', { name: '提交审核决定' }).click();
    await see(reviewer, '已退回农户补正。');

    const household = await pageFor(APPLICANT, '农户');
    await household.goto(`${base}/cases/${encodeURIComponent(caseId)}`);
    await eventuallySee(household, '村集体退回了您的申请，请补正后重新提交');
    await see(household, '户口簿照片不清晰，请重新拍照上传');
    await record(household, 'case-returned');
    await household.getByRole('button', { name: '重新提交' }).click();
    await eventuallySee(household, '村集体正在审核');

    await reviewer.reload();
    await eventuallySee(reviewer, '审核决定');
    await reviewer.getByRole('radio', { name: /^同意/ }).check();
    await fillResolution('30', '10', '3');
    await reviewer.getByRole('button', { name: '提交审核决定' }).click();
    await textIn(reviewer.locator('#votesFor-error'), '未过半数');
    await fillResolution('30', '24', '2');
    await record(reviewer, 'reviewer-case');
    await reviewer.getByRole('button', { name: '提交审核决定' }).click();
    await see(reviewer, '已同意，案件进入公示。');
  });

  it('tells the household the town is auditing, with the chase-ups summed up, not listed', async () => {
    const household = await pageFor(APPLICANT, '农户');
    await household.goto(`${base}/cases/${encodeURIComponent(caseId)}`);
    await eventuallySee(household, '乡镇人民政府正在审核', 40_000);
    await see(household, '第 5 步（共 10 步）：镇审核');
    // with fast waits the town's deadline passes within a second and the step is escalated
    await eventuallySee(household, /已催办 \d+ 次/);
    // the record is folded to a line on the household's page (issue 18)
    await household.locator('[data-section="timeline"] > summary').click();
    await see(household, '村集体审核：同意');
    expect(await household.locator('.timeline li[data-action="task.escalated"]').count()).toBe(0);
    await record(household, 'case-town-review');
  });

  it('keeps a reviewer of another town from deciding, and says why in Chinese', async () => {
    const other = await pageFor(OTHER_TOWN_REVIEWER, '镇审核员');
    await other.waitForURL(/\/town$/);
    await see(other, '镇审核：待审核案件');
    await see(other, '没有符合条件的案件。');
    expect(await other.locator(`tr[data-case-id="${caseId}"]`).count()).toBe(0);
    // a link passed on, or a guessed case number: the API refuses the case, the page says so
    await other.goto(`${base}/town/cases/${encodeURIComponent(caseId)}`);
    await see(other, '您没有办理此事项的权限。');
    await see(other, '您无权办理此事项。');
    expect(await other.getByRole('button', { name: '提交镇审核意见' }).count()).toBe(0);
    await record(other, 'town-case-forbidden');
    await other.getByRole('button', { name: 'English' }).click();
    await see(other, 'this resource is not within your scope');
    await other.getByRole('button', { name: '中文' }).click();
    // and the decision itself is refused, whatever a client sends
    const refused = await (await new ApiClient(base).login(OTHER_TOWN_REVIEWER)).raw<{ code?: string }>(
      'POST',
      `/cases/${caseId}/review`,
      { body: { decision: 'approve', reasonCodes: ['facts_verified'] } },
    );
    expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('lets the town audit the case from its queue table, with reason codes and a note, refusing a conditional note', async () => {
    const town = await pageFor(TOWN_REVIEWER, '镇审核员');
    await town.waitForURL(/\/town$/);
    await see(town, '镇审核：待审核案件');
    const row = town.locator(`table.queue-table tr[data-case-id="${caseId}"]`);
    await eventuallySee(town, HEAD);
    await textIn(row, villageName(VILLAGE));
    // 事项 (the desk table, issue 18): the step the case waits in
    await textIn(row, '镇审核');
    expect(await row.textContent()).toMatch(/已超期|今天到期|剩 \d+ 天/);
    await record(town, 'town-queue');
    // the table is a list of links: reached and opened with the keyboard
    const link = row.getByRole('link', { name: HEAD });
    await link.focus();
    await town.keyboard.press('Enter');
    await town.waitForURL(new RegExp(`/town/cases/${caseId}$`));
    await see(town, '前序审核意见');
    const history = town.locator('#reviews');
    await textIn(history, '村集体审核：同意');
    await textIn(history, '到会 30 人，同意 24 票，反对 2 票');

    const send = town.getByRole('button', { name: '提交镇审核意见' });
    await send.click();
    await textIn(town.locator('#decision-error'), '请选择审核意见');
    await textIn(town.locator('#reasonCodes-error'), '请至少选择一项理由');
    // the errors follow the form: a decision made takes its error away, the missing reason stays
    await town.getByRole('radio', { name: /^同意/ }).check();
    await town.locator('#decision-error').waitFor({ state: 'detached' });
    await textIn(town.locator('#reasonCodes-error'), '请至少选择一项理由');
    await town.getByRole('button', { name: 'English' }).click();
    await textIn(town.locator('#reasonCodes-error'), 'Choose at least one reason');
    await town.getByRole('button', { name: '中文' }).click();
    await town.getByRole('checkbox', { name: '其他' }).check();
    await textIn(town.locator('#note-error'), '选择“其他”时，请在说明中写明理由');
    await town.getByRole('checkbox', { name: '其他' }).uncheck();
    await town.getByRole('checkbox', { name: '经核实情况属实' }).check();
    await town.locator('#reasonCodes-error').waitFor({ state: 'detached' });

    await town.getByLabel('说明（农户可见）').fill('须同时交回承包地');
    await send.click();
    await see(town, '该决定不能提交：不得以放弃其他权利作为退出条件');
    await textIn(town.locator('#note-error'), '请删除');
    await textIn(town.locator('.alert--err').filter({ hasText: '该决定不能提交' }), '土地承包经营权');
    await record(town, 'town-case-refused');

    await town.getByLabel('说明（农户可见）').fill('经镇审核，材料齐全，程序合规');
    await town.locator('#note-error').waitFor({ state: 'detached' });
    await record(town, 'town-case');
    await send.click();
    await see(town, '已同意，案件报区县审批。');
  });

  it('lets the district approve the case after reading the village’s and the town’s decisions', async () => {
    const district = await pageFor(DISTRICT_APPROVER, '区审批员');
    await district.waitForURL(/\/district$/);
    await see(district, '区审批：待审批案件');
    await eventuallySee(district, HEAD);
    await record(district, 'district-queue');
    await district
      .locator(`table.queue-table tr[data-case-id="${caseId}"]`)
      .getByRole('link', { name: HEAD })
      .click();
    const history = district.locator('#reviews');
    await textIn(history, '村集体审核：同意');
    await textIn(history, '镇审核：同意');
    await textIn(history, '经核实情况属实');
    await textIn(history, '经镇审核，材料齐全，程序合规');
    await district.getByRole('radio', { name: /^批准/ }).check();
    await district.getByRole('checkbox', { name: '经核实情况属实' }).check();
    await record(district, 'district-case');
    await district.getByRole('button', { name: '提交区审批意见' }).click();
    await see(district, '已批准，补偿方案已生成，等待农户选择安置方式。');
    // the town's decision is spent: no review step is pending any more
    const town = await new ApiClient(base).login(TOWN_REVIEWER);
    const again = await town.raw<{ code?: string }>('POST', `/cases/${caseId}/review`, {
      body: { decision: 'approve', reasonCodes: ['facts_verified'] },
    });
    expect([again.status, again.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
  });

  it('shows the household three offers side by side and records its choice of cash as the signature', async () => {
    const page = await pageFor(APPLICANT, '农户');
    await page.goto(`${base}/cases/${encodeURIComponent(caseId)}`);
    await eventuallySee(page, '请选择安置方式并签订协议', 40_000);
    await see(page, '第 7 步（共 10 步）：选择安置方式');
    await page.locator('[data-section="timeline"] > summary').click();
    const timeline = page.locator('.timeline');
    await textIn(timeline, '镇审核：同意');
    await textIn(timeline, '区审批：批准');
    for (const option of ['货币补偿', '城区住房安置', '镇区住房安置']) {
      await page.getByRole('heading', { name: option, exact: true }).waitFor();
    }
    await record(page, 'case-offers');
    await page.getByRole('button', { name: '签字确认' }).click();
    await textIn(page.locator('#option-error'), '请选择一种安置方式');
    await page.getByRole('radio', { name: '选择货币补偿' }).check();
    // before signing, the agreement of the chosen offer can be read in full (a preview, marked as such)
    const preview = await openPdf(page, '阅读协议全文（PDF）');
    expect(preview.text).toContain('宅基地使用权退出协议');
    expect(preview.text).toContain('预览');
    await preview.tab.close();
    await page.getByRole('checkbox', { name: /我已阅读并同意退出协议/ }).check();
    await page.getByRole('button', { name: '签字确认' }).click();
    await eventuallySee(page, /正在办理专项基金先行垫付|垫付审批中/);
    // issue 18: the timeline names the option signed in words, never by its code
    // (the whole page: the step bar also carries the class `timeline`)
    const history = async () => (await page.locator('main').first().textContent()) ?? '';
    await expect.poll(history, { timeout: 20_000 }).toContain('已签订退出协议（货币补偿）');
    expect(await history()).not.toMatch(/已签订退出协议（cash）/);

    // the signed agreement opens in Chromium's own PDF viewer, in Chinese, with the signed figures
    const signed = await openPdf(page, '下载退出协议（PDF）');
    // page 1 at a reading size, not at the phone's width the household's context has
    await signed.tab.setViewportSize({ width: 900, height: 1_200 });
    await signed.tab.waitForTimeout(1_500);
    await signed.tab.screenshot({ path: projectPath('test-artifacts/agreement-page1.png') });
    const c = await (await new ApiClient(base).login(APPLICANT)).getCase(caseId);
    const payable = c.agreement?.payableFen ?? 0;
    expect(payable).toBeGreaterThan(0);
    expect(signed.text).toContain(caseId);
    expect(compact(signed.text)).toContain(`人民币${capitalAmount(payable)}`);
    expect(signed.text).not.toContain('预览');
    expect(signed.sha256).toBe(c.agreement?.sha256);
    await signed.tab.close();
  });

  it('lets a fund administrator see the fund and approve the advance, which pays the household', async () => {
    const admin = await pageFor(FUND_ADMIN, '基金管理员');
    await see(admin, '专项基金概览');
    await admin.locator('.chart svg').first().waitFor();

    await admin.getByRole('link', { name: '垫付审批', exact: true }).click();
    await eventuallySee(admin, HEAD);
    await record(admin, 'fund-queue');
    await admin.getByRole('link', { name: HEAD }).first().click();
    await see(admin, '退出协议');
    await record(admin, 'fund-case');
    await admin.getByRole('radio', { name: /^批准/ }).check();
    await admin.getByRole('button', { name: '提交审批' }).click();
    await see(admin, '已批准，补偿款已拨付。');

    await admin.getByRole('link', { name: '资金台账', exact: true }).click();
    await see(admin, caseId);
    await record(admin, 'fund-ledger');
    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('button', { name: '下载 CSV' }).click(),
    ]);
    const csv = await readFile((await download.path()) ?? '', 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain(`ADV-`);
    expect(csv).toContain(caseId);

    await admin.getByRole('link', { name: '资金补充', exact: true }).click();
    await admin.getByRole('button', { name: '登记补充' }).click();
    await textIn(admin.locator('#amount-error'), '请填写正确的金额');
    await textIn(admin.locator('#reference-error'), '请填写凭证号');
    await record(admin, 'fund-replenish');
    await admin.getByRole('radio', { name: /财政拨款/ }).check();
    await admin.getByLabel('金额（元）').fill('250000.50');
    await admin.getByLabel('凭证号').fill('淄财农〔2026〕12号');
    await admin.getByRole('button', { name: '登记补充' }).click();
    await see(admin, '已登记资金补充 ¥250,000.50');
    await admin.getByRole('link', { name: '基金概览', exact: true }).click();
    await admin.locator('.chart svg').first().waitFor();
    // the first tranche (50 %) of the ¥157,251.00 agreement: the rest follows the land leg (分期支付)
    await see(admin, '¥78,625.50');
    await record(admin, 'fund-dashboard');

    const household = await pageFor(APPLICANT, '农户');
    await household.goto(`${base}/cases/${encodeURIComponent(caseId)}`);
    await eventuallySee(household, '补偿款已拨付');
    await record(household, 'case-paid');
    await household.getByRole('link', { name: '消息通知' }).first().click();
    const inbox = household.locator('main ul.list');
    await inbox.getByText('补偿款已拨付').first().waitFor({ timeout: 20_000 });
    await inbox.getByText('申请被退回补正，请按意见修改后重新提交').first().waitFor();
    await record(household, 'inbox');
    await inbox.getByRole('link', { name: '补偿方案已生成，请选择安置方式' }).first().click();
    await household.waitForURL(new RegExp(`/cases/${caseId}$`));
  });

  it('fits every main page into 360 px without sideways scrolling', () => {
    expect(Object.keys(run.a11y).length).toBeGreaterThanOrEqual(15);
    expect(run.overflow).toEqual({});
  });

  it('has no serious or critical accessibility violations on any main page', () => {
    expect(Object.keys(run.a11y).length).toBeGreaterThanOrEqual(15);
    expect(run.failing()).toEqual({});
  });
});
