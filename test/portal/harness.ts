import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { crc32, deflateSync } from 'node:zlib';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { projectPath } from '../../infra/paths.js';
import { type Runtime, type RuntimeOptions, startRuntime } from '../../local/runtime/runtime.js';
import { DEMO_HOUSEHOLDS, DEMO_VILLAGES } from '../../local/seed/demoData.js';
import { sharedRuntimeDynamo } from '../support/localServices.js';

/**
 * The portal's end-to-end harness: Debian's Chromium (never a downloaded browser) driven by
 * playwright-core, screenshots at phone and desktop width, and an axe-core scan per page.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = projectPath('test-artifacts/screenshots');
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };
/** The narrowest phone the issue names: no page may scroll sideways at this width. */
export const NARROWEST = { width: 360, height: 740 };

const run = promisify(execFile);

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((n) => newestMtime(join(path, n))));
}

function portalIsCurrent(): boolean {
  const index = projectPath('portal/dist/index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  const sources = ['portal/src', 'portal/index.html', 'portal/vite.config.ts', 'portal/public'].map((p) =>
    projectPath(p),
  );
  return sources.filter((s) => existsSync(s)).every((s) => newestMtime(s) <= built);
}

/** Held while one test file builds the portal; a lock older than this was left by a process that died. */
const BUILD_LOCK = projectPath('node_modules/.cache/portal-build.lock');
const STALE_LOCK_MS = 5 * 60_000;

/**
 * The local runtime serves portal/dist; it is built here when missing or older than the portal's
 * sources, so `vitest run` alone tests the portal as it is in the working tree. The portal test files
 * may start at the same time in parallel workers: one builds (mkdir is the atomic lock), the others
 * wait for it and then find the build current.
 */
export async function ensurePortalBuilt(): Promise<void> {
  const until = Date.now() + 180_000;
  for (;;) {
    if (portalIsCurrent()) return;
    await mkdir(join(BUILD_LOCK, '..'), { recursive: true });
    try {
      await mkdir(BUILD_LOCK);
      break;
    } catch {
      if (existsSync(BUILD_LOCK) && Date.now() - statSync(BUILD_LOCK).mtimeMs > STALE_LOCK_MS)
        await rm(BUILD_LOCK, { recursive: true, force: true });
      if (Date.now() > until) throw new Error(`another build of the portal holds ${BUILD_LOCK}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (portalIsCurrent()) return;
    await run(
      process.execPath,
      [
        projectPath('node_modules/vite/bin/vite.js'),
        'build',
        '--config',
        projectPath('portal/vite.config.ts'),
      ],
      {
        cwd: projectPath(),
        timeout: 120_000,
        // vitest sets NODE_ENV=test, which would make Vite bundle React's development build
        env: { ...process.env, NODE_ENV: 'production' },
      },
    );
  } finally {
    await rm(BUILD_LOCK, { recursive: true, force: true });
  }
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does this)`);
  }
  await mkdir(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function newPhoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: PHONE,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    deviceScaleFactor: 1,
    hasTouch: true,
  });
}

/** Signs in through the portal's own demo-user picker, as a person would. */
export async function signInAs(page: Page, base: string, userId: string, roleTab: string): Promise<void> {
  await page.goto(`${base}/signin`);
  await page.getByRole('button', { name: roleTab, exact: true }).click();
  await page.locator(`[data-user-id="${userId}"]`).click();
  // through the OAuth code flow: the user pool's authorize, the portal's callback, then the role's home
  await page.waitForURL((url) => !/^\/(signin|auth\/|api\/)/.test(url.pathname));
}

export async function see(page: Page, text: string | RegExp, timeout = 20_000): Promise<void> {
  await page.getByText(text).first().waitFor({ state: 'visible', timeout });
}

/** Waits until the polled page shows the text; reloads now and then for pages that poll slowly. */
export async function eventuallySee(page: Page, text: string | RegExp, timeout = 30_000): Promise<void> {
  const until = Date.now() + timeout;
  for (;;) {
    try {
      await see(page, text, 4_000);
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await page.reload();
    }
  }
}

