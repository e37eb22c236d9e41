import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CLIENT_ID } from '../../local/auth/localIssuer.js';
import { ApiClient, type Session } from '../../local/demo/client.js';
import { demoApplication } from '../../local/seed/demoApplications.js';
import { DEMO_HOUSEHOLDS } from '../../local/seed/demoData.js';
import { DESKTOP, eventuallySee, PHONE, PortalEnv, PortalRun, see, textIn } from './harness.js';

/**
 * The household's case page as a farmer reads it on a phone (issue 18, item 1): the vertical 办理进度
 * with every step named, what to do now first, money with 万元 beside it, "您将获得" and "您需补交"
 * told apart, the flat's price per m² and area, a bottom tab bar instead of a wrapping header, the
 * chosen offer alone after signing, and a page a few screens tall instead of seven. The case (城区住房
 * 安置 is offered: the household would pay the difference) is filed and approved through the API.
 *
 * Issue 18 items 5 and 6 share the runtime and the browser (a start of each costs seconds; they were
 * test/portal/session.test.ts): the village decision form's errors follow the votes as they are typed
 * (the "10 / 30 未过半数" that stayed after the votes were changed to 24), and a session whose ID token
 * lives 5 s (the runtime's setting; an hour on AWS) keeps working well past it, refreshed through the
 * same OAuth code flow and token endpoint the portal uses against the user pool. The household's pages
 * therefore run with 5-second ID tokens too, refreshed as they go.
 */
const ID_TOKEN_SECONDS = 5;
const CASH = DEMO_HOUSEHOLDS.find((h) => h.scenario === 'cash');
const REVIEWER = `reviewer-${CASH?.record.villageCode}`;
const URBAN = (() => {
  const d = DEMO_HOUSEHOLDS.find((h) => h.scenario === 'urban_housing');
  if (!d) throw new Error('no demo household for urban_housing');
  return d;
})();
const HOUSEHOLD = URBAN.record.householdId;
const VILLAGE = URBAN.record.villageCode;
const APPLICANT = `applicant-${HOUSEHOLD}`;

/**
 * Page heights at 390 px before this change (the same case, measured on the old pages): the offers page
 * 5 764 px (seven screens), the signed case 6 217 px (every offer, every section open). The bounds are
 * four screens and two and a half (the names of issue 18 add a line here and there).
 */
const OFFERS_MAX_PX = 3_300;
const SIGNED_MAX_PX = 2_200;
const PHONE_HEADER_MAX_PX = 64;

let env: PortalEnv;
let base: string;
let run: PortalRun;
let caseId = '';
/** the session test's own pages and checks, apart from the household pages' three */
let sessionRun: PortalRun;
/** the cash household's application, waiting at its village's review (the session test's form) */
let reviewCaseId = '';
const heights: Record<string, number> = {};

async function approvedToOffers(api: ApiClient): Promise<string> {
  const me: Session = await api.login(APPLICANT);
  const { caseId: id } = await me.createCase(demoApplication(URBAN, new Date().toISOString()));
  await me.submit(id);
  const village = await api.login(`reviewer-${VILLAGE}`);
  await village.waitForTask(id, 'village_review', 'village_review', { timeoutMs: 60_000 });
  await village.review(id, {
    decision: 'approve',
    reasons: [],
    resolution: {
      meetingDate: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10),
      membersPresent: 30,
      votesFor: 24,
      votesAgainst: 2,
    },
  });
  const town = await api.login(`town-reviewer-${VILLAGE.slice(0, 9)}`);
  await town.waitForTask(id, 'town_review', 'town_review', { timeoutMs: 60_000 });
  await town.review(id, { decision: 'approve', reasonCodes: ['facts_verified'] });
  const district = await api.login(`district-approver-${VILLAGE.slice(0, 6)}`);
  await district.waitForTask(id, 'district_approval', 'district_approval', { timeoutMs: 60_000 });
  await district.review(id, { decision: 'approve', reasonCodes: ['facts_verified'] });
  await me.waitForTask(id, 'offers', 'resettlement_choice', { timeoutMs: 60_000 });
  return id;
}

/** The page's height at phone width (the whole document, as the household scrolls it). */
async function phoneHeight(page: Page): Promise<number> {
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(100);
  return Number(await page.evaluate('document.documentElement.scrollHeight'));
}

/** Whether the main nav is a tab bar at a width: fixed to the bottom edge of the screen. */
async function tabBarAt(page: Page, size: typeof PHONE): Promise<boolean> {
  await page.setViewportSize(size);
  await page.waitForTimeout(100);
  const nav = page.getByRole('navigation', { name: '主菜单' });
  const box = await nav.boundingBox();
  const fixed = await nav.evaluate(
    (el) =>
      (globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> }).getComputedStyle(el)
        .position === 'fixed',
  );
  await page.setViewportSize(PHONE);
  return fixed && box !== null && Math.abs(box.y + box.height - size.height) <= 1;
}

