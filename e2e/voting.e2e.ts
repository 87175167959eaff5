/**
 * Journey (issue 19), phone size: a meeting under way. The secretary sees who counts and why the
 * others do not, puts the month's resolution to a show of hands on the phones and the election of
 * the cell's secretary to a secret ballot; the demo member votes on the phone, the second time
 * without a connection (the vote waits on the phone and is sent, once, when the connection returns);
 * two more members vote from their phones (through the API); the results land in the minutes and
 * on the member's meeting page. axe runs on the screens visited.
 */
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD } from './support/server.ts';
import { newContext, signIn, visible } from './support/browser.ts';
import { checkAxe } from './support/axe.ts';
import { journeySetup } from './support/journey.ts';
import { activateMemberIn, apiAs, ok, type ApiCall } from './support/api.ts';

const env = journeySetup();

interface Item {
  id: string;
  status: string;
  candidates: Array<{ id: string; name: string }>;
}

describe('Biểu quyết trong buổi sinh hoạt: giơ tay trên điện thoại, bầu cử phiếu kín, kết quả vào biên bản', () => {
  it('secretary and members at phone size', async (ctx) => {
    // Set-up through the API: a meeting of the demo cell that started a few minutes ago, invitations sent.
    const sec = await apiAs(env.server, 'chibo.bithu');
    const me = ok(
      await sec<{ memberId: string; roles: Array<{ role: string; unitId: string; unitName: string }> }>('GET', '/api/auth/me'),
    );
    const cell = me.roles.find((r) => r.role === 'cell_secretary')!;
    const start = new Date(Date.now() - 5 * 60_000);
    const meeting = ok(
      await sec<{ meeting: { id: string } }>('POST', '/api/meetings', {
        cellId: cell.unitId,
        kind: 'regular',
        topic: 'Sinh hoạt thường kỳ có bầu cử',
        startsAt: start.toISOString(),
        plannedEndAt: new Date(start.getTime() + 120 * 60_000).toISOString(),
        place: 'Nhà văn hóa khu phố 1',
      }),
      201,
    ).meeting;
    ok(await sec('POST', `/api/meetings/${meeting.id}/invite`));
    // Two more members of the cell with accounts, voting from their own phones.
    const others: Array<ApiCall & { memberId: string }> = [];
    for (let i = 0; i < 2; i++) {
      const m = await activateMemberIn(env.server, cell.unitName, 'Mat-khau-2026', cell.unitId);
      others.push(cookieCaller(m.cookie, m.memberId));
    }
    // The roll call: the secretary, the demo member and the two present; the others away on business.
    const roll = ok(
      await sec<{ items: Array<{ memberId: string; fullName: string }> }>('GET', `/api/meetings/${meeting.id}/attendance`),
    );
    const secName = roll.items.find((m) => m.memberId === me.memberId)!.fullName;
    const demo = ok(await (await apiAs(env.server, 'dangvien'))<{ memberId: string }>('GET', '/api/auth/me'));
    const present = new Set([me.memberId, demo.memberId, ...others.map((o) => o.memberId)]);
    ok(
      await sec('POST', `/api/meetings/${meeting.id}/roll-call`, {
        changes: roll.items.map((m) => ({
          clientId: randomUUID(),
          memberId: m.memberId,
          status: present.has(m.memberId) ? 'present' : 'absent_excused',
          reason: present.has(m.memberId) ? '' : 'Đi công tác',
        })),
      }),
    );

    const seen = ok(
      await sec<{ roll: { counted: Array<{ fullName: string; present: boolean }>; excluded: unknown[] } }>(
        'GET',
        `/api/meetings/${meeting.id}/votes`,
      ),
    );
    expect(seen.roll.counted.map((c) => c.present)).toEqual([true, true, true, true]);

    // 1. The secretary's phone: who counts, and why the others do not.
    const sc = await newContext(env.browser, 'phone', env.server.url, ctx);
    const secPage = await sc.newPage();
    await signIn(secPage, 'chibo.bithu', DEMO_PASSWORD);
    await secPage.goto(`/sinh-hoat/${meeting.id}`);
    const votes = secPage.getByRole('region', { name: 'Biểu quyết' });
    await visible(votes.getByText(/^Số đảng viên được tính: 4 · có mặt: 4 · cần trên 1\/2 số đảng viên được tính: 3$/));
    await votes.getByText(/^Không tính \(\d+\) và lý do$/).click();
    await visible(votes.getByText(/: Vắng mặt có lý do được chấp thuận$/).first());

    // 2. A show-of-hands resolution on the phones.
    await votes.getByLabel('Nội dung').selectOption('resolution');
    await votes.getByLabel('Tiêu đề').fill('Thông qua nghị quyết tháng');
    await votes.getByLabel('Hình thức').selectOption('show_of_hands');
    await votes.getByRole('button', { name: 'Thêm', exact: true }).click();
    const resolution = votes.getByRole('article', { name: 'Thông qua nghị quyết tháng' });
    await resolution.getByRole('button', { name: 'Mở biểu quyết' }).click();
    await visible(resolution.getByText('Đang biểu quyết', { exact: true }));
    await checkAxe(secPage, 'voting-secretary');

    const mc = await newContext(env.browser, 'phone', env.server.url, ctx);
    const mem = await mc.newPage();
    await signIn(mem, 'dangvien', DEMO_PASSWORD);
    // An elderly member's phone: large text on (nothing may spill sideways at 360 px).
    await mem.getByRole('switch', { name: 'Chữ lớn' }).check();
    await mem.goto(`/sinh-hoat/${meeting.id}`);
    await mem.getByRole('link', { name: 'Bỏ phiếu' }).click();
    await visible(mem.getByRole('heading', { level: 1, name: 'Biểu quyết' }));
    const ballot = mem.getByRole('group', { name: 'Thông qua nghị quyết tháng' });
    await ballot.getByLabel('Tán thành', { exact: true }).check();
    await checkAxe(mem, 'voting-member-ballot');
    expect(await mem.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await ballot.getByRole('button', { name: 'Gửi phiếu' }).click();
    await visible(mem.getByText('Bạn đã bỏ phiếu. Cảm ơn đồng chí.'));

    const items = () => sec<{ items: Item[] }>('GET', `/api/meetings/${meeting.id}/votes`).then((r) => ok(r).items);
    const resolutionId = (await items()).find((i) => i.status === 'open')!.id;
    for (const voter of [sec, ...others])
      ok(
        await voter('POST', `/api/votes/${resolutionId}/ballots`, {
          clientId: randomUUID(),
          ballot: { type: 'yes_no', choice: 'for' },
        }),
      );
    await visible(resolution.getByText('4 đảng viên đã biểu quyết'));
    await resolution.getByRole('button', { name: 'Kết thúc và tính kết quả' }).click();
    await visible(resolution.getByText(/^Tán thành 4\/4 \(số đảng viên được tính\), đạt 100%; .* Thông qua \(cần 3\)\.$/));

    // 3. The election of the secretary by secret ballot; the member's vote is cast offline.
    await votes.getByLabel('Nội dung').selectOption('election');
    await votes.getByLabel('Tiêu đề').fill('Bầu bí thư chi bộ');
    await votes.getByLabel('Chức danh bầu').selectOption('secretary');
    await votes.getByLabel('Danh sách (mỗi dòng một người)').fill(secName);
    await votes.getByRole('button', { name: 'Thêm', exact: true }).click();
    const election = votes.getByRole('article', { name: 'Bầu bí thư chi bộ' });
    await election.getByRole('button', { name: 'Mở biểu quyết' }).click();
    await visible(election.getByText('Đang biểu quyết', { exact: true }));

    await mem.reload();
    const secret = mem.getByRole('group', { name: 'Bầu bí thư chi bộ' });
    await visible(secret.getByText('Phiếu kín: không ai, kể cả bí thư, biết bạn đã chọn gì.'));
    await expect.poll(() => secret.getByLabel(secName).isChecked()).toBe(true);
    await mc.setOffline(true);
    await secret.getByRole('button', { name: 'Gửi phiếu' }).click();
    await visible(mem.getByText('Chưa có mạng: phiếu được giữ trên máy và tự gửi khi có mạng lại.'));
    await checkAxe(mem, 'voting-member-queued');
    await mc.setOffline(false);
    await visible(mem.getByRole('group', { name: 'Bầu bí thư chi bộ' }).getByText('Bạn đã bỏ phiếu. Cảm ơn đồng chí.'), 20_000);

    const electionItem = (await items()).find((i) => i.status === 'open')!;
    const keep = [electionItem.candidates[0]!.id];
    for (const voter of [sec, ...others])
      ok(
        await voter('POST', `/api/votes/${electionItem.id}/ballots`, {
          clientId: randomUUID(),
          ballot: { type: 'election', keep },
        }),
      );
    await visible(election.getByText('4 đảng viên đã biểu quyết'));
    await election.getByRole('button', { name: 'Kết thúc và tính kết quả' }).click();
    await visible(election.getByText(`1. ${secName}: 4 phiếu, đạt 100% — trúng cử.`));

    // 4. The results are in the minutes, and the member sees them.
    const minutes = ok(await sec<{ votes: string[][] }>('GET', `/api/meetings/${meeting.id}/minutes`));
    expect(minutes.votes).toHaveLength(2);
    expect(minutes.votes[0]![0]).toBe(
      'Biểu quyết thông qua nghị quyết: Thông qua nghị quyết tháng — hình thức biểu quyết giơ tay.',
    );
    expect(minutes.votes[1]).toContain(`1. ${secName}: 4 phiếu, đạt 100% — trúng cử.`);
    await mem.goto(`/sinh-hoat/${meeting.id}`);
    await visible(mem.getByText(`1. ${secName}: 4 phiếu, đạt 100% — trúng cử.`));
    await checkAxe(mem, 'voting-member-results');
  });
});

/** A caller with a session cookie given by activateMemberIn. */
function cookieCaller(cookie: { name: string; value: string }, memberId: string): ApiCall & { memberId: string } {
  const header = `${cookie.name}=${cookie.value}`;
  const f = (async <T>(method: string, path: string, body?: unknown) => {
    const r = await fetch(`${env.server.url}${path}`, {
      method,
      headers: {
        cookie: header,
        'x-requested-with': 'sotay',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, json: (text ? JSON.parse(text) : null) as T };
  }) as ApiCall & { memberId: string };
  f.memberId = memberId;
  return f;
}
