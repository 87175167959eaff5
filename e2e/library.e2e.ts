/**
 * Journey (issue 4): the city's editor makes a document with a real PDF and sends it for approval;
 * the approver publishes it to the city; a member of a cell in the city finds it by typing the
 * PDF's phrase without diacritics, reads it in the reading view and the PDF at fit-width and keeps it for later; the cell
 * secretary sees the member among those who read it; a member of another district finds nothing.
 * All at phone size (360×740); axe runs on every page visited.
 */
import { describe, expect, it } from 'vitest';
import PDFDocument from 'pdfkit';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, ROOT } from './support/server.ts';
import { newContext, signIn, visible } from './support/browser.ts';
import { checkAxe } from './support/axe.ts';
import { activateMemberIn, apiAs, ok } from './support/api.ts';
import { journeySetup } from './support/journey.ts';

const PHRASE = 'Nâng cao chất lượng sinh hoạt chi bộ';
const TYPED = 'nang cao chat luong sinh hoat chi bo';
const TITLE = 'Hướng dẫn số 07 về sinh hoạt định kỳ (kiểm thử e2e)';

const env = journeySetup();

/** A one-page PDF with Vietnamese text (DejaVu Sans carries the diacritics). */
function makePdf(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', info: { Title: TITLE } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font(path.join(ROOT, 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
    doc.fontSize(18).text('HƯỚNG DẪN', { align: 'center' });
    doc
      .moveDown()
      .fontSize(12)
      .text(`${PHRASE} trong giai đoạn mới: chuẩn bị nội dung, điều hành buổi sinh hoạt và đánh giá sau mỗi kỳ.`);
    doc.end();
  });
}

async function phone(ctx: Parameters<typeof newContext>[3]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(env.browser, 'phone', env.server.url, ctx);
  return { context, page: await context.newPage() };
}

async function searchLibrary(page: Page, typed: string) {
  await page.goto('/thu-vien');
  await visible(page.getByRole('heading', { level: 1, name: 'Thư viện văn bản' }));
  await page.getByRole('searchbox', { name: 'Tìm văn bản' }).fill(typed);
  // The count line switches from "N mục" to "Tìm thấy N kết quả" once the typed query ran.
  await visible(page.getByText(/^Tìm thấy \d+ kết quả/));
}