/** A household's application, filed through the API, waiting at its village's review. */
async function waitingAtVillage(api: ApiClient): Promise<string> {
  if (!CASH) throw new Error('no cash demo household');
  const me = await api.login(`applicant-${CASH.record.householdId}`);
  const { caseId: id } = await me.createCase(demoApplication(CASH, new Date().toISOString()));
  await me.submit(id);
  await (await api.login(REVIEWER)).waitForTask(id, 'village_review', 'village_review', {
    timeoutMs: 60_000,
  });
  return id;
}

beforeAll(async () => {
  env = await PortalEnv.start('portal-household', { idTokenTtlSeconds: ID_TOKEN_SECONDS });
  ({ base, run } = env);
  sessionRun = new PortalRun(env.browser, env.base);
  const api = new ApiClient(base);
  [caseId, reviewCaseId] = await Promise.all([approvedToOffers(api), waitingAtVillage(api)]);
}, 240_000);

afterAll(async () => {
  if (Object.keys(heights).length > 0)
    console.log(`household page heights at 390 px: ${JSON.stringify(heights)}`);
  await sessionRun?.close();
  await env?.stop();
}, 60_000);

describe('household pages on a phone', { timeout: 120_000 }, () => {
  it('puts what to do now first, names every step of 办理进度, and tells paying from getting', async () => {
    const page = await run.pageFor(APPLICANT, '农户');
    await page.goto(`${base}/cases/${encodeURIComponent(caseId)}`);
    await eventuallySee(page, '请选择安置方式并签订协议', 40_000);
    heights.offers = await phoneHeight(page);

    // what to do now is the first thing under the title, before the progress
    const first = page.locator('main [data-section]').first();
    expect(await first.getAttribute('data-section')).toBe('todo');
    await expect.poll(() => first.textContent()).toContain('请选择安置方式并签订协议');

    // 办理进度: a vertical list, each step named on the phone, the finished ones dated, each with its office
    const steps = page.getByRole('list', { name: '办理进度' });
    for (const name of ['提交申请', '村集体审核', '公示', '镇审核', '区审批', '选择安置方式', '办结']) {
      expect(await steps.getByText(name, { exact: true }).isVisible(), name).toBe(true);
    }
    await see(page, '第 7 步（共 10 步）：选择安置方式');
    const done = steps.locator('li[data-state="done"]');
    expect(await done.count()).toBe(6);
    await expect.poll(() => done.nth(2).textContent()).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    expect(await steps.locator('li[data-state="current"]').textContent()).toContain('您本人');

    // money as ¥ with 万元 beside it; the flat by its area and its price per m²
    await see(page, /万元/);
    const urban = page.locator('section.offer').filter({ hasText: '城区住房安置' });
    await expect.poll(() => urban.textContent()).toMatch(/元\/平方米/);
    // "您将获得" and "您需补交" are different things, styled and marked differently
    const get = page.locator('.offer [data-net="get"]').first();
    const pay = urban.locator('[data-net="pay"]');
    expect(await get.textContent()).toContain('您将获得');
    expect(await pay.textContent()).toContain('您需补交');
    // run in the page (the test's tsconfig has no DOM types, hence the one cast)
    type Styled = { className: string };
    const look = (l: typeof get) =>
      l.evaluate((el: Styled) => {
        const s = (
          globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> }
        ).getComputedStyle(el);
        return [el.className, s.color, s.backgroundColor].join('|');
      });
    expect(await look(get)).not.toBe(await look(pay));
    // what the household pays is never the biggest figure of its card: the flat is
    const amountSize = async (l: typeof get) =>
      Number.parseFloat(
        await l
          .locator('.net__amount')
          .evaluate(
            (el) =>
              (
                globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> }
              ).getComputedStyle(el).fontSize ?? '',
          ),
      );
    expect(await amountSize(pay)).toBeLessThan(await amountSize(get));

    // the header is one short line and the main nav is a tab bar at the bottom of the phone
    const header = await page.locator('.site-header').boundingBox();
    expect(header?.height ?? 999).toBeLessThanOrEqual(PHONE_HEADER_MAX_PX);
    expect(await tabBarAt(page, PHONE)).toBe(true);
    expect(await tabBarAt(page, DESKTOP)).toBe(false);
    await expect
      .poll(() => page.getByRole('navigation', { name: '主菜单' }).textContent())
      .toContain('我的申请');

    await run.record(page, 'household-offers');
    expect(heights.offers).toBeLessThanOrEqual(OFFERS_MAX_PX);
  });

  it('shows only the chosen offer once signed, without the early-signing note, and a short page', async () => {
    const page = await run.pageFor(APPLICANT, '农户');
    await page.goto(`${base}/cases/${encodeURIComponent(caseId)}`);
    await eventuallySee(page, '请选择安置方式并签订协议', 40_000);
    await page.getByRole('radio', { name: '选择货币补偿' }).check();
    await page.getByRole('checkbox', { name: /我已阅读并同意退出协议/ }).check();
    await page.getByRole('button', { name: '签字确认' }).click();
    await eventuallySee(page, /冷静期|正在办理专项基金先行垫付|垫付审批中/);
    const chosen = page.locator('[data-section="offer"]');
    await textIn(chosen.locator('summary'), '货币补偿');
    heights.signed = await phoneHeight(page);
    // the offer chosen, folded to a line; the two not chosen are gone from the page
    expect(await page.locator('section.offer h3').allTextContents()).toEqual(['货币补偿']);
    expect(await page.getByText('提前签约奖励须在').count()).toBe(0);
    const first = page.locator('main [data-section]').first();
    expect(await first.getAttribute('data-section')).toBe('todo');

    await run.record(page, 'household-signed');
    expect(heights.signed).toBeLessThanOrEqual(SIGNED_MAX_PX);

    await page.getByRole('link', { name: '我的申请' }).first().click();
    await see(page, '开始新的申请');
    await run.record(page, 'household-home');
  });

  it('has no serious or critical accessibility violations and no sideways scrolling', () => {
    expect(Object.keys(run.a11y)).toHaveLength(3);
    expect(run.failing()).toEqual({});
    expect(run.overflow).toEqual({});
  });
});

