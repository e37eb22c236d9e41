import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { projectPath } from '../../infra/paths.js';

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

/**
 * The local runtime serves portal/dist; it is built here when missing or older than the portal's
 * sources, so `vitest run` alone tests the portal as it is in the working tree.
 */
export async function ensurePortalBuilt(): Promise<void> {
  const index = projectPath('portal/dist/index.html');
  const sources = ['portal/src', 'portal/index.html', 'portal/vite.config.ts', 'portal/public'].map((p) =>
    projectPath(p),
  );
  if (existsSync(index)) {
    const built = statSync(index).mtimeMs;
    if (sources.filter((s) => existsSync(s)).every((s) => newestMtime(s) <= built)) return;
  }
  await run(
    process.execPath,
    [projectPath('node_modules/vite/bin/vite.js'), 'build', '--config', projectPath('portal/vite.config.ts')],
    {
      cwd: projectPath(),
      timeout: 120_000,
      // vitest sets NODE_ENV=test, which would make Vite bundle React's development build
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
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
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
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
  // let polling, fonts and charts settle so the picture shows the page, not its loading state
  await page.waitForLoadState('networkidle').catch(() => undefined);
  for (const [suffix, size] of [
    ['390', PHONE],
    ['1280', DESKTOP],
  ] as const) {
    await page.setViewportSize(size);
    await page.waitForTimeout(250);
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

/** axe-core over WCAG 2.1 A/AA; only serious and critical findings fail a test. */
export async function seriousA11yProblems(page: Page): Promise<A11yProblem[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
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
  await page.waitForTimeout(150);
  const scrollWidth = Number(await page.evaluate('document.documentElement.scrollWidth'));
  await page.setViewportSize(PHONE);
  return scrollWidth;
}
