/**
 * Journey (issue 5), phone size: the cell secretary registers this month's meeting starting in a
 * few minutes, prepares agenda and draft resolution, posts the materials and invites; a member
 * leaves an opinion and answers the invitation; at the meeting the member checks in with the code
 * shown on the secretary's QR screen; the secretary completes roll call, minutes, resolution,
 * uploads a photo of the signed copy, scores the evaluation and finalizes; the city committee sees
 * the cell as done for the month on the monitoring page. axe runs on the pages visited.
 */
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { DEMO_PASSWORD } from './support/server.ts';
import { newContext, signIn, visible } from './support/browser.ts';
import { checkAxe } from './support/axe.ts';
import { journeySetup } from './support/journey.ts';
import { toVnInput } from '../src/common/time/vietnam.ts';

const env = journeySetup();
/** The meeting the first journey registered (the screens journey opens it again). */
let meetingPath = '';

/** "YYYY-MM-DDTHH:mm" on the Vietnamese clock, `minutes` from now: what a secretary in Vietnam types. */
const vnInputIn = (minutes: number) => toVnInput(Date.now() + minutes * 60_000);

describe('Sinh hoạt chi bộ: đăng ký, chuẩn bị, điểm danh QR, biên bản, hoàn tất, theo dõi', () => {
  it('secretary, member and city committee at phone size', async (ctx) => {
    const photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 240, g: 235, b: 220 } } })
      .jpeg()
      .toBuffer();

    // 1. The secretary registers the meeting: starts in 5 minutes, 100 minutes long.
    // The secretary's phone is left on Los Angeles time and the member's on Tokyo time: both must
    // still type and read the hours of Hà Nội.
    const sc = await newContext(env.browser, 'phone', env.server.url, ctx, { timezoneId: 'America/Los_Angeles' });
    const sec = await sc.newPage();
    await signIn(sec, 'chibo.bithu', DEMO_PASSWORD);
    await sec.goto('/sinh-hoat');
    await visible(sec.getByRole('heading', { level: 1, name: 'Sinh hoạt chi bộ' }));
    await checkAxe(sec, 'meetings-home-secretary');
    await sec.getByRole('link', { name: 'Đăng ký lịch sinh hoạt' }).first().click();
    await visible(sec.getByRole('heading', { level: 1, name: 'Đăng ký lịch sinh hoạt' }));
    await sec.getByLabel('Chủ đề').fill('Nâng cao chất lượng sinh hoạt chi bộ');
    const startInput = vnInputIn(5);
    await sec.getByLabel('Bắt đầu').fill(startInput);
    await sec.getByLabel('Dự kiến kết thúc').fill(vnInputIn(105));
    await sec.getByLabel('Địa điểm').fill('Nhà văn hóa khu phố 1');
    await checkAxe(sec, 'meetings-register');
    await sec.getByRole('button', { name: 'Đăng ký lịch sinh hoạt' }).click();
    await visible(sec.getByRole('heading', { level: 1, name: /^Thường kỳ · / }));
    const meetingUrl = new URL(sec.url()).pathname;
    expect(meetingUrl).toMatch(/^\/sinh-hoat\/[0-9a-f-]{36}$/);
    meetingPath = meetingUrl;
    const cellName = (await sec.getByRole('heading', { level: 1 }).innerText()).replace(/^Thường kỳ · /, '').trim();

    // Agenda, draft resolution, posting, invitations.
    await sec.getByRole('button', { name: 'Thêm mục' }).click();
    await sec.getByLabel('Tiêu đề mục 1').fill('Kiểm điểm công tác tháng');
    await sec.getByRole('button', { name: 'Thêm mục' }).click();
    await sec.getByLabel('Tiêu đề mục 2').fill('Phương hướng tháng tới');
    await sec.getByRole('button', { name: 'Lưu · Chương trình' }).click();
    await sec.getByLabel('Dự thảo nghị quyết').fill('Chi bộ thống nhất tập trung vận động đảng viên đóng đảng phí đúng hạn.');
    await sec.getByRole('button', { name: 'Lưu · Dự thảo nghị quyết' }).click();
    await visible(sec.getByText('Đã lưu.'));
    await sec.getByRole('button', { name: 'Đăng tài liệu cho đảng viên' }).click();
    await visible(sec.getByText(/^Tài liệu đã đăng lúc /));
    await sec.getByRole('button', { name: 'Gửi giấy mời' }).click();
    await visible(sec.getByText(/^Đã gửi giấy mời lúc /));
    await checkAxe(sec, 'meetings-prepare');

    // 2. The member reads the materials, leaves an opinion, says they will attend.
    const mc = await newContext(env.browser, 'phone', env.server.url, ctx, { timezoneId: 'Asia/Tokyo' });
    const mem = await mc.newPage();
    await signIn(mem, 'dangvien', DEMO_PASSWORD);
    await mem.goto('/sinh-hoat');
    await visible(mem.getByRole('heading', { level: 1, name: 'Sinh hoạt chi bộ' }));
    await mem
      .getByRole('link', { name: /Nâng cao chất lượng sinh hoạt chi bộ/ })
      .first()
      .click();
    await visible(mem.getByRole('heading', { level: 1, name: `Thường kỳ · ${cellName}` }));
    // "dd/MM/yyyy HH:mm" of the hour the secretary typed, not shifted to Tokyo (2 hours ahead).
    const [day, hm] = startInput.split('T') as [string, string];
    await visible(mem.getByText(`${day.split('-').reverse().join('/')} ${hm}`, { exact: false }).first());
    await visible(mem.getByText('Kiểm điểm công tác tháng'));
    await mem.getByLabel('Góp ý cho').selectOption({ label: 'Phương hướng tháng tới' });
    await mem.getByLabel('Ý kiến của bạn').fill('Đề nghị bổ sung kế hoạch thăm hỏi đảng viên cao tuổi.');
    await mem.getByRole('button', { name: 'Gửi góp ý' }).click();
    await visible(mem.getByRole('heading', { name: 'Góp ý của bạn' }));
    await mem.getByRole('button', { name: 'Tôi sẽ dự' }).click();
    await visible(mem.getByRole('heading', { name: 'Bạn đã trả lời: Sẽ dự' }));
    await checkAxe(mem, 'meetings-member');

    // Offline: an opinion waits in the shared outbox and says so; back online it is sent, once.
    await mc.setOffline(true);
    await mem.getByLabel('Ý kiến của bạn').fill('Ý kiến gửi lúc mất sóng.');
    await mem.getByRole('button', { name: 'Gửi góp ý' }).click();
    await visible(mem.getByText('Đang ngoại tuyến: đã lưu, sẽ tự gửi khi có mạng.'));
    const waiting = mem.getByRole('region', { name: 'Đang chờ gửi' });
    await visible(waiting.getByText('Ý kiến: Ý kiến gửi lúc mất sóng.'));
    await mc.setOffline(false);
    await waiting.waitFor({ state: 'detached', timeout: 20_000 });
    await visible(mem.getByText('Ý kiến gửi lúc mất sóng.'));

    // The secretary sees the opinion and the answer.
    await sec.reload();
    await visible(sec.getByText('Đề nghị bổ sung kế hoạch thăm hỏi đảng viên cao tuổi.'));
    await visible(sec.getByText('Ý kiến gửi lúc mất sóng.'));
    expect(await sec.getByText('Ý kiến gửi lúc mất sóng.').count()).toBe(1);
    await visible(sec.getByText(/^Sẽ dự: 1 · /));

    // 3. Check-in: the member types the 6 digits shown under the secretary's QR.
    await sec.getByRole('link', { name: 'Màn hình mã QR điểm danh' }).click();
    await visible(sec.getByRole('heading', { level: 1, name: 'Màn hình mã QR điểm danh' }));
    const codeText = sec.locator('[aria-label="Mã điểm danh (6 số dưới mã QR)"]');
    await visible(codeText);
    await checkAxe(sec, 'meetings-qr');
    await mem.getByRole('link', { name: 'Điểm danh', exact: true }).click();
    await visible(mem.getByRole('heading', { level: 1, name: 'Điểm danh' }));
    // The code changes every 30 s: read it right before typing, and once more if it just rolled over.
    for (let attempt = 0; ; attempt++) {
      await sec.reload();
      const code = (await (await visible(codeText)).innerText()).trim();
      expect(code).toMatch(/^\d{6}$/);
      await mem.getByLabel('Mã điểm danh (6 số dưới mã QR)').fill(code);
      await mem.getByRole('button', { name: 'Điểm danh', exact: true }).click();
      const done = mem.getByRole('status').filter({ hasText: 'Đã điểm danh: Có mặt' });
      const ok = await done.waitFor({ state: 'visible', timeout: 5_000 }).then(
        () => true,
        () => false,
      );
      if (ok) break;
      if (attempt >= 1) throw new Error('check-in with the QR code failed twice');
    }
    await checkAxe(mem, 'meetings-check-in');

    // 4. Roll call for everyone else, minutes, resolution, photo, evaluation, finalize.
    await sec.goto(meetingUrl);
    await visible(sec.getByRole('heading', { name: 'Điểm danh bằng tay' }));
    const selects = sec.getByRole('combobox', { name: /^Tình trạng của / });
    await visible(selects);
    const n = await selects.count();
    for (let i = 0; i < n; i++) {
      const s = selects.nth(i);
      if ((await s.inputValue()) === '') {
        await s.selectOption('present');
        await expect.poll(() => s.inputValue()).toBe('present');
      }
    }
    await visible(sec.getByText(new RegExp(`^Có mặt ${n}/${n} \\(100%\\).*Chưa điểm danh 0$`)).first());

    await sec
      .getByLabel('Ý kiến phát biểu (mỗi dòng: Họ tên: nội dung) · 1')
      .fill('Bí thư: Chi bộ hoàn thành tốt nhiệm vụ tháng.');
    await sec.getByLabel('Kết luận · 1').fill('Thống nhất đánh giá kết quả tháng.');
    await sec.getByLabel('Kết luận · 2').fill('Tập trung thu đảng phí và thăm hỏi đảng viên cao tuổi.');
    await sec.getByRole('button', { name: 'Lưu · Biên bản' }).click();
    await visible(sec.getByRole('region', { name: 'Biên bản' }).getByText('Đã lưu.'));
    await sec
      .getByLabel('Nghị quyết đã thông qua')
      .fill('Chi bộ quyết nghị: 100% đảng viên đóng đảng phí đúng hạn; thăm hỏi đảng viên cao tuổi trước ngày 20.');
    await sec.getByRole('button', { name: 'Lưu · Nghị quyết và nhiệm vụ' }).click();
    await visible(sec.getByRole('region', { name: 'Nghị quyết và nhiệm vụ' }).getByText('Đã lưu.'));

    const photos = sec.getByRole('region', { name: 'Ảnh bản ký' });
    await photos.locator('input[type="file"]').setInputFiles({ name: 'ban-ky.jpg', mimeType: 'image/jpeg', buffer: photo });
    await visible(photos.getByRole('img'));

    const evaluation = sec.getByRole('region', { name: 'Đánh giá chất lượng' });
    const scores = evaluation.getByRole('textbox');
    const k = await scores.count();
    for (let i = 0; i < k; i++) await scores.nth(i).fill('1');
    await evaluation.getByRole('button', { name: 'Lưu · Đánh giá chất lượng' }).click();
    await visible(evaluation.getByText(/^Tổng điểm: [1-9]/));
    await checkAxe(sec, 'meetings-after');

    await sec.getByRole('button', { name: 'Hoàn tất', exact: true }).click();
    await visible(sec.getByText('Đã hoàn tất. Buổi sinh hoạt đã khóa.'));
    await visible(sec.getByText('Đã hoàn tất', { exact: true }));
    await checkAxe(sec, 'meetings-finalized');

    // 5. The city committee sees the cell done for the month.
    const cc = await newContext(env.browser, 'phone', env.server.url, ctx);
    const city = await cc.newPage();
    await signIn(city, 'tp.admin', DEMO_PASSWORD);
    await city.goto('/sinh-hoat');
    await visible(city.getByRole('heading', { level: 1, name: 'Sinh hoạt chi bộ' }));
    await city.getByRole('region', { name: 'Theo dõi sinh hoạt chi bộ' }).getByRole('link').first().click();
    await visible(city.getByRole('heading', { level: 1, name: /^Theo dõi sinh hoạt chi bộ tháng \d{4}-\d{2}$/ }));
    const row = city.getByRole('row').filter({ has: city.getByRole('link', { name: cellName, exact: true }) });
    await visible(row);
    const cells = await row.getByRole('cell').allInnerTexts();
    // Cell | Đăng ký | Sinh hoạt | Tài liệu | Hoàn tất | Dự (%) | Xếp loại
    expect(cells[2]).toBe('Có');
    expect(cells[4]).toBe('Có');
    expect(cells[5]).toBe('100');
    await checkAxe(city, 'meetings-monitor');
  });

  it('guidance published once reaches the cell meeting; absences list; deadline and rubric settings', async (ctx) => {
    expect(meetingPath).not.toBe('');
    const month = await (async () => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
    })();
    // The city committee publishes this month's guidance (a link) once.
    const cc = await newContext(env.browser, 'phone', env.server.url, ctx);
    const city = await cc.newPage();
    await signIn(city, 'tp.admin', DEMO_PASSWORD);
    await city.goto('/sinh-hoat');
    await city.getByRole('link', { name: 'Đăng tài liệu hướng dẫn của tháng' }).click();
    await visible(city.getByRole('heading', { level: 1, name: 'Tài liệu hướng dẫn sinh hoạt tháng' }));
    await city.getByLabel('Tiêu đề tài liệu').fill('Hướng dẫn chủ đề sinh hoạt tháng này');
    await city.getByText('Liên kết', { exact: true }).click();
    await city.getByLabel('Địa chỉ liên kết (https://...)').fill('https://example.org/huong-dan-thang.pdf');
    await city.getByRole('button', { name: 'Đăng tài liệu' }).click();
    await visible(
      city.getByText(`Đã đăng. Các chi bộ sẽ thấy tài liệu trong buổi sinh hoạt tháng ${month.slice(5)}/${month.slice(0, 4)}.`),
    );
    await visible(city.getByRole('link', { name: /Hướng dẫn chủ đề sinh hoạt tháng này/ }));
    await checkAxe(city, 'meetings-guidance');

    // The cell's meeting of the month shows it.
    const sc = await newContext(env.browser, 'phone', env.server.url, ctx);
    const sec = await sc.newPage();
    await signIn(sec, 'chibo.bithu', DEMO_PASSWORD);
    await sec.goto(meetingPath);
    await visible(sec.getByRole('link', { name: /Hướng dẫn chủ đề sinh hoạt tháng này/ }));

    // The secretary's list of repeated unexcused absences.
    await sec.goto('/sinh-hoat');
    await sec.getByRole('link', { name: 'Vắng không lý do nhiều lần' }).first().click();
    await visible(sec.getByRole('heading', { level: 1, name: 'Đảng viên vắng không lý do 3 tháng trong 12 tháng' }));
    await visible(sec.getByText(/^Không có đảng viên nào vắng|^Các tháng vắng: /).first());
    await checkAxe(sec, 'meetings-absences');

    // The system admin moves the registration deadline and adds a rubric made from the default one.
    const ac = await newContext(env.browser, 'phone', env.server.url, ctx);
    const admin = await ac.newPage();
    await signIn(admin, 'admin', DEMO_PASSWORD);
    await admin.goto('/sinh-hoat');
    await admin.getByRole('link', { name: 'Cài đặt sinh hoạt chi bộ' }).click();
    await visible(admin.getByRole('heading', { level: 1, name: 'Cài đặt sinh hoạt chi bộ' }));
    const day = admin.getByLabel('Ngày trong tháng trước (1–31)');
    await expect.poll(() => day.inputValue()).toMatch(/^\d+$/);
    await day.fill('20');
    await admin.getByRole('button', { name: 'Lưu', exact: true }).click();
    await visible(admin.getByText('Đã lưu.'));
    await checkAxe(admin, 'meetings-settings');
    await admin.getByRole('button', { name: 'Tạo bộ mới từ bộ này' }).first().click();
    await admin.getByLabel('Tên bộ tiêu chí').fill('Bộ tiêu chí thử nghiệm');
    await admin.getByLabel('Tiêu chí 1 · Nội dung').fill('Thời gian sinh hoạt (đủ giờ)');
    await checkAxe(admin, 'meetings-rubric-editor');
    await admin.getByRole('button', { name: 'Lưu bộ tiêu chí' }).click();
    await visible(admin.getByText('Đã lưu bộ tiêu chí mới.'));
    await visible(admin.getByText('Bộ tiêu chí thử nghiệm'));
    const settings = await admin.evaluate(
      async () => (await (await fetch('/api/meetings/settings')).json()) as { registrationDeadlineDay: number },
    );
    expect(settings.registrationDeadlineDay).toBe(20);
  });
});
