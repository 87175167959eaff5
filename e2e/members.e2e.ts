/**
 * Journey: the city admin opens "Chuẩn hóa hồ sơ" for the city, sees the broken records, applies
 * the one-click fix and watches the standardized share rise; then imports a small .xlsx whose
 * name is typed in the old TCVN3 encoding: dry-run report, confirm, the member exists in Unicode.
 * Phone size; axe on every page visited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, startServer, type TestServer } from './support/server.ts';
import { launchBrowser, newContext, signIn, visible } from './support/browser.ts';
import { checkAxe } from './support/axe.ts';
import { apiAs, ok } from './support/api.ts';
import { encodeTcvn3 } from '../src/common/members/encodings.ts';

const NEW_NAME = 'Nguyễn Thị Hồng Nhung';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function memberSheet(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(['Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Chi bộ']);
  ws.addRow([encodeTcvn3(NEW_NAME), '12/05/1985', 'Nữ', '079185012345', 'TP.P01.CB01']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** "99,6%" (vi-VN) → 99.6 */
async function percentOf(page: Page): Promise<number> {
  const text = await (await visible(page.getByLabel('Tỷ lệ chuẩn hóa'))).first().innerText();
  return Number(text.replace('%', '').replace(/\./g, '').replace(',', '.').trim());
}

describe('Đảng viên: chuẩn hóa hồ sơ và nhập Excel', () => {
  it('fixes broken records in one click and imports a TCVN3 .xlsx', async (ctx) => {
    const context = await newContext(browser, 'phone', server.url, ctx);
    const page = await context.newPage();
    await signIn(page, 'tp.admin', DEMO_PASSWORD);
    await page.goto('/dang-vien');
    await visible(page.getByRole('heading', { level: 1, name: 'Đảng viên' }).or(page.getByRole('heading', { level: 1 })));
    // The admin holds one unit (the city), so the list opens on it.
    await page.getByRole('link', { name: 'Chuẩn hóa hồ sơ' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Chuẩn hóa hồ sơ' }));
    await visible(page.getByText('Đảng bộ thành phố Tân An', { exact: true }));
    const before = await percentOf(page);
    expect(before).toBeLessThan(100);
    const fixButtons = page.getByRole('button', { name: /^Sửa tự động: / });
    await visible(fixButtons);
    await checkAxe(page, 'members-standardization');

    await page.getByRole('button', { name: 'Sửa tự động tất cả lỗi chắc chắn' }).click();
    const fixed = page.getByText(/^Đã sửa \d+ hồ sơ\.$/);
    await visible(fixed);
    expect(Number(/\d+/.exec(await fixed.innerText())![0])).toBeGreaterThan(0);
    await expect.poll(() => percentOf(page)).toBeGreaterThan(before);
    await checkAxe(page, 'members-standardization-after');

    // Import: dry run, report with the TCVN3 conversion, confirm.
    const unitId = new URL(page.url()).searchParams.get('unitId')!;
    await page.goto(`/dang-vien/nhap?unitId=${unitId}`);
    await visible(page.getByRole('heading', { level: 1, name: 'Nhập danh sách đảng viên' }));
    await page.locator('input[type="file"]').setInputFiles({ name: 'danh-sach.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await memberSheet() });
    await page.getByRole('button', { name: 'Chạy thử' }).click();
    await visible(page.getByText('Thêm mới 1 · Cập nhật 0 · Không đổi 0 · Bị từ chối 0'));
    await visible(page.getByText(/^Đã chuyển mã cũ sang Unicode: TCVN3 [1-9]\d* ô/));
    await checkAxe(page, 'members-import-dry-run');
    await page.getByRole('button', { name: 'Nhập 1 hồ sơ' }).click();
    await visible(page.getByText('Đã nhập xong: thêm 1, cập nhật 0.'));
    await checkAxe(page, 'members-import-done');

    const admin = await apiAs(server, 'tp.admin');
    const found = ok(await admin<{ items: Array<{ fullName: string; cellName: string }> }>('GET', `/api/members?unitId=${unitId}&q=${encodeURIComponent(NEW_NAME)}`));
    expect(found.items.map((m) => m.fullName)).toContain(NEW_NAME);
  });
});
