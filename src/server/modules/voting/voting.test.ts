import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call } from '../../testing/factories.ts';
import { createVote, makeVotingWorld, markRoll, meetingUnderWay } from '../../testing/voting.factories.ts';
import { auditLog, memberSuspensions, memberTransfers, voteParticipation } from '../../db/schema.ts';
import type { VoteItemList, VoteItemView } from '../../../common/api/voting.ts';
import { makeUnit } from '../../testing/factories.ts';
import type { Person } from '../../testing/meetings.factories.ts';

describe.each(ENGINES)('voting in a meeting on %s', (engine) => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof makeVotingWorld>>;
  let meetingId: string;
  const sec = () => w.secretary.cookie;
  const list = async (cookie: string) => {
    const res = await call(t.app, cookie, { method: 'GET', url: `/api/meetings/${meetingId}/votes` });
    expect(res.statusCode).toBe(200);
    return res.json() as VoteItemList;
  };
  const post = (cookie: string, url: string, payload?: object) =>
    call(t.app, cookie, { method: 'POST', url, ...(payload ? { payload } : {}) });
  const vote = (cookie: string, itemId: string, ballot: object, clientId = randomUUID()) =>
    post(cookie, `/api/votes/${itemId}/ballots`, { clientId, ballot });

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2026-03-10T12:00:00Z'));
    const db = t.database.db;
    w = await makeVotingWorld(db, t.config, t.clock.now(), 8);
    meetingId = await meetingUnderWay(t.app, sec(), w.cell.id, t.clock.now());
  });
  afterAll(async () => t.close());

  it('refuses to open a vote under quorum, saying how many are present and needed', async () => {
    const item = await createVote(t.app, sec(), meetingId, {
      kind: 'resolution',
      method: 'show_of_hands',
      title: 'Nghị quyết tháng 3',
    });
    // Nobody marked yet: 9 counted (secretary + 8 officials), none present.
    const res = await post(sec(), `/api/votes/${item.id}/open`);
    expect(res.statusCode).toBe(409);
    expect(res.json().title).toBe(
      'Chưa đủ số đảng viên có mặt để biểu quyết: có mặt 0/9 đảng viên được tính, cần trên 1/2 (ít nhất 5).',
    );
  });

  it('shows the denominator: who counts, and why each excluded member is excluded', async () => {
    const db = t.database.db;
    const [a, b, c, d, e, f, g, h] = w.members as [Person, Person, Person, Person, Person, Person, Person, Person];
    // Suspended: left out. Absent with an approved reason: left out. Away on temporary activity: left out.
    await db
      .insert(memberSuspensions)
      .values({ memberId: h.memberId, kind: 'suspended', fromDate: '2026-01-01', recordedAt: t.clock.now() });
    await markRoll(t.app, sec(), meetingId, [
      [w.secretary, 'present'],
      [a, 'present'],
      [b, 'present'],
      [c, 'late'],
      [d, 'present'],
      [e, 'absent_excused', 'Ốm'],
      [f, 'absent_unexcused'],
      [w.probationary, 'present'],
    ]);
    const other = await makeUnit(db, { parent: w.ward, type: 'cell', name: 'Chi bộ nơi khác' });
    await db.insert(memberTransfers).values({
      memberId: g.memberId,
      fromCellId: w.cell.id,
      toCellId: other.id,
      startDate: '2026-02-01',
      endDate: '2026-06-01',
      temporary: true,
      state: 'accepted',
    });
    const roll = (await list(sec())).roll!;
    expect(roll.counted.map((x) => x.fullName).sort()).toEqual(
      [w.secretary, a, b, c, d, f, g]
        .filter((p) => p !== g)
        .map((p) => p.fullName)
        .sort(),
    );
    const why = Object.fromEntries(roll.excluded.map((x) => [x.fullName, x.reasonText]));
    expect(why).toEqual({
      [e.fullName]: 'Vắng mặt có lý do được chấp thuận',
      [w.probationary.fullName]: 'Đảng viên dự bị (không biểu quyết)',
      [w.exempted.fullName]: 'Được miễn sinh hoạt, vắng mặt',
      [g.fullName]: 'Đang sinh hoạt tạm thời nơi khác',
      [h.fullName]: 'Đang bị đình chỉ sinh hoạt đảng',
    });
    expect(roll.quorum).toMatchObject({ met: true, present: 5, counted: 6, needed: 4 });
    // Members see their own standing, never the roll.
    expect((await list(w.members[0]!.cookie)).roll).toBeNull();
  });

  it('runs a show-of-hands resolution on phones: one vote each, replays counted once, the result by the rule', async () => {
    const items = (await list(sec())).items;
    const itemId = items[0]!.id;
    expect((await post(sec(), `/api/votes/${itemId}/open`)).statusCode).toBe(200);
    const [a, b, c, d] = w.members;
    const clientA = randomUUID();
    const first = await vote(a!.cookie, itemId, { type: 'yes_no', choice: 'for' }, clientA);
    expect(first.json()).toEqual({ counted: true, replay: false, voted: 1 });
    // The same vote again (a dropped connection, an offline replay): counted once.
    const again = await vote(a!.cookie, itemId, { type: 'yes_no', choice: 'for' }, clientA);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ counted: true, replay: true, voted: 1 });
    // A second, different vote by the same member is refused.
    const second = await vote(a!.cookie, itemId, { type: 'yes_no', choice: 'against' });
    expect(second.statusCode).toBe(409);
    expect(second.json().title).toBe('Bạn đã biểu quyết nội dung này; mỗi người chỉ biểu quyết một lần.');
    // Probationary members do not vote; absent members must check in first.
    const prob = await vote(w.probationary.cookie, itemId, { type: 'yes_no', choice: 'for' });
    expect(prob.statusCode).toBe(403);
    expect(prob.json().title).toBe('Đảng viên dự bị (không biểu quyết): không tham gia biểu quyết.');
    const absent = await vote(w.members[5]!.cookie, itemId, { type: 'yes_no', choice: 'for' });
    expect(absent.statusCode).toBe(403);
    expect(absent.json().title).toBe('Hãy điểm danh tại buổi sinh hoạt trước khi biểu quyết.');
    // A ballot of the wrong shape is refused with the reason.
    const wrong = await vote(b!.cookie, itemId, { type: 'election', keep: [] });
    expect(wrong.statusCode).toBe(400);
    await vote(b!.cookie, itemId, { type: 'yes_no', choice: 'for' });
    await vote(c!.cookie, itemId, { type: 'yes_no', choice: 'for' });
    await vote(d!.cookie, itemId, { type: 'yes_no', choice: 'against' });
    const me = (await list(a!.cookie)).items[0]!.me;
    expect(me).toEqual({
      canVote: false,
      voted: true,
      why: 'Bạn đã biểu quyết nội dung này.',
      choice: { type: 'yes_no', choice: 'for' },
    });
    const closed = await post(sec(), `/api/votes/${itemId}/close`);
    expect(closed.statusCode).toBe(200);
    const view = closed.json() as VoteItemView;
    // 6 counted, 3 for: exactly half is not "more than half".
    expect(view.result!.outcome).toMatchObject({ type: 'yes_no', for: 3, against: 1, passed: false, needed: 4 });
    expect(view.minutes.join('\n')).toContain(
      'Tán thành 3/6 (số đảng viên được tính), đạt 50%; không tán thành 1; không biểu quyết 0. Không thông qua (cần 4).',
    );
    // Closed is final.
    expect((await vote(w.secretary.cookie, itemId, { type: 'yes_no', choice: 'for' })).statusCode).toBe(409);
    expect((await post(sec(), `/api/votes/${itemId}/close`)).statusCode).toBe(409);
  });

  it('runs a secret-ballot election of the secretary; the voter is recorded without the choice', async () => {
    const item = await createVote(t.app, sec(), meetingId, {
      kind: 'election',
      method: 'secret',
      title: 'Bầu bí thư chi bộ nhiệm kỳ 2026–2031',
      office: 'secretary',
      seats: 1,
      candidates: [{ name: w.secretary.fullName, memberId: w.secretary.memberId }],
    });
    // Show of hands is not allowed for an election.
    const hands = await call(t.app, sec(), {
      method: 'PATCH',
      url: `/api/votes/${item.id}`,
      payload: { method: 'show_of_hands' },
    });
    expect(hands.statusCode).toBe(400);
    expect(hands.json().title).toBe('Theo quy định, nội dung này phải bỏ phiếu kín.');
    // Two candidates for one seat is over the 30% surplus.
    const two = await call(t.app, sec(), {
      method: 'PATCH',
      url: `/api/votes/${item.id}`,
      payload: { candidates: [{ name: w.secretary.fullName }, { name: w.members[0]!.fullName }] },
    });
    expect(two.statusCode).toBe(200);
    const refused = await post(sec(), `/api/votes/${item.id}/open`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().title).toBe('Danh sách có 2 người: số dư vượt quá 30% so với 1 người cần bầu (tối đa 1 người).');
    await call(t.app, sec(), {
      method: 'PATCH',
      url: `/api/votes/${item.id}`,
      payload: { candidates: [{ name: w.secretary.fullName }] },
    });
    // 6 counted, 5 present: at least 2/3 is 4, met.
    const opened = await post(sec(), `/api/votes/${item.id}/open`);
    expect(opened.statusCode).toBe(200);
    const cand = (opened.json() as VoteItemView).candidates[0]!.id;
    for (const p of [w.secretary, ...w.members.slice(0, 3)])
      expect((await vote(p.cookie, item.id, { type: 'election', keep: [cand] })).statusCode).toBe(200);
    // A blank ballot is invalid by the rule: refused on the phone with the reason.
    const blank = await vote(w.members[3]!.cookie, item.id, { type: 'election', keep: [] });
    expect(blank.json().title).toBe('Phiếu gạch hết tên là phiếu không hợp lệ: hãy giữ lại ít nhất một người.');
    const rows = await t.database.db.select().from(voteParticipation).where(eq(voteParticipation.itemId, item.id));
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.choice === null)).toBe(true);
    const view = (await post(sec(), `/api/votes/${item.id}/close`)).json() as VoteItemView;
    expect(view.result!.outcome).toMatchObject({ type: 'election', seatsFilled: 1, needed: 4 });
    expect(view.minutes).toContain(`1. ${w.secretary.fullName}: 4 phiếu, đạt 66,67% — trúng cử.`);
    // Members see the result too; secret ballots show nobody's choice.
    const seen = (await list(w.members[0]!.cookie)).items.find((i) => i.id === item.id)!;
    expect(seen.me).toMatchObject({ voted: true, choice: null });
    expect(seen.minutes).toEqual(view.minutes);
  });

  it('takes paper tallies from the counting committee, refusing ones that do not add up', async () => {
    const item = await createVote(t.app, sec(), meetingId, {
      kind: 'admission',
      method: 'secret',
      mode: 'paper',
      title: 'Kết nạp quần chúng vào Đảng',
      subjectName: 'Nguyễn Văn Quần Chúng',
    });
    await post(sec(), `/api/votes/${item.id}/open`);
    expect((await post(sec(), `/api/votes/${item.id}/close`)).json().title).toBe(
      'Hãy nhập kết quả kiểm phiếu trước khi kết thúc.',
    );
    const bad = await call(t.app, sec(), {
      method: 'PUT',
      url: `/api/votes/${item.id}/tally`,
      payload: { tally: { type: 'yes_no', cast: 5, invalid: 0, for: 3, against: 1, abstain: 0 } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().title).toBe('Tán thành + không tán thành + không biểu quyết (4) phải bằng số phiếu hợp lệ (5).');
    const tooMany = await call(t.app, sec(), {
      method: 'PUT',
      url: `/api/votes/${item.id}/tally`,
      payload: { tally: { type: 'yes_no', cast: 9, invalid: 0, for: 9, against: 0, abstain: 0 } },
    });
    expect(tooMany.json().title).toBe('Số phiếu thu về (9) nhiều hơn số đảng viên có mặt được biểu quyết (5).');
    // A phone vote on a paper item is refused.
    const phone = await vote(w.members[0]!.cookie, item.id, { type: 'yes_no', choice: 'for' });
    expect(phone.statusCode).toBe(409);
    expect(phone.json().title).toBe('Nội dung này biểu quyết bằng phiếu giấy hoặc giơ thẻ tại phòng họp.');
    const good = await call(t.app, sec(), {
      method: 'PUT',
      url: `/api/votes/${item.id}/tally`,
      payload: { tally: { type: 'yes_no', cast: 5, invalid: 1, for: 4, against: 0, abstain: 0 } },
    });
    expect(good.statusCode).toBe(200);
    const view = (await post(sec(), `/api/votes/${item.id}/close`)).json() as VoteItemView;
    // 4 of 6 counted is exactly 2/3: admitted.
    expect(view.result!.outcome).toMatchObject({ passed: true, needed: 4, for: 4 });
  });

  it('audits the secretary’s steps but never a ballot', async () => {
    const rows = await t.database.db.select().from(auditLog);
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['votes.create', 'votes.open', 'votes.close', 'votes.tally']));
    expect(actions.some((a) => a.includes('ballot') || a.includes('cast'))).toBe(false);
  });

  it('freezes the votes with the meeting and puts the results in the minutes', async () => {
    const minutes = await call(t.app, sec(), { method: 'GET', url: `/api/meetings/${meetingId}/minutes` });
    expect(minutes.statusCode).toBe(200);
    const votes = (minutes.json() as { votes: string[][] }).votes;
    expect(votes).toHaveLength(3);
    expect(votes[1]!.join('\n')).toContain('Bầu cử: Bầu bí thư chi bộ nhiệm kỳ 2026–2031');
    // An open item stops the finalization.
    const open = await createVote(t.app, sec(), meetingId, { kind: 'resolution', method: 'show_of_hands', title: 'Còn mở' });
    await post(sec(), `/api/votes/${open.id}/open`);
    const fin = await post(sec(), `/api/meetings/${meetingId}/finalize`);
    expect(fin.statusCode).toBe(409);
    expect(fin.json().title).toContain('biểu quyết đang mở');
  });
});
