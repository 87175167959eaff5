/**
 * Journey: the city admin opens "Chuẩn hóa hồ sơ" for the city, sees the broken records, applies
 * the one-click fix and watches the standardized share rise; then imports a small .xlsx whose
 * name is typed in the old TCVN3 encoding: dry-run report, confirm, the member exists in Unicode.
 * Phone size; axe on every page visited.
 */
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from './support/server.ts';
import { newContext, signIn, visible } from './support/browser.ts';
import { checkAxe } from './support/axe.ts';
import { apiAs, ok } from './support/api.ts';
import { encodeTcvn3 } from '../src/common/members/encodings.ts';
import sharp from 'sharp';
import { journeySetup } from './support/journey.ts';

const NEW_NAME = 'Nguyễn Thị Hồng Nhung';

const env = journeySetup();

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
    const context = await newContext(env.browser, 'phone', env.server.url, ctx);
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
    await page.locator('input[type="file"]').setInputFiles({
      name: 'danh-sach.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await memberSheet(),
    });
    await page.getByRole('button', { name: 'Chạy thử' }).click();
    await visible(page.getByText('Thêm mới 1 · Cập nhật 0 · Không đổi 0 · Bị từ chối 0'));
    await visible(page.getByText(/^Đã chuyển mã cũ sang Unicode: TCVN3 [1-9]\d* ô/));
    await checkAxe(page, 'members-import-dry-run');
    await page.getByRole('button', { name: 'Nhập 1 hồ sơ' }).click();
    await visible(page.getByText('Đã nhập xong: thêm 1, cập nhật 0.'));
    await checkAxe(page, 'members-import-done');

    const admin = await apiAs(env.server, 'tp.admin');
    const found = ok(
      await admin<{ items: Array<{ fullName: string; cellName: string }> }>(
        'GET',
        `/api/members?unitId=${unitId}&q=${encodeURIComponent(NEW_NAME)}`,
      ),
    );
    expect(found.items.map((m) => m.fullName)).toContain(NEW_NAME);
  });

  it('transfers a member (request, accept, history), changes a status, reviews a duplicate pair and adds an e-card photo', async (ctx) => {
    const admin = await apiAs(env.server, 'tp.admin');
    const unitByCode = async (code: string) =>
      ok(
        await admin<{ items: Array<{ id: string; code: string }> }>('GET', `/api/units/search?q=${encodeURIComponent(code)}`),
      ).items.find((u) => u.code === code)!;
    const cb01 = await unitByCode('TP.P01.CB01');
    const cb02 = await unitByCode('TP.P01.CB02');
    const list = ok(
      await admin<{ items: Array<{ id: string; fullName: string; accountStatus: string; status: string }> }>(
        'GET',
        `/api/members?unitId=${cb01.id}&limit=50`,
      ),
    ).items;
    const plain = list.filter((m) => m.accountStatus === 'none' && m.status === 'official');
    const [mover, exempt] = [plain[0]!, plain[1]!];

    // Sending side: the cell secretary asks for a temporary transfer to a cell outside the ward list he sees, by its code.
    const context = await newContext(env.browser, 'phone', env.server.url, ctx);
    const page = await context.newPage();
    await signIn(page, 'chibo.bithu', DEMO_PASSWORD);
    await page.goto(`/dang-vien/ho-so/${mover.id}`);
    await visible(page.getByRole('heading', { level: 1, name: mover.fullName }));
    await page.getByLabel('Chi bộ nhận', { exact: true }).fill('TP.P01.CB02');
    await page.getByRole('button', { name: /TP\.P01\.CB02/ }).click();
    await visible(page.getByText(/^Chi bộ nhận: /));
    await page.getByLabel('Ngày bắt đầu sinh hoạt ở chi bộ mới').fill('2026-11-01');
    await page.getByRole('switch', { name: 'Chuyển sinh hoạt tạm thời (có ngày kết thúc)' }).check({ force: true });
    await page.getByRole('textbox', { name: /^Ngày kết thúc/ }).fill('2027-05-01');
    await page.getByLabel('Lý do', { exact: true }).fill('Đi công tác 6 tháng');
    await page.getByRole('button', { name: 'Gửi đề nghị chuyển' }).click();
    await visible(page.getByText('Đã gửi đề nghị. Chi bộ nhận sẽ xác nhận.'));
    await checkAxe(page, 'members-record-staff');

    // Status change with its date on another member; the history shows it.
    await page.goto(`/dang-vien/ho-so/${exempt.id}`);
    await visible(page.getByRole('heading', { level: 1, name: exempt.fullName }));
    await page.getByLabel('Tình trạng mới').selectOption('exempted');
    await page.getByLabel('Ngày hiệu lực (ngày quyết định)').fill('2026-10-15');
    await page.getByLabel('Ghi chú quyết định', { exact: true }).fill('Tuổi cao, sức yếu');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await visible(page.getByText('Đã lưu tình trạng mới.'));
    await visible(page.getByText(/15\/10\/2026: Chính thức → Miễn sinh hoạt — Tuổi cao, sức yếu/));

    // The sending side sees its request waiting, and may only cancel it.
    await page.goto(`/dang-vien/chuyen-sinh-hoat?unitId=${cb01.id}`);
    await visible(page.getByRole('heading', { level: 1, name: 'Chuyển sinh hoạt' }));
    await visible(page.getByRole('button', { name: `Hủy đề nghị: ${mover.fullName}` }));
    expect(await page.getByRole('button', { name: `Nhận sinh hoạt: ${mover.fullName}` }).count()).toBe(0);
    await checkAxe(page, 'members-transfers-sending');

    // Receiving side: the city admin (over CB02) accepts; the member's history shows both cells.
    const adminContext = await newContext(env.browser, 'phone', env.server.url, ctx);
    const adminPage = await adminContext.newPage();
    await signIn(adminPage, 'tp.admin', DEMO_PASSWORD);
    await adminPage.goto(`/dang-vien/chuyen-sinh-hoat?unitId=${cb02.id}`);
    await adminPage.getByRole('button', { name: `Nhận sinh hoạt: ${mover.fullName}` }).click();
    await visible(adminPage.getByText('Đã nhận'));
    await adminPage.goto(`/dang-vien/ho-so/${mover.id}`);
    await visible(adminPage.getByText(/: 0?1\/11\/2026 – 0?1\/0?5\/2027 \(chuyển tạm thời\)/));

    // Duplicate review: make two records share name and birthday, then mark them "không trùng".
    const [a, b] = [plain[2]!, plain[3]!];
    const recA = ok(await admin<{ member: { fullName: string; dateOfBirth: string } }>('GET', `/api/members/${a.id}`)).member;
    ok(await admin('PATCH', `/api/members/${b.id}`, { fullName: recA.fullName, dateOfBirth: recA.dateOfBirth }));
    await adminPage.goto(`/dang-vien/chuan-hoa?unitId=${cb01.id}`);
    const notDup = adminPage.getByRole('button', { name: `Không trùng: ${recA.fullName} (`, exact: false });
    await visible(notDup);
    await checkAxe(adminPage, 'members-duplicates');
    await notDup.first().click();
    await expect.poll(() => notDup.count()).toBe(0);

    // E-card photo by the member; the public check shows no photo.
    const memberContext = await newContext(env.browser, 'phone', env.server.url, ctx);
    const memberPage = await memberContext.newPage();
    await signIn(memberPage, 'dangvien', DEMO_PASSWORD);
    await memberPage.goto('/the-dang-vien');
    await visible(memberPage.getByRole('heading', { level: 1, name: 'Thẻ đảng viên điện tử' }));
    const photo = await sharp({ create: { width: 900, height: 1200, channels: 3, background: { r: 30, g: 60, b: 160 } } })
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 1/1 30/1' } })
      .jpeg()
      .toBuffer();
    await memberPage.locator('input[type="file"]').setInputFiles({ name: 'anh-the.jpg', mimeType: 'image/jpeg', buffer: photo });
    const img = memberPage.getByRole('img', { name: /^Ảnh của / });
    await visible(img);
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(600);
    await checkAxe(memberPage, 'members-ecard-photo');
    const card = ok(await (await apiAs(env.server, 'dangvien'))<{ verifyUrl: string }>('GET', '/api/me/card'));
    await memberPage.goto(new URL(card.verifyUrl).pathname);
    await visible(memberPage.getByText('Thẻ hợp lệ'));
    expect(await memberPage.locator('img[src*="photo"]').count()).toBe(0);
    expect(await memberPage.content()).not.toContain('/api/me/card/photo');
  });
});
