/**
 * Debian's Chromium driven by playwright-core. Each launch gets a fresh profile; contexts come at
 * phone size (360×740, touch) or desktop size (1280×800).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { TestContext } from 'vitest';
import { ROOT } from './server.ts';

export type Viewport = 'phone' | 'desktop';

export const RESULTS_DIR = path.join(ROOT, 'test-results');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * A fresh context (cookies, storage) in the browser. Given the test's context, it is closed when
 * the test finishes, after a screenshot of each of its pages if the test failed.
 */
export async function newContext(
  browser: Browser,
  size: Viewport,
  baseURL: string,
  test?: TestContext,
  /** A phone left on another zone (a member abroad, a wrong setting): the app must still show Vietnamese hours. */
  options: { timezoneId?: string } = {},
): Promise<BrowserContext> {
  const context =
    size === 'phone'
      ? await browser.newContext({
          baseURL,
          viewport: { width: 360, height: 740 },
          isMobile: true,
          hasTouch: true,
          deviceScaleFactor: 2,
          locale: 'vi-VN',
          ...options,
        })
      : await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 }, locale: 'vi-VN', ...options });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  if (test) {
    // One hook does both, so the screenshot is always taken before the pages close.
    test.onTestFinished(async () => {
      if (test.task.result?.state === 'fail') await screenshotPages(test.task.name, context.pages());
      await context.close();
    });
  }
  return context;
}

/** Numbers screenshots across calls: a test with several contexts must not overwrite its own. */
let shotCount = 0;

/** Saves a full-page screenshot of each page to test-results/<test name>-<n>.png. */
export async function screenshotPages(testName: string, pages: Page[]): Promise<void> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const base = testName
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
  for (const page of pages) {
    if (page.isClosed()) continue;
    const file = path.join(RESULTS_DIR, `${base}-${++shotCount}.png`);
    try {
      await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
      console.error(`screenshot: ${path.relative(ROOT, file)} (${page.url()})`);
    } catch (err) {
      console.error(`screenshot failed: ${(err as Error).message}`);
    }
  }
}

/** On failure, screenshots the given pages (which must still be open when the test ends). */
export function screenshotOnFailure(ctx: TestContext, ...pages: Page[]) {
  ctx.onTestFailed(() => screenshotPages(ctx.task.name, pages));
}

/** Waits until the locator shows (playwright-core has no expect of its own). */
export async function visible(locator: Locator, timeout?: number): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout });
  return locator;
}

/** Signs in through the UI with the password form and waits for the home page. */
export async function signIn(page: Page, login: string, password: string): Promise<void> {
  if (!page.url().includes('/dang-nhap')) await page.goto('/dang-nhap');
  await page.getByLabel('Số điện thoại, CCCD hoặc tên đăng nhập').fill(login);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await visible(page.getByRole('heading', { level: 1, name: /^Xin chào, / }));
}

/**
 * Opens a destination of the app shell by its label, as a user would: from the side navigation on
 * a desktop, from the "Tôi" tab on a phone (where the management pages are).
 */
export async function openFromMenu(page: Page, label: string): Promise<void> {
  const side = page.locator('nav.shell-side');
  if (await side.isVisible()) {
    await side.getByRole('link', { name: label, exact: true }).click();
    return;
  }
  const tabs = page.getByRole('navigation', { name: 'Điều hướng chính' }).filter({ visible: true });
  const tab = tabs.getByRole('link', { name: label, exact: true });
  if (await tab.count()) {
    await tab.click();
    return;
  }
  await tabs.getByRole('link', { name: 'Tôi', exact: true }).click();
  await page.getByRole('main').getByRole('link', { name: label, exact: true }).click();
}

/** Signs out from the "Tôi" tab (phone) or page (desktop), and waits for the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await page.goto('/toi');
  await page.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
  await visible(page.getByRole('heading', { level: 1, name: 'Đăng nhập' }));
}
