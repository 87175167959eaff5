/**
 * Journey: an elderly member's phone. Signs in at 360 px, turns on large text (it stays on),
 * bookmarks a document, goes offline, reopens the app and reads the bookmarked document and the
 * next meeting's materials (which the app kept without the member opening them), leaves an opinion
 * on the meeting and asks a question offline; both arrive once when the connection returns. The
 * same app at desktop size passes the browser's installability check. axe runs on every page visited.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from './support/server.ts';
import { newContext, screenshotPages, signIn, visible } from './support/browser.ts';
import { checkAxe } from './support/axe.ts';
import { prepareNextMeeting, type NextMeeting } from './support/meeting.ts';
import { journeySetup } from './support/journey.ts';

const env = journeySetup();
let docId: string | null = null;
let meeting: NextMeeting;

/** Calls the API as `login` (a fresh session per call site). */
async function apiAs(login: string) {
  const res = await fetch(`${env.server.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'sotay' },
    body: JSON.stringify({ login, password: DEMO_PASSWORD }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> => {
    const r = await fetch(`${env.server.url}${path}`, {
      method,
      headers: { cookie, 'x-requested-with': 'sotay', ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, json: (text ? JSON.parse(text) : null) as T };
  };
}

/** A published news item the member can read (the library area's API; skipped if it is absent). */
async function publishNews(): Promise<string | null> {
  const admin = await apiAs('admin');
  const roots = await admin<{ items: Array<{ id: string }> }>('GET', '/api/units/roots');
  const created = await admin<{ document?: { id: string } }>('POST', '/api/documents', {
    kind: 'news',
    category: 'local',
    unitId: roots.json.items[0]!.id,
    title: 'Hướng dẫn sinh hoạt chi bộ tháng này',
    summary: 'Nội dung chính cho đảng viên đọc trước buổi họp.',
    bodyHtml: '<p>Chi bộ thảo luận việc thực hiện nghị quyết và đóng đảng phí đúng hạn.</p>',
  });
  if (created.status === 404) return null; // TODO(issue 4): library routes not registered yet
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const id = created.json.document!.id;
  expect((await admin('POST', `/api/documents/${id}/publish`, {})).status).toBe(200);
  return id;
}

async function waitForServiceWorker(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // clientsClaim() makes the new worker control this page; wait until it does. Once (seen under a
  // loaded machine) the claim never reached the page within 15 s: a page loaded after the worker
  // is active is controlled from its start, as a member's next visit would be.
  const controlled = () =>
    page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
  try {
    await controlled();
  } catch {
    await page.reload();
    await controlled();
  }
}

beforeAll(async () => {
  docId = await publishNews();
  meeting = await prepareNextMeeting(env.server);
});

describe('Ứng dụng của đảng viên', () => {
  it('works on a 360 px phone: large text, bookmark, offline reading of a document and the next meeting, offline opinion and question sent later', async (ctx) => {
    const context: BrowserContext = await newContext(env.browser, 'phone', env.server.url, ctx);
    const page = await context.newPage();
    await page.goto('/dang-nhap');
    await checkAxe(page, 'sign-in-phone');
    await signIn(page, 'dangvien', DEMO_PASSWORD);

    // Home: search, the next meeting, new documents, one tap each from their screens.
    await visible(page.getByRole('heading', { name: 'Buổi sinh hoạt tới' }));
    await visible(page.getByRole('link', { name: meeting.topic, exact: true }));
    await visible(page.getByRole('link', { name: 'Thẻ đảng viên' }));
    await visible(page.getByRole('searchbox', { name: 'Tìm văn bản, tài liệu' }));
    await checkAxe(page, 'home-phone');

    // Large text: the whole app grows, and it stays set after a reload.
    const rootSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    const before = await rootSize();
    await page.getByRole('switch', { name: 'Chữ lớn' }).check();
    expect(await rootSize()).toBeGreaterThan(before * 1.2);
    await page.reload();
    await visible(page.getByRole('heading', { level: 1, name: /^Xin chào, / }));
    expect(await page.evaluate(() => document.documentElement.dataset.textSize)).toBe('large');
    expect(await page.getByRole('switch', { name: 'Chữ lớn' }).isChecked()).toBe(true);
    // Nothing spills sideways at 360 px with large text.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await checkAxe(page, 'home-phone-large-text');

    await waitForServiceWorker(page);

    // Bookmark a document and read it once online.
    if (docId) {
      await page.goto(`/thu-vien/${docId}`);
      await visible(page.getByRole('heading', { level: 1, name: 'Hướng dẫn sinh hoạt chi bộ tháng này' }));
      await page.getByRole('button', { name: 'Xem sau' }).click();
      await visible(page.getByText('Đã lưu xem sau'));
      await checkAxe(page, 'document-phone');
    } else {
      console.warn('TODO(issue 4): the library API is not there yet; bookmarking is skipped');
    }
    // The next meeting is on the home page; the member does not open it while online: the app
    // fetched it and its attached file in the background (pwa/warm.ts) once the service worker ran.
    await page.goto('/');
    await visible(page.getByRole('link', { name: new RegExp(meeting.topic) }));
    await page.waitForFunction(
      async ([id, name]) => {
        const api = await caches.open('sotay-api');
        const detail = await api.match(`/api/meetings/${id}`);
        if (!detail) return false;
        const d = (await detail.json()) as { files: Array<{ id: string; name: string }> };
        const file = d.files.find((f) => f.name === name);
        return !!file && !!(await (await caches.open('sotay-files')).match(`/api/meeting-files/${file.id}`));
      },
      [meeting.id, meeting.materialName] as const,
      { timeout: 20_000 },
    );
    await page.goto('/hoi-dap');
    await visible(page.getByRole('heading', { level: 1, name: 'Hỏi đáp, kiến nghị' }));
    await visible(page.getByRole('combobox', { name: 'Gửi đến' }));
    await checkAxe(page, 'feedback-phone');
    await page.goto('/thong-bao');
    await visible(page.getByRole('heading', { level: 1, name: 'Thông báo' }));
    await checkAxe(page, 'notifications-phone');

    // Offline: reopen the app from the home screen.
    await context.setOffline(true);
    await page.goto('/');
    await visible(page.getByRole('heading', { level: 1, name: /^Xin chào, / }));
    await visible(page.getByRole('status').filter({ hasText: 'Bạn đang ngoại tuyến' }));
    expect(await page.evaluate(() => document.documentElement.dataset.textSize)).toBe('large');
    if (docId) {
      await page.goto(`/thu-vien/${docId}`);
      await visible(page.getByRole('heading', { level: 1, name: 'Hướng dẫn sinh hoạt chi bộ tháng này' }));
      await visible(page.getByText('đóng đảng phí đúng hạn'));
    }

    // The next meeting's materials, from the home page's tile, with no connection.
    await page.goto('/');
    await page.getByRole('link', { name: meeting.topic, exact: true }).click();
    await visible(page.getByText(meeting.agendaTitle));
    await visible(page.getByText('Chi bộ thống nhất học tập nghị quyết trong tháng.'));
    const material = page.getByRole('link', { name: meeting.materialName });
    await visible(material);
    // Materials open in the app's viewer, never as the raw file address.
    expect(await material.getAttribute('href')).toMatch(new RegExp(`^/sinh-hoat/${meeting.id}/tai-lieu/[0-9a-f-]{36}$`));
    await checkAxe(page, 'meeting-phone-offline');
    await material.click();
    await visible(page.getByRole('heading', { level: 1, name: meeting.materialName }));
    const picture = page.getByRole('img', { name: meeting.materialName });
    await expect.poll(() => picture.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await checkAxe(page, 'meeting-material-offline');
    await page.goBack();
    await visible(page.getByText(meeting.agendaTitle));

    // An opinion on the draft resolution, left offline: it waits in the outbox, and says so.
    const opinionText = 'Đề nghị nhắc đảng viên cao tuổi đóng đảng phí tại nhà.'; // under 60 characters: the outbox label shows it whole
    await page.getByLabel('Ý kiến của bạn').fill(opinionText);
    await page.getByRole('button', { name: 'Gửi góp ý' }).click();
    await visible(page.getByText('Đang ngoại tuyến: đã lưu, sẽ tự gửi khi có mạng.'));
    await visible(page.getByRole('status').filter({ hasText: '1 việc đang chờ gửi' }));

    // A question written offline waits in the outbox too.
    await page.goto('/hoi-dap');
    await visible(page.getByRole('heading', { level: 1, name: 'Hỏi đáp, kiến nghị' }));
    await page.getByLabel('Tiêu đề').fill('Lịch họp tháng sau');
    await page.getByLabel('Nội dung').fill('Xin chi bộ cho biết lịch họp tháng sau có đổi không?');
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    await visible(page.getByText('Đang ngoại tuyến: đã lưu, sẽ tự gửi khi có mạng.'));
    await visible(page.getByRole('status').filter({ hasText: '2 việc đang chờ gửi' }));
    await page.goto('/');
    await visible(page.getByRole('heading', { name: 'Đang chờ gửi' }));
    await visible(page.getByText('Câu hỏi: Lịch họp tháng sau'));
    await visible(page.getByText(`Ý kiến: ${opinionText}`));

    // Back online: it is sent by itself, once.
    await context.setOffline(false);
    await page.getByRole('heading', { name: 'Đang chờ gửi' }).waitFor({ state: 'detached', timeout: 20_000 });
    const mine = await page.evaluate(
      async () => (await (await fetch('/api/feedback/mine')).json()) as { items: Array<{ subject: string }> },
    );
    expect(mine.items.filter((i) => i.subject === 'Lịch họp tháng sau')).toHaveLength(1);
    const secretary = await apiAs('chibo.bithu');
    const inbox = await secretary<{ items: Array<{ subject: string }> }>('GET', '/api/feedback/inbox');
    expect(inbox.json.items.map((i) => i.subject)).toContain('Lịch họp tháng sau');
    // The opinion reached the meeting, exactly once.
    const opinions = await secretary<{ items: Array<{ body: string }> }>('GET', `/api/meetings/${meeting.id}/opinions`);
    expect(opinions.status).toBe(200);
    expect(opinions.json.items.filter((o) => o.body === opinionText)).toHaveLength(1);
  });

  it('passes the installability check and axe at desktop size; install page has help and a QR code', async (ctx) => {
    // A real profile: Chromium reports every incognito context as not installable.
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'stdv-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
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
      baseURL: env.server.url,
      viewport: { width: 1280, height: 800 },
      locale: 'vi-VN',
    });
    ctx.onTestFinished(async () => {
      if (ctx.task.result?.state === 'fail') await screenshotPages(ctx.task.name, context.pages());
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/cai-dat-ung-dung');
    await visible(page.getByRole('heading', { level: 1, name: 'Cài đặt ứng dụng' }));
    await visible(page.getByRole('heading', { name: 'iPhone (Safari)' }));
    await visible(page.getByRole('img', { name: /^Mã QR mở địa chỉ http:\/\/127\.0\.0\.1/ }));
    await checkAxe(page, 'install-desktop');
    await waitForServiceWorker(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: Array<{ errorId: string }>;
    };
    expect(installabilityErrors).toEqual([]);
    const manifest = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; url: string };
    expect(manifest.errors).toEqual([]);

    await signIn(page, 'dangvien', DEMO_PASSWORD);
    await checkAxe(page, 'home-desktop');
    // Reported as installed when the app starts in standalone mode / after appinstalled.
    const reported = await page.evaluate(async () => {
      const res = await fetch('/api/installs', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-requested-with': 'sotay' },
        body: JSON.stringify({ deviceId: crypto.randomUUID(), platform: 'desktop', source: 'appinstalled' }),
      });
      return res.status;
    });
    expect(reported).toBe(200);
  });
});
