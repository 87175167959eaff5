/**
 * Journey (issue 19), phone size: a whole review year. The city committee opens the year's review
 * with a criterion of its own; the demo member drafts the self-review without a connection (kept on
 * the phone and sent when the connection returns) and submits it; the cell's secretary asks the
 * residence cell for a comment, which that cell's secretary writes; in the cell's session the
 * secretary's "xuất sắc" for the member is refused by the cap, and "tốt" is proposed; the city
 * committee decides and publishes; the member sees the grade and the comments, and the province's
 * dashboard counts the grades up the tree. The other members' steps are set up through the API.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from './support/server.ts';
import { newContext, signIn, visible } from './support/browser.ts';
import { checkAxe } from './support/axe.ts';
import { journeySetup } from './support/journey.ts';
import { apiAs, ok } from './support/api.ts';

const env = journeySetup();

interface Entry {
  id: string;
  memberId: string;
  fullName: string;
  included: boolean;
  graded: boolean;
  proposedGrade: string | null;
}

async function noSideScroll(page: import('playwright-core').Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

describe('Kiểm điểm, xếp loại đảng viên: một năm trọn vẹn', () => {
  it('city committee, member, secretaries and province at phone size', async (ctx) => {
    // 1. The city committee opens the year.
    const cc = await newContext(env.browser, 'phone', env.server.url, ctx);
    const city = await cc.newPage();
    await signIn(city, 'tp.uyvien', DEMO_PASSWORD);
    await city.goto('/kiem-diem/quan-ly');
    await visible(city.getByRole('heading', { level: 1, name: /^Kiểm điểm, xếp loại đảng viên · / }));
    const form = city.getByRole('region', { name: 'Mở kiểm điểm, xếp loại năm' });
    await form.getByLabel(/^Tiêu chí riêng của đơn vị/).fill('Tham gia chuyển đổi số của thành phố');
    await checkAxe(city, 'reviews-open');
    await form.getByRole('button', { name: 'Mở kiểm điểm' }).click();
    await visible(city.getByRole('heading', { name: /^Kết quả xếp loại năm \d{4}$/ }));
    await noSideScroll(city);

    // 2. The member drafts without a connection, the draft survives a reload, then is submitted.
    const mc = await newContext(env.browser, 'phone', env.server.url, ctx);
    const mem = await mc.newPage();
    await signIn(mem, 'dangvien', DEMO_PASSWORD);
    // An elderly member's phone: large text on (nothing may spill sideways at 360 px).
    await mem.getByRole('switch', { name: 'Chữ lớn' }).check();
    await mem.goto('/kiem-diem');
    await visible(mem.getByRole('heading', { level: 1, name: /^Kiểm điểm, xếp loại năm \d{4}$/ }));
    await visible(mem.getByText('Tham gia chuyển đổi số của thành phố'));
    await mc.setOffline(true);
    await mem.getByLabel('Ưu điểm').fill('Gương mẫu, tích cực tham gia sinh hoạt chi bộ và khu dân cư.');
    await mem.getByLabel('Hạn chế, khuyết điểm').fill('Đôi lúc chưa đóng góp ý kiến trong sinh hoạt.');
    await mem.getByRole('button', { name: 'Lưu nháp' }).click();
    await visible(mem.getByText('Chưa có mạng: bản nháp được giữ trên máy và tự gửi khi có mạng lại.'));
    await checkAxe(mem, 'reviews-member-offline');
    await mc.setOffline(false);
    // Back online, the outbox sends the draft: the server has it (and the phone kept it across a reload).
    const memberApi = await apiAs(env.server, 'dangvien');
    await expect
      .poll(
        async () =>
          ok(await memberApi<{ review: { status: string; content: { strengths: string } | null } }>('GET', '/api/reviews/mine'))
            .review,
        {
          timeout: 20_000,
        },
      )
      .toMatchObject({ status: 'draft', content: { strengths: 'Gương mẫu, tích cực tham gia sinh hoạt chi bộ và khu dân cư.' } });
    await mem.reload();
    await expect
      .poll(() => mem.getByLabel('Ưu điểm').inputValue())
      .toBe('Gương mẫu, tích cực tham gia sinh hoạt chi bộ và khu dân cư.');
    await mem
      .getByLabel('Kết quả thực hiện nhiệm vụ trong năm')
      .fill('Hoàn thành nhiệm vụ chi bộ phân công, đóng đảng phí đầy đủ.');
    await mem.getByLabel(/tối đa 30 điểm\)$/).fill('27');
    await mem.getByLabel(/tối đa 70 điểm\)$/).fill('65');
    await mem.getByLabel('Tự nhận mức xếp loại').selectOption('excellent');
    await mem.getByLabel('Cam kết, hướng khắc phục').fill('Tích cực phát biểu ý kiến trong sinh hoạt chi bộ.');
    await noSideScroll(mem);
    await mem.getByRole('button', { name: 'Nộp bản kiểm điểm' }).click();
    await visible(mem.getByText('Đã nộp bản kiểm điểm cho chi bộ.'));
    const memberMe = ok(await memberApi<{ memberId: string; displayName: string }>('GET', '/api/auth/me'));
    const name = memberMe.displayName;

    // 3. The residence cell is asked for a comment and gives it.
    const sec = await apiAs(env.server, 'chibo.bithu');
    const secMe = ok(await sec<{ roles: Array<{ role: string; unitId: string }> }>('GET', '/api/auth/me'));
    const cellId = secMe.roles.find((r) => r.role === 'cell_secretary')!.unitId;
    const sc = await newContext(env.browser, 'phone', env.server.url, ctx);
    const secPage = await sc.newPage();
    await signIn(secPage, 'chibo.bithu', DEMO_PASSWORD);
    await secPage.goto(`/kiem-diem/chi-bo/${cellId}`);
    await visible(secPage.getByRole('heading', { level: 1, name: /^Kiểm điểm, xếp loại · / }));
    const row = secPage.locator('details').filter({ has: secPage.getByText(name, { exact: true }) });
    await row.locator('summary').click();
    await row.getByLabel(`Mã chi bộ nơi cư trú của ${name} (nếu công tác nơi khác)`).fill('TP.P02.CB01');
    await row.getByRole('button', { name: 'Đề nghị nhận xét' }).click();
    await visible(row.getByText('Đã đề nghị chi bộ nơi cư trú nhận xét.'));

    const rc = await newContext(env.browser, 'phone', env.server.url, ctx);
    const res = await rc.newPage();
    await signIn(res, 'chibo2.bithu', DEMO_PASSWORD);
    await res.goto('/kiem-diem/quan-ly');
    const asked = res.getByRole('region', { name: 'Đề nghị nhận xét đảng viên cư trú tại chi bộ' });
    await asked
      .getByLabel(`Nhận xét về ${name}`)
      .fill('Gương mẫu chấp hành quy định nơi cư trú, tích cực tham gia hoạt động khu phố.');
    await checkAxe(res, 'reviews-residence');
    await asked.getByRole('button', { name: 'Gửi nhận xét' }).click();
    await visible(asked.getByText('Gương mẫu chấp hành quy định nơi cư trú, tích cực tham gia hoạt động khu phố.'));

    // 4. The cell's session. The others' proposals through the API, filling the "xuất sắc" cap.
    const cell = ok(await sec<{ entries: Entry[] }>('GET', `/api/reviews/cells/${cellId}`));
    const mine = cell.entries.find((e) => e.memberId === memberMe.memberId)!;
    const graded = cell.entries.filter((e) => e.graded);
    for (const e of graded)
      ok(
        await sec('PUT', `/api/review-entries/${e.id}/proposal`, { grade: 'good', score: 80, discussion: 'Chi bộ thống nhất.' }),
      );
    for (const e of graded.filter((x) => x.id !== mine.id)) {
      const r = await sec('PUT', `/api/review-entries/${e.id}/proposal`, {
        grade: 'excellent',
        score: 95,
        conditionsConfirmed: 1,
      });
      if (r.status === 400) break;
      expect(r.status).toBe(200);
    }
    await secPage.reload();
    const me = secPage.locator('details').filter({ has: secPage.getByText(name, { exact: true }) });
    await me.locator('summary').click();
    await me.getByLabel(`Điểm chi bộ chấm cho ${name}`).fill('95');
    await me.getByLabel(`Chi bộ đề xuất xếp loại cho ${name}`).selectOption('excellent');
    await me.getByLabel('Có thành tích nổi bật, sản phẩm cụ thể trong năm được cấp có thẩm quyền ghi nhận').check();
    // The cap is checked as the grade is entered, and again by the server on saving.
    await visible(
      me.getByRole('alert').filter({
        hasText:
          /^Số đảng viên "Hoàn thành xuất sắc" không quá 20% số xếp loại "Hoàn thành tốt" trở lên: chi bộ được tối đa \d+, đây sẽ là người thứ \d+\.$/,
      }),
    );
    await me.getByRole('button', { name: 'Lưu đề xuất xếp loại' }).click();
    await visible(
      me
        .getByRole('alert')
        .filter({ hasText: /^Số đảng viên "Hoàn thành xuất sắc"/ })
        .nth(1),
    );
    await checkAxe(secPage, 'reviews-cell-session');
    await me.getByLabel(`Chi bộ đề xuất xếp loại cho ${name}`).selectOption('good');
    await me.getByLabel(`Ý kiến của chi bộ về ${name}`).fill('Đồng chí gương mẫu, cần mạnh dạn phát biểu hơn.');
    await me.getByRole('button', { name: 'Lưu đề xuất xếp loại' }).click();
    await visible(me.getByText('Đã lưu đề xuất.'));
    ok(await sec('PUT', `/api/reviews/cells/${cellId}/collective`, { grade: 'good', note: '' }));

    // 5. The city committee decides (the member's grade on the phone, the others through the API) and publishes.
    await city.goto(`/kiem-diem/chi-bo/${cellId}`);
    const dec = city.locator('details').filter({ has: city.getByText(name, { exact: true }) });
    await dec.locator('summary').click();
    await dec.getByRole('button', { name: 'Lưu quyết định' }).click();
    await visible(dec.getByText('Đã lưu quyết định.'));
    const cityApi = await apiAs(env.server, 'tp.uyvien');
    const proposed = ok(await cityApi<{ entries: Entry[] }>('GET', `/api/reviews/cells/${cellId}`)).entries.filter(
      (e) => e.proposedGrade,
    );
    for (const e of proposed.filter((x) => x.id !== mine.id))
      ok(await cityApi('PUT', `/api/review-entries/${e.id}/decision`, { grade: e.proposedGrade, reason: '' }));
    await city.goto('/kiem-diem/quan-ly');
    await city.getByRole('button', { name: 'Công bố kết quả đã quyết định' }).click();
    await visible(city.getByText(`Đã công bố ${proposed.length} kết quả.`));
    await checkAxe(city, 'reviews-committee');

    // 6. The member sees the grade and the comments; the province counts the grades up the tree.
    await mem.goto('/kiem-diem');
    await visible(mem.getByText('Hoàn thành tốt nhiệm vụ', { exact: true }));
    await visible(mem.getByText('Ý kiến của chi bộ: Đồng chí gương mẫu, cần mạnh dạn phát biểu hơn.'));
    await visible(mem.getByText(/^Nhận xét của chi bộ nơi cư trú: Gương mẫu chấp hành/));
    await checkAxe(mem, 'reviews-member-result');
    await noSideScroll(mem);

    const pc = await newContext(env.browser, 'phone', env.server.url, ctx);
    const prov = await pc.newPage();
    await signIn(prov, 'tinh.admin', DEMO_PASSWORD);
    await prov.goto('/kiem-diem/quan-ly');
    const table = prov.getByRole('table', { name: /^Kết quả xếp loại năm \d{4}$/ });
    const cityRow = table.getByRole('row').filter({ hasText: 'Đảng bộ thành phố Tân An' });
    await visible(cityRow);
    const excellent = proposed.filter((e) => e.proposedGrade === 'excellent').length;
    const good = proposed.length - excellent;
    const cells = await cityRow.getByRole('cell').allInnerTexts();
    expect(cells[2]).toMatch(new RegExp(`^${excellent} \\(`));
    expect(cells[3]).toMatch(new RegExp(`^${good} \\(`));
    const total = await table.getByRole('row').filter({ hasText: 'Tổng cộng' }).getByRole('cell').allInnerTexts();
    expect(total[3]).toBe(cells[3]);
    await checkAxe(prov, 'reviews-province');
  });
});