export const shots: string[] = [];

/** The page at phone and at desktop width (full height), then back to the phone. */
export async function screenshot(page: Page, name: string): Promise<void> {
  // let fonts and the page's last render settle so the picture shows the page, not its loading state
  // (callers record a page once they have seen its content; 'networkidle' cost ≥ 0.5 s a page)
  await page.evaluate(
    'document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => r(0))))',
  );
  for (const [suffix, size] of [
    ['390', PHONE],
    ['1280', DESKTOP],
  ] as const) {
    await page.setViewportSize(size);
    await page.waitForTimeout(100);
    const path = join(SCREENSHOTS, `${name}-${suffix}.png`);
    await page.screenshot({ path, fullPage: true, animations: 'disabled' });
    shots.push(path);
  }
  await page.setViewportSize(PHONE);
}

export interface A11yProblem {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * axe-core over WCAG 2.1 A/AA; only serious and critical findings fail a test.
 *
 * Legacy mode runs `axe.run` in the page itself. The default runs `axe.runPartial` in every frame and then
 * opens a blank page, injects axe there again and calls `axe.finishRun`, which is for cross-origin
 * frames; the portal has none (a PDF opens in a tab of its own, never scanned). Same findings on every
 * page of the portal test (compared page by page), in about half the time: the scans were the largest
 * part of the two browser files (≈ 2–5 s a page, 45 pages; issue 17, the suite's time).
 */
export async function seriousA11yProblems(page: Page): Promise<A11yProblem[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .setLegacyMode(true)
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
}

/** The document's width at a viewport width: more than the viewport means the page scrolls sideways. */
export async function widthAt(page: Page, width: number): Promise<number> {
  await page.setViewportSize({ width, height: NARROWEST.height });
  await page.waitForTimeout(100);
  const scrollWidth = Number(await page.evaluate('document.documentElement.scrollWidth'));
  await page.setViewportSize(PHONE);
  return scrollWidth;
}

/** Waits until the element shows the text (errors appear and are re-worded after a render). */
export async function textIn(locator: Locator, text: string, timeout = 10_000): Promise<void> {
  await locator.filter({ hasText: text }).waitFor({ state: 'visible', timeout });
}

/** The guided application's consent screen (every adult consents), the declaration, and the draft saved. */
export async function consentDeclareAndSave(page: Page): Promise<void> {
  await see(page, '家庭成员同意');
  for (const box of await page.getByRole('checkbox', { name: /同意退出/ }).all()) {
    if (await box.isEnabled()) await box.check();
  }
  await page.getByRole('button', { name: '继续' }).click();
  await page.getByRole('checkbox', { name: /出于自愿/ }).check();
  await page.getByRole('button', { name: '保存并上传材料' }).click();
  await see(page, '上传证明材料');
}

/** Chooses a file for one kind of evidence on a documents screen, as the camera or the file picker would. */
export async function attach(page: Page, kind: string, name: string, buffer: Buffer): Promise<void> {
  await page.locator(`input[data-kind="${kind}"]`).setInputFiles({ name, mimeType: 'image/png', buffer });
}

/** Waits until the upload of that kind is verified server-side. */
export async function verified(page: Page, kind: string): Promise<void> {
  await page.locator(`#upload-${kind}`).getByText('已通过核验').waitFor({ timeout: 30_000 });
}

/**
 * One browser's worth of signed-in people and the checks every main page gets: screenshots at both
 * widths, the axe scan, and the width at 360 px.
 */
export class PortalRun {
  readonly contexts: BrowserContext[] = [];
  readonly a11y: Record<string, A11yProblem[]> = {};
  readonly overflow: Record<string, number> = {};

  constructor(
    readonly browser: Browser,
    readonly base: string,
  ) {}

  async newPage(): Promise<Page> {
    const context = await newPhoneContext(this.browser);
    this.contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    return page;
  }

  async pageFor(userId: string, roleTab: string): Promise<Page> {
    const page = await this.newPage();
    await signInAs(page, this.base, userId, roleTab);
    return page;
  }

  /** Screenshots at both widths and the accessibility scan, for one main page. */
  async record(page: Page, name: string): Promise<void> {
    await screenshot(page, name);
    this.a11y[name] = await seriousA11yProblems(page);
    const width = await widthAt(page, NARROWEST.width);
    if (width > NARROWEST.width) this.overflow[name] = width;
  }

  /** The pages with serious or critical findings (an empty object when there are none). */
  failing(): Record<string, A11yProblem[]> {
    return Object.fromEntries(Object.entries(this.a11y).filter(([, problems]) => problems.length > 0));
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await bounded('closing a browser context', c.close(), 5_000);
  }
}

/**
 * A teardown step that cannot hang the file: after `ms` it is left behind with a warning naming it. Once
 * under load (a full run at 11 minutes) closing Chromium's contexts or the runtime did not return within
 * the file's 60 s afterAll, and a file whose every test had passed failed on its teardown.
 */
async function bounded(what: string, step: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  const outcome = await Promise.race([
    step.then(
      () => 'done' as const,
      () => 'failed' as const,
    ),
    timedOut,
  ]);
  clearTimeout(timer);
  if (outcome === 'timeout') console.warn(`teardown: ${what} did not finish in ${ms / 1000} s; left behind`);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A real, decodable RGB PNG (the upload verifier checks magic bytes, the viewer needs an image a
 * browser can draw): a pale card with a darker band, like a photographed ID card.
 */
export function realPng(width = 160, height = 100): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y += 1) {
    const row = y * (1 + width * 3);
    rows[row] = 0;
    for (let x = 0; x < width; x += 1) {
      const band = y > height * 0.2 && y < height * 0.35;
      const photo = x > width * 0.65 && x < width * 0.9 && y > height * 0.45 && y < height * 0.9;
      const [r, g, b] = band ? [21, 84, 184] : photo ? [160, 170, 185] : [236, 240, 246];
      rows.set([r, g, b], row + 1 + x * 3);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * What a portal test file runs against: the portal built, a local runtime with fast waits on a free port
 * and a temporary data directory, and Debian's Chromium. `stop` takes it all down and lists the
 * screenshots taken.
 */
export class PortalEnv {
  private constructor(
    readonly runtime: Runtime,
    readonly dataDir: string,
    readonly browser: Browser,
    readonly run: PortalRun,
  ) {}

  get base(): string {
    return this.runtime.url;
  }

  static async start(
    name: string,
    options: Pick<RuntimeOptions, 'idTokenTtlSeconds'> = {},
  ): Promise<PortalEnv> {
    await ensurePortalBuilt();
    const dataDir = await mkdtemp(join(tmpdir(), `${name}-`));
    const runtime = await startRuntime({
      port: 0,
      dataDir,
      fastWaits: true,
      ...sharedRuntimeDynamo(dataDir),
      ...options,
    });
    const browser = await launchChromium();
    return new PortalEnv(runtime, dataDir, browser, new PortalRun(browser, runtime.url));
  }

  async stop(): Promise<void> {
    await this.run.close();
    await bounded('closing Chromium', this.browser.close(), 10_000);
    await bounded('stopping the local runtime', this.runtime.stop(), 25_000);
    await rm(this.dataDir, { recursive: true, force: true });
    if (shots.length > 0) console.log(`portal screenshots:\n  ${shots.join('\n  ')}`);
  }
}

/**
 * What the desk tables show for a demo household (issue 18: names, not codes): its head's name, and a
 * village's name; the tests find a case's row by them as a reviewer would.
 */
export function headName(householdId: string): string {
  const r = DEMO_HOUSEHOLDS.find((d) => d.record.householdId === householdId)?.record;
  const name = r?.members.find((m) => m.memberId === r.headMemberId)?.name;
  if (!name) throw new Error(`no demo household ${householdId}`);
  return name;
}

export function villageName(villageCode: string): string {
  const name = DEMO_VILLAGES.find((v) => v.villageCode === villageCode)?.name;
  if (!name) throw new Error(`no demo village ${villageCode}`);
  return name;
}
