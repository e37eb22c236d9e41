import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortalEnv, type PortalRun, see } from './harness.js';

/**
 * The district's parameters page (issue 19) in Chromium against the local runtime: one district
 * approver proposes a change from the version in force, the form naming a bad value with its range as it
 * is typed (the API's own checks) and clearing it when mended; the proposer cannot approve their own;
 * a second approver sees the change as old → new with its effect on the sample household, and approves.
 * Photographed at 390 and 1280 px and scanned with axe-core.
 */
const PROPOSER = 'district-approver-370302';
const APPROVER = 'district-approver-370302-b';

let env: PortalEnv;
let run: PortalRun;

beforeAll(async () => {
  env = await PortalEnv.start('portal-policy');
  ({ run } = env);
}, 240_000);

afterAll(() => env?.stop(), 60_000);

const tomorrowInZibo = () => new Date(Date.now() + 32 * 3_600_000).toISOString().slice(0, 10);

describe('policy parameters page', { timeout: 120_000 }, () => {
  it('lets one district approver propose a change with live checks, and another approve it', async () => {
    const a = await run.pageFor(PROPOSER, '区审批员');
    await a.getByRole('link', { name: '政策参数' }).first().click();
    await see(a, '现行版本');
    await a.getByText('提出参数调整方案').click();
    const depreciation = a.getByLabel('房屋年折旧率（基点（1 基点 = 0.01%））');
    await depreciation.fill('2000');
    await see(a, '房屋年折旧率：须在 0%（0 基点） 至 10%（1000 基点） 之间');
    await depreciation.fill('300');
    await expect.poll(() => a.getByText('房屋年折旧率：须在').count()).toBe(0);
    await a.getByLabel('宅基地补偿标准（二类村）（分/平方米）').fill('40000');
    await a.getByLabel('施行日').fill(tomorrowInZibo());
    await a.getByLabel('调整理由').fill('提高二类村补偿标准');
    await a.getByRole('button', { name: '提交调整方案' }).click();
    await see(a, '等待另一名区级审批人批准');
    await see(a, '此方案由您本人提出');
    expect(await a.getByRole('button', { name: '批准此方案' }).count()).toBe(0);

    const b = await run.pageFor(APPROVER, '区审批员');
    await b.goto(`${env.base}/policy`);
    await see(b, '待批准的调整方案');
    const row = b.getByRole('row', { name: /宅基地补偿标准（二类村）/ });
    await expect.poll(() => row.textContent()).toMatch(/¥300\.00.*¥400\.00/);
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => b.getByRole('row', { name: /房屋年折旧率/ }).textContent()).toMatch(/2%.*3%/);
    await expect.poll(() => b.getByTestId('sample-effect').textContent()).toMatch(/→.*（\+/);
    await run.record(b, 'policy-parameters-proposal');
    await b.getByRole('button', { name: '批准此方案' }).click();
    await see(b, '已批准、待施行的版本');
    await see(b, '批准人：district-approver-370302-b');
    expect(run.failing()).toEqual({});
    expect(run.overflow).toEqual({});
  });
});