const idToken = async (page: Awaited<ReturnType<PortalRun['newPage']>>) =>
  String(await page.evaluate("sessionStorage.getItem('hx.session.token') ?? ''"));
const expOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp: number }).exp;

describe('forms and sign-in', { timeout: 120_000 }, () => {
  it('signs in by the code flow; the majority error appears and clears as the votes are typed, past the ID token’s life', async () => {
    expect(reviewCaseId).not.toBe('');
    const page = await sessionRun.newPage();
    const refreshes: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/oauth2/token') && (r.postData() ?? '').includes('grant_type=refresh_token'))
        refreshes.push(r.url());
    });
    await page.goto(`${env.base}/signin`);
    await page.getByRole('button', { name: '村集体审核员', exact: true }).click();
    await page.locator(`[data-user-id="${REVIEWER}"]`).click();
    await page.waitForURL((url) => url.pathname === '/review');
    const first = await idToken(page);
    expect(expOf(first) - Date.now() / 1000).toBeLessThanOrEqual(ID_TOKEN_SECONDS + 1);

    await page.goto(`${env.base}/review/cases/${encodeURIComponent(reviewCaseId)}`);
    await see(page, '审核决定');
    await page.getByRole('radio', { name: /^同意/ }).check();
    await page.getByLabel('到会人数').fill('30');
    await page.getByLabel('同意票数').fill('10');
    await page.getByLabel('反对票数').fill('0');
    // live, before anything is sent: the votes field was touched
    await textIn(page.locator('#votesFor-error'), '10 / 30 未过半数');
    await page.getByRole('button', { name: '提交审核决定' }).click();
    await textIn(page.locator('.error-summary'), '未过半数');
    await sessionRun.record(page, 'forms-review-majority');
    // the same count the API refuses (its schema: at most 100 000 present) is refused before sending
    await page.getByLabel('到会人数').fill('200000');
    await textIn(page.locator('#membersPresent-error'), '不能超过 100000');
    await page.getByLabel('到会人数').fill('30');
    await page.getByLabel('同意票数').fill('24');
    await page.locator('#votesFor-error').waitFor({ state: 'detached' });
    expect(await page.locator('.error-summary').count()).toBe(0);

    // two ID-token lives later the session is the same one, with a newer token, and the API answers
    await page.waitForTimeout((2 * ID_TOKEN_SECONDS + 1) * 1000);
    const later = await idToken(page);
    expect(later).not.toBe(first);
    expect(expOf(later)).toBeGreaterThan(expOf(first));
    expect(refreshes.length).toBeGreaterThanOrEqual(2);
    await page.getByRole('button', { name: '提交审核决定' }).click();
    await see(page, '已同意，案件进入公示。');
    // a reload (the stored token may have expired meanwhile) is still signed in
    await page.reload();
    await see(page, '申请人填报');
    expect(new URL(page.url()).pathname).not.toBe('/signin');

    // signing out ends the refresh token at the issuer, not only in this tab: a copy of it is refused
    const refresh = String(await page.evaluate("sessionStorage.getItem('hx.session.refresh') ?? ''"));
    const refreshWith = async () =>
      (
        await fetch(`${env.base}/api/local/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            client_id: LOCAL_CLIENT_ID,
            refresh_token: refresh,
          }),
        })
      ).status;
    expect(await refreshWith()).toBe(200);
    // the page leaves /review as soon as the tab's session ends, before the revoke is answered: wait for
    // the revoke itself (a full run once asked the issuer in between and was given a new token)
    const revoked = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/oauth2/revoke'));
    await page.getByRole('button', { name: '退出登录' }).click();
    expect((await revoked).status()).toBe(200);
    await page.waitForURL((url) => !url.pathname.startsWith('/review'));
    expect(await refreshWith()).toBe(400);
    expect(sessionRun.failing()).toEqual({});
  });
});