describe('Thư viện: soạn, duyệt, xuất bản, tìm không dấu, đọc, ai đã đọc', () => {
  it('editor → approver → member → secretary; another district sees nothing', async (ctx) => {
    const pdf = await makePdf();

    // 1. The editor drafts the document and uploads the PDF.
    const { page: editor } = await phone(ctx);
    await signIn(editor, 'tp.bientap', DEMO_PASSWORD);
    await editor.goto('/bien-tap');
    await visible(editor.getByRole('heading', { level: 1, name: 'Ban Biên tập' }));
    await checkAxe(editor, 'library-editorial-editor');
    await editor.getByRole('link', { name: 'Soạn văn bản mới' }).click();
    await visible(editor.getByRole('heading', { level: 1, name: 'Soạn văn bản mới' }));
    await editor.getByLabel('Tiêu đề / trích yếu').fill(TITLE);
    await editor.getByLabel('Số ký hiệu').fill('07-HD/TU');
    await editor.getByLabel('Tóm tắt').fill('Hướng dẫn chi bộ chuẩn bị và điều hành buổi sinh hoạt.');
    await checkAxe(editor, 'library-new-document');
    await editor.getByRole('button', { name: 'Tạo bản nháp' }).click();
    await visible(editor.getByRole('heading', { level: 1, name: TITLE }));
    const docId = /\/bien-tap\/([0-9a-f-]{36})/.exec(editor.url())?.[1];
    expect(docId, editor.url()).toBeTruthy();

    await editor
      .locator('input[type="file"]')
      .setInputFiles({ name: 'huong-dan-07.pdf', mimeType: 'application/pdf', buffer: pdf });
    await editor.getByRole('button', { name: 'Tải tệp lên', exact: true }).last().click();
    // Upload reads the PDF's text on the server before answering: allow for a slow CI machine.
    await visible(editor.getByText('huong-dan-07.pdf (v1)'), 45_000);
    await checkAxe(editor, 'library-edit-document');

    await editor.getByRole('link', { name: 'Mở', exact: true }).click();
    await visible(editor.getByRole('heading', { level: 1, name: TITLE }));
    await editor.getByRole('button', { name: 'Gửi duyệt' }).click();
    await visible(editor.getByText('Chờ duyệt', { exact: true }));
    await checkAxe(editor, 'library-document-submitted');

    // 2. The approver finds it in the queue and publishes it (to the owner unit, the city).
    const { page: approver } = await phone(ctx);
    await signIn(approver, 'tp.duyet', DEMO_PASSWORD);
    await approver.goto('/bien-tap');
    await visible(approver.getByRole('heading', { level: 1, name: 'Ban Biên tập' }));
    await approver.getByRole('link', { name: TITLE }).click();
    await visible(approver.getByRole('heading', { level: 1, name: TITLE }));
    await checkAxe(approver, 'library-document-review');
    await approver.getByRole('button', { name: 'Xuất bản', exact: true }).click();
    await visible(approver.getByText(/^Gửi tới: .*Tân An/));
    await approver.getByRole('button', { name: 'Xuất bản', exact: true }).waitFor({ state: 'detached' });

    // 3. The member finds it typing without diacritics, opens the PDF, keeps it for later.
    const { page: member } = await phone(ctx);
    await signIn(member, 'dangvien', DEMO_PASSWORD);
    await searchLibrary(member, TYPED);
    await checkAxe(member, 'library-search-member');
    const hit = member.getByRole('link', { name: TITLE });
    await visible(hit);
    // The phrase came from the PDF's text: the snippet marks it, with its diacritics.
    const card = member.getByRole('article').filter({ has: hit });
    // The symbol is shown as typed, leading zero included.
    await visible(card.getByText('07-HD/TU', { exact: true }));
    expect((await card.locator('mark').allInnerTexts()).join(' ').toLowerCase()).toContain('chất lượng');
    await hit.click();
    await visible(member.getByRole('heading', { level: 1, name: TITLE }));
    // The reading view first: the PDF's text reflowed for the phone, with the original one tap away.
    await visible(member.getByRole('button', { name: 'Bản đọc', pressed: true }));
    await visible(member.locator('.reading').getByText(PHRASE, { exact: false }));
    await member.getByRole('button', { name: 'Bản gốc (PDF)' }).click();
    await visible(member.getByRole('img', { name: `${TITLE} — Trang 1/1` }));
    await visible(member.getByText('Trang 1/1', { exact: true }));
    // Fit to the width of the screen by default.
    const [canvasWidth, boxWidth] = await member
      .locator('.pdf-box')
      .evaluate((box) => [box.querySelector('canvas')!.getBoundingClientRect().width, box.clientWidth]);
    expect(canvasWidth).toBeGreaterThan(boxWidth - 24);
    // pdf.js really drew the page: the canvas is not blank.
    await expect
      .poll(() =>
        member.getByRole('img', { name: `${TITLE} — Trang 1/1` }).evaluate((c) => {
          const canvas = c as HTMLCanvasElement;
          const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
          let dark = 0;
          for (let i = 0; i < data.length; i += 4) if (data[i]! < 128 && data[i + 3]! > 0) dark++;
          return dark;
        }),
      )
      .toBeGreaterThan(100);
    await member.getByRole('button', { name: 'Xem sau', exact: true }).click();
    await visible(member.getByRole('button', { name: 'Đã lưu xem sau', pressed: true }));
    await visible(member.getByText('Bạn đã đọc'));
    await checkAxe(member, 'library-document-member');
    await member.goto('/thu-vien/xem-sau');
    await visible(member.getByRole('link', { name: TITLE }));
    await checkAxe(member, 'library-bookmarks');

    // 4. The cell secretary sees the member under "read".
    const me = ok(await (await apiAs(env.server, 'dangvien'))<{ displayName: string }>('GET', '/api/auth/me'));
    const { page: secretary } = await phone(ctx);
    await signIn(secretary, 'chibo.bithu', DEMO_PASSWORD);
    await secretary.goto(`/thu-vien/${docId}`);
    await visible(secretary.getByRole('heading', { level: 1, name: TITLE }));
    await secretary.getByRole('link', { name: 'Ai đã đọc' }).click();
    await visible(secretary.getByRole('heading', { level: 1, name: `Tình hình đọc: ${TITLE}` }));
    const row = secretary.getByRole('row').filter({ hasText: me.displayName });
    await visible(row);
    expect(await row.innerText()).toMatch(/Đã đọc/);
    // The member, and the secretary who just opened it too.
    await visible(secretary.getByText(/^2\/\d+ đảng viên đã đọc$/));
    await checkAxe(secretary, 'library-readers');

    // 5. A member of district H1 (another unit under the province) finds nothing, even by URL.
    const outsider = await activateMemberIn(env.server, 'Đảng bộ huyện Vĩnh Phước', 'Ngoai@2026!x');
    const { context: outCtx, page: out } = await phone(ctx);
    await outCtx.addCookies([{ ...outsider.cookie, url: env.server.url }]);
    await searchLibrary(out, TYPED);
    await visible(out.getByText('Không tìm thấy văn bản phù hợp.'));
    expect(await out.getByRole('link', { name: TITLE }).count()).toBe(0);
    await checkAxe(out, 'library-search-outsider');
    await out.goto(`/thu-vien/${docId}`);
    await out
      .getByRole('heading', { level: 1, name: TITLE })
      .waitFor({ state: 'detached', timeout: 5_000 })
      .catch(() => undefined);
    expect(await out.getByRole('heading', { level: 1, name: TITLE }).count()).toBe(0);
  });

  it('news with the rich text editor, a help page with video, the codes screen', async (ctx) => {
    // 1. The editor writes news with the toolbar; what is stored went through the server's sanitizer.
    const { page: editor } = await phone(ctx);
    await signIn(editor, 'tp.bientap', DEMO_PASSWORD);
    await editor.goto('/bien-tap');
    await editor.getByRole('link', { name: 'Soạn tin mới' }).click();
    await visible(editor.getByRole('heading', { level: 1, name: 'Soạn tin mới' }));
    await editor.getByLabel('Tiêu đề / trích yếu').fill('Chi bộ khu phố 3 đạt chuẩn (e2e)');
    await editor
      .getByRole('combobox', { name: /^Chuyên mục/ })
      .or(editor.getByRole('textbox', { name: /^Chuyên mục/ }))
      .first()
      .click();
    await editor.getByRole('option', { name: 'Trong tỉnh' }).click();
    const body = editor.getByRole('textbox', { name: 'Nội dung' });
    await body.click();
    await editor.keyboard.type('Chi bộ ');
    await editor.getByRole('button', { name: 'Chữ đậm' }).click();
    await editor.keyboard.type('đạt chuẩn');
    await editor.getByRole('button', { name: 'Chữ đậm' }).click();
    await editor.keyboard.type(' năm nay.');
    await editor.keyboard.press('Enter');
    await editor.getByRole('button', { name: 'Danh sách gạch đầu dòng' }).click();
    await editor.keyboard.type('Sinh hoạt đều mỗi tháng');
    await editor.getByRole('button', { name: 'Chèn liên kết' }).click();
    await editor.getByLabel('Địa chỉ liên kết').fill('javascript:alert(1)');
    await editor.getByRole('button', { name: 'Chèn', exact: true }).click();
    await visible(editor.getByText('Địa chỉ phải bắt đầu bằng https:// hoặc /'));
    await editor.getByLabel('Địa chỉ liên kết').fill('https://dangcongsan.vn');
    await editor.getByRole('button', { name: 'Chèn', exact: true }).click();
    await checkAxe(editor, 'library-news-editor');
    await editor.getByRole('button', { name: 'Tạo bản nháp' }).click();
    await editor.waitForURL(/\/bien-tap\/[0-9a-f-]{36}$/);
    const newsId = /\/bien-tap\/([0-9a-f-]{36})/.exec(editor.url())![1]!;
    const asEditor = await apiAs(env.server, 'tp.bientap');
    const news = ok(
      await asEditor<{ document: { bodyHtml: string; category: string } }>('GET', `/api/documents/${newsId}`),
    ).document;
    expect(news.category).toBe('provincial');
    expect(news.bodyHtml).toMatch(/<(b|strong)>đạt chuẩn<\/(b|strong)>/);
    expect(news.bodyHtml).toMatch(/<ul><li>Sinh hoạt đều mỗi tháng/);
    expect(news.bodyHtml).toContain('href="https://dangcongsan.vn"');
    expect(news.bodyHtml).not.toMatch(/javascript|<div|<script|on\w+=/i);

    // 2. A help page with an install video, published to the city; a member plays it from the unit pages screen.
    const abilities = ok(await asEditor<{ editUnits: Array<{ id: string }> }>('GET', '/api/library/abilities'));
    const page = ok(
      await asEditor<{ document: { id: string } }>('POST', '/api/documents', {
        kind: 'page',
        category: 'help',
        unitId: abilities.editUnits[0]!.id,
        title: 'Cài đặt ứng dụng trên điện thoại (e2e)',
        summary: 'Video hướng dẫn cài đặt.',
        bodyHtml: '<p>Xem video bên dưới.</p>',
      }),
      201,
    ).document;
    const signInRes = await fetch(`${env.server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'sotay' },
      body: JSON.stringify({ login: 'tp.bientap', password: DEMO_PASSWORD }),
    });
    const cookie = (signInRes.headers.get('set-cookie') ?? '').split(';')[0]!;
    const form = new FormData();
    // An ISO MP4 header (ftyp box) and padding: the upload is typed by its bytes.
    const mp4 = Buffer.concat([Buffer.from('00000018667479706d703432000000006d70343269736f6d', 'hex'), Buffer.alloc(64_000)]);
    form.append('file', new Blob([mp4], { type: 'video/mp4' }), 'cai-dat.mp4');
    const up = await fetch(`${env.server.url}/api/documents/${page.id}/files`, {
      method: 'POST',
      headers: { cookie, 'x-requested-with': 'sotay' },
      body: form,
    });
    expect(up.status, await up.clone().text()).toBe(200);
    ok(await (await apiAs(env.server, 'tp.duyet'))('POST', `/api/documents/${page.id}/publish`, {}));

    const { page: member } = await phone(ctx);
    await signIn(member, 'dangvien', DEMO_PASSWORD);
    await member.goto('/thu-vien');
    await member.getByRole('link', { name: 'Trang đơn vị' }).click();
    await visible(member.getByRole('heading', { level: 1, name: 'Lịch sử, truyền thống và hướng dẫn' }));
    await member.getByText('Hướng dẫn sử dụng', { exact: true }).click();
    await member.getByRole('link', { name: 'Cài đặt ứng dụng trên điện thoại (e2e)' }).click();
    await visible(member.getByRole('heading', { level: 1, name: 'Cài đặt ứng dụng trên điện thoại (e2e)' }));
    const video = member.locator('video');
    await visible(video);
    const src = await video.getAttribute('src');
    // The player seeks with range requests: the member's session gets part of the file.
    const ranged = await member.evaluate(async (url) => {
      const r = await fetch(url!, { headers: { Range: 'bytes=100-199' } });
      return { status: r.status, range: r.headers.get('content-range'), length: (await r.arrayBuffer()).byteLength };
    }, src);
    expect(ranged).toEqual({ status: 206, range: `bytes 100-199/${mp4.length}`, length: 100 });
    await checkAxe(member, 'library-help-page');

    // 3. The system admin adds a document type code; it is listed and offered at once.
    const { page: admin } = await phone(ctx);
    await signIn(admin, 'admin', DEMO_PASSWORD);
    await admin.goto('/bien-tap/danh-muc');
    await visible(admin.getByRole('heading', { level: 1, name: 'Danh mục loại văn bản và cơ quan ban hành' }));
    const types = admin.getByRole('region', { name: 'Loại văn bản' });
    await types.getByLabel('Mã').fill('ĐA');
    await types.getByLabel('Tên').fill('Đề án');
    await types.getByRole('button', { name: 'Thêm loại văn bản' }).click();
    await visible(admin.getByText('Đã thêm mã ĐA.'));
    await visible(types.getByRole('row').filter({ hasText: 'Đề án' }));
    await checkAxe(admin, 'library-codes');
    const codes = ok(await asEditor<{ types: Array<{ code: string }> }>('GET', '/api/library/codes'));
    expect(codes.types.map((c) => c.code)).toContain('ĐA');
  });
});
