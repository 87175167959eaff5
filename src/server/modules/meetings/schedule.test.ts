import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call } from '../../testing/factories.ts';
import { makeMeetingWorld, registerBody, registerMeeting } from '../../testing/meetings.factories.ts';
import { auditLog, meetingAttendance } from '../../db/schema.ts';
import { qrCode, qrKey, windowOf } from './qr.ts';

type World = Awaited<ReturnType<typeof makeMeetingWorld>>;
const H = 3_600_000;
// The March meeting: 19:30 on 10 March 2025, Vietnam time.
const START = '2025-03-10T12:30:00Z';

describe.each(ENGINES)('meetings before and during, on %s', (engine) => {
  let t: TestApp;
  let w: World;
  let meetingId: string;
  const get = (cookie: string, url: string) => call(t.app, cookie, { method: 'GET', url });
  const post = (cookie: string, url: string, payload: object = {}) => call(t.app, cookie, { method: 'POST', url, payload });
  const put = (cookie: string, url: string, payload: object) => call(t.app, cookie, { method: 'PUT', url, payload });

  beforeAll(async () => {
    // 20 February: before the default deadline (25 February) for March meetings.
    t = await createTestApp(engine, new Date('2025-02-20T03:00:00Z'));
    w = await makeMeetingWorld(t.database.db, t.config, t.clock.now());
  });
  afterAll(async () => t.close());

  it('registers the month meeting on time and invites every member except the exempted one', async () => {
    const res = await post(
      w.secretary.cookie,
      '/api/meetings',
      registerBody(w.cellA.id, START, 120, { chairMemberId: w.secretary.memberId, minutesTakerMemberId: w.m1.memberId }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as {
      meeting: { id: string; month: string; chairName: string; flags: { registeredLate: boolean }; registrationDeadline: string };
    };
    meetingId = body.meeting.id;
    expect(body.meeting.month).toBe('2025-03');
    expect(body.meeting.chairName).toBe('Trần Văn Bí Thư');
    expect(body.meeting.flags.registeredLate).toBe(false);
    expect(body.meeting.registrationDeadline).toBe('2025-02-25T16:59:59.999Z');
    const inv = (await get(w.secretary.cookie, `/api/meetings/${meetingId}/invitations`)).json() as {
      items: Array<{ fullName: string }>;
      summary: { total: number };
    };
    expect(inv.summary.total).toBe(4);
    expect(inv.items.map((i) => i.fullName)).not.toContain('Ngô Văn Miễn');
    // A second regular meeting the same month is refused; too short a meeting too.
    expect((await post(w.secretary.cookie, '/api/meetings', registerBody(w.cellA.id, '2025-03-20T12:30:00Z'))).statusCode).toBe(
      409,
    );
    const short = await post(
      w.secretary.cookie,
      '/api/meetings',
      registerBody(w.cellA.id, '2025-04-10T12:30:00Z', 100, { withThematic: true }),
    );
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ code: 'meetings.too_short' });
  });

  it('flags a registration after the deadline, which an installation can move', async () => {
    t.clock.set('2025-02-26T03:00:00Z');
    const late = await registerMeeting(t.app, w.secretaryB.cookie, registerBody(w.cellB.id, '2025-03-12T12:30:00Z'));
    expect(
      ((await get(w.secretaryB.cookie, `/api/meetings/${late}`)).json() as { meeting: { flags: { registeredLate: boolean } } })
        .meeting.flags.registeredLate,
    ).toBe(true);
    // Only the installation (system admin) sets the deadline day.
    expect((await put(w.secretary.cookie, '/api/meetings/settings', { registrationDeadlineDay: 28 })).statusCode).toBe(403);
    const { makeUser, sessionCookie, makeUnit } = await import('../../testing/factories.ts');
    const root = await makeUnit(t.database.db, { type: 'province' });
    const admin = await makeUser(t.database.db, { roles: [{ role: 'system_admin', unit: root }] });
    const adminCookie = await sessionCookie(t.database.db, t.config, admin.id, t.clock.now());
    expect((await put(adminCookie, '/api/meetings/settings', { registrationDeadlineDay: 28 })).statusCode).toBe(200);
    // With the 28th as deadline, an April thematic meeting registered on 26 February... and March's on the 26th are on time.
    const onTime = await registerMeeting(
      t.app,
      w.secretary.cookie,
      registerBody(w.cellA.id, '2025-03-25T12:30:00Z', 90, { kind: 'thematic' }),
    );
    expect(
      ((await get(w.secretary.cookie, `/api/meetings/${onTime}`)).json() as { meeting: { flags: { registeredLate: boolean } } })
        .meeting.flags.registeredLate,
    ).toBe(false);
    expect((await put(adminCookie, '/api/meetings/settings', { registrationDeadlineDay: 25 })).statusCode).toBe(200);
  });

  it('shows materials to members only once published, flags posting under 1 day, collects opinions', async () => {
    const agenda = await put(w.secretary.cookie, `/api/meetings/${meetingId}/agenda`, {
      items: [
        { title: 'Đánh giá kết quả tháng 2' },
        { title: 'Phương hướng tháng 3', description: 'Trọng tâm: vệ sinh môi trường' },
      ],
    });
    expect(agenda.statusCode, agenda.body).toBe(200);
    expect(
      (await put(w.secretary.cookie, `/api/meetings/${meetingId}/draft`, { draftResolution: 'Dự thảo nghị quyết tháng 3' }))
        .statusCode,
    ).toBe(200);
    const before = (await get(w.m1.cookie, `/api/meetings/${meetingId}`)).json() as {
      agenda: unknown[];
      meeting: { draftResolution: string };
      mine: { rsvp: string };
    };
    expect(before.agenda).toEqual([]);
    expect(before.meeting.draftResolution).toBe('');
    expect(before.mine.rsvp).toBe('pending');
    expect((await post(w.m1.cookie, `/api/meetings/${meetingId}/opinions`, { body: 'Góp ý sớm' })).statusCode).toBe(409);
    // Published 23 hours before the start: less than 1 day, flagged.
    t.clock.set(new Date(new Date(START).getTime() - 23 * H));
    const pub = (await post(w.secretary.cookie, `/api/meetings/${meetingId}/publish`)).json() as {
      meeting: { flags: { materialsLate: boolean } };
      agenda: Array<{ id: string }>;
    };
    expect(pub.meeting.flags.materialsLate).toBe(true);
    const after = (await get(w.m1.cookie, `/api/meetings/${meetingId}`)).json() as {
      agenda: Array<{ id: string; title: string }>;
      meeting: { draftResolution: string };
    };
    expect(after.agenda.map((a) => a.title)).toEqual(['Đánh giá kết quả tháng 2', 'Phương hướng tháng 3']);
    expect(after.meeting.draftResolution).toBe('Dự thảo nghị quyết tháng 3');
    expect(
      (
        await post(w.m1.cookie, `/api/meetings/${meetingId}/opinions`, {
          agendaItemId: after.agenda[1]!.id,
          body: 'Đề nghị thêm việc trồng cây',
        })
      ).statusCode,
    ).toBe(201);
    expect((await post(w.m2.cookie, `/api/meetings/${meetingId}/opinions`, { body: 'Nhất trí với dự thảo' })).statusCode).toBe(
      201,
    );
    // The exempted member is not invited: no opinion, no RSVP.
    expect((await post(w.exempted.cookie, `/api/meetings/${meetingId}/opinions`, { body: 'x' })).statusCode).toBe(403);
    // An opinion from the offline outbox, replayed (the first answer was lost): stored once.
    const clientId = '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f';
    const first = await post(w.m3.cookie, `/api/meetings/${meetingId}/opinions`, { body: 'Gửi khi mất mạng', clientId });
    const again = await post(w.m3.cookie, `/api/meetings/${meetingId}/opinions`, { body: 'Gửi khi mất mạng', clientId });
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect((again.json() as { id: string }).id).toBe(clientId);
    // Another member cannot take over that id.
    expect((await post(w.m1.cookie, `/api/meetings/${meetingId}/opinions`, { body: 'Mạo danh', clientId })).statusCode).toBe(409);
    const ops = (await get(w.secretary.cookie, `/api/meetings/${meetingId}/opinions`)).json() as {
      items: Array<{ memberName: string; agendaTitle: string | null; body: string }>;
    };
    expect(ops.items.map((o) => [o.memberName, o.agendaTitle])).toEqual(
      expect.arrayContaining([
        ['Lê Thị Một', 'Phương hướng tháng 3'],
        ['Phạm Văn Hai', null],
      ]),
    );
    expect(ops.items.filter((o) => o.body === 'Gửi khi mất mạng')).toHaveLength(1);
    expect(ops.items.filter((o) => o.body === 'Mạo danh')).toHaveLength(0);
    // A plain member cannot read the opinion list.
    expect((await get(w.m1.cookie, `/api/meetings/${meetingId}/opinions`)).statusCode).toBe(403);
  });

  it('records RSVPs and lists the member’s upcoming meetings and calendar', async () => {
    expect((await post(w.m2.cookie, `/api/meetings/${meetingId}/rsvp`, { answer: 'absent' })).statusCode).toBe(400);
    expect(
      (await post(w.m2.cookie, `/api/meetings/${meetingId}/rsvp`, { answer: 'absent', reason: 'Đi công tác' })).statusCode,
    ).toBe(200);
    expect((await post(w.m1.cookie, `/api/meetings/${meetingId}/rsvp`, { answer: 'attend' })).statusCode).toBe(200);
    const inv = (await get(w.secretary.cookie, `/api/meetings/${meetingId}/invitations`)).json() as {
      summary: { attend: number; absent: number; pending: number };
    };
    expect(inv.summary).toMatchObject({ attend: 1, absent: 1, pending: 2 });
    const up = (await get(w.m1.cookie, '/api/meetings/mine')).json() as {
      items: Array<{ id: string; rsvp: string }>;
      manageUnits: unknown[];
    };
    expect(up.items.find((i) => i.id === meetingId)?.rsvp).toBe('attend');
    expect(up.manageUnits).toEqual([]);
    const link = (await post(w.m1.cookie, '/api/meetings/calendar-link')).json() as { url: string };
    const path = new URL(link.url).pathname;
    const ics = await t.app.inject({ method: 'GET', url: path });
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain(`UID:${meetingId}@sotay`);
    expect(ics.body).toContain('LOCATION:Nhà văn hóa khu phố 1');
    expect((await t.app.inject({ method: 'GET', url: '/api/meetings/calendar/khong-dung.ics' })).statusCode).toBe(404);
    // Rotating the link ends the old one.
    await post(w.m1.cookie, '/api/meetings/calendar-link');
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
  });

  it('checks in by the rotating QR code only during the meeting, with expiry', async () => {
    const key = qrKey(t.config);
    // 40 minutes before the start: check-in not open yet.
    t.clock.set(new Date(new Date(START).getTime() - 40 * 60_000));
    expect(((await get(w.secretary.cookie, `/api/meetings/${meetingId}/qr`)).json() as { open: boolean }).open).toBe(false);
    const early = await post(w.m1.cookie, `/api/meetings/${meetingId}/check-in`, {
      token: qrCode(key, meetingId, windowOf(t.clock.now())),
      clientId: randomUUID(),
    });
    expect(early.statusCode).toBe(409);
    t.clock.set(new Date(new Date(START).getTime() - 10 * 60_000));
    const screen = (await get(w.secretary.cookie, `/api/meetings/${meetingId}/qr`)).json() as {
      open: boolean;
      code: string;
      url: string;
      qrSvg: string;
    };
    expect(screen.open).toBe(true);
    expect(screen.url).toContain(`/sinh-hoat/${meetingId}/diem-danh?t=${screen.code}`);
    expect(screen.qrSvg).toContain('<svg');
    // The code of the window before still works; two windows later it has expired.
    t.clock.advance(30_000);
    const clientId = randomUUID();
    const ok = await post(w.m1.cookie, `/api/meetings/${meetingId}/check-in`, { token: screen.code, clientId });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ status: 'present', counted: true, replay: false });
    t.clock.advance(30_000);
    const expired = await post(w.m3.cookie, `/api/meetings/${meetingId}/check-in`, {
      token: screen.code,
      clientId: randomUUID(),
    });
    expect(expired.statusCode).toBe(400);
    expect(expired.json()).toMatchObject({ code: 'meetings.bad_code' });
    const wrong = await post(w.m3.cookie, `/api/meetings/${meetingId}/check-in`, { token: '000000', clientId: randomUUID() });
    expect(wrong.statusCode).toBe(400);
  });

  it('never counts a replayed offline check-in twice', async () => {
    // 20 minutes after the start: the check-in counts as late.
    t.clock.set(new Date(new Date(START).getTime() + 20 * 60_000));
    const code = qrCode(qrKey(t.config), meetingId, windowOf(t.clock.now()));
    const clientId = randomUUID();
    const first = await post(w.m3.cookie, `/api/meetings/${meetingId}/check-in`, { token: code, clientId });
    expect(first.json()).toEqual({ status: 'late', counted: true, replay: false });
    // The phone lost the answer and sends the same check-in again, twice, even concurrently.
    const replays = await Promise.all(
      [0, 1, 2].map(() => post(w.m3.cookie, `/api/meetings/${meetingId}/check-in`, { token: code, clientId })),
    );
    for (const r of replays) expect(r.json()).toEqual({ status: 'late', counted: false, replay: true });
    // A second check-in with a new client id does not count again either.
    expect(
      (await post(w.m3.cookie, `/api/meetings/${meetingId}/check-in`, { token: code, clientId: randomUUID() })).json(),
    ).toMatchObject({ counted: false, replay: false });
    const rows = await t.database.db.select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, meetingId));
    expect(rows.filter((r) => r.memberId === w.m3.memberId)).toHaveLength(1);
    const att = (await get(w.secretary.cookie, `/api/meetings/${meetingId}/attendance`)).json() as {
      counts: { present: number; late: number; total: number };
    };
    expect(att.counts).toMatchObject({ present: 2, late: 1, total: 4 });
    // The exempted member is not counted and cannot check in.
    expect(
      (await post(w.exempted.cookie, `/api/meetings/${meetingId}/check-in`, { token: code, clientId: randomUUID() })).statusCode,
    ).toBe(403);
  });

  it('takes a check-in queued offline at the time of the scan, once, and only with the code of that time', async () => {
    const key = qrKey(t.config);
    // The secretary scans 5 minutes after the start with no connection; the phone sends it 40 minutes later.
    const scannedAt = new Date(new Date(START).getTime() + 5 * 60_000);
    const code = qrCode(key, meetingId, windowOf(scannedAt));
    t.clock.set(new Date(new Date(START).getTime() + 45 * 60_000));
    const clientId = randomUUID();
    // Without the scan time the old code has expired, as for anyone reading it off a photo later.
    expect(
      (await post(w.secretary.cookie, `/api/meetings/${meetingId}/check-in`, { token: code, clientId })).json(),
    ).toMatchObject({ code: 'meetings.bad_code' });
    // A scan time that the code does not belong to (an hour earlier) proves nothing.
    const forged = await post(w.secretary.cookie, `/api/meetings/${meetingId}/check-in`, {
      token: code,
      clientId,
      scannedAt: new Date(new Date(START).getTime() - 40 * 60_000).toISOString(),
    });
    expect(forged.json()).toMatchObject({ code: 'meetings.bad_code' });
    // With it, the check-in counts, as present (scanned before the late threshold), not late.
    const body = { token: code, clientId, scannedAt: scannedAt.toISOString() };
    const queued = await post(w.secretary.cookie, `/api/meetings/${meetingId}/check-in`, body);
    expect(queued.statusCode, queued.body).toBe(200);
    expect(queued.json()).toEqual({ status: 'present', counted: true, replay: false });
    // A phone whose clock runs 4 minutes fast still finds its window; the replay counts once.
    t.clock.advance(10 * 60_000);
    const skewed = { ...body, scannedAt: new Date(scannedAt.getTime() + 4 * 60_000).toISOString() };
    expect((await post(w.secretary.cookie, `/api/meetings/${meetingId}/check-in`, skewed)).json()).toEqual({
      status: 'present',
      counted: false,
      replay: true,
    });
    const rows = await t.database.db.select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, meetingId));
    const mine = rows.filter((r) => r.memberId === w.secretary.memberId);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.checkedInAt?.toISOString()).toBe(scannedAt.toISOString());
  });

  it('applies each roll-call change once, so an offline batch replayed later does not undo newer marks', async () => {
    const c1 = randomUUID();
    const batch = { changes: [{ clientId: c1, memberId: w.m2.memberId, status: 'absent_excused', reason: 'Đi công tác' }] };
    const first = (await post(w.secretary.cookie, `/api/meetings/${meetingId}/roll-call`, batch)).json() as { applied: number };
    expect(first.applied).toBe(1);
    // m2 arrives after all; the secretary marks them present.
    await post(w.secretary.cookie, `/api/meetings/${meetingId}/roll-call`, {
      changes: [{ clientId: randomUUID(), memberId: w.m2.memberId, status: 'present' }],
    });
    // The first batch comes in again from the offline queue.
    const replay = (await post(w.secretary.cookie, `/api/meetings/${meetingId}/roll-call`, batch)).json() as {
      applied: number;
      skipped: number;
      items: Array<{ memberId: string; status: string }>;
      counts: { present: number };
    };
    expect(replay).toMatchObject({ applied: 0, skipped: 1 });
    expect(replay.items.find((i) => i.memberId === w.m2.memberId)?.status).toBe('present');
    // m1 and the secretary (offline check-in), m3 (late), m2 (marked by hand).
    expect(replay.counts.present).toBe(4);
    // Marking the exempted member is refused: they are not on the roll.
    expect(
      (
        await post(w.secretary.cookie, `/api/meetings/${meetingId}/roll-call`, {
          changes: [{ clientId: randomUUID(), memberId: w.exempted.memberId, status: 'present' }],
        })
      ).statusCode,
    ).toBe(400);
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'meetings.roll_call'));
    expect(audits).toHaveLength(2);
  });

  it('answers 404 to the secretary of another cell and to members of other cells', async () => {
    for (const url of [
      `/api/meetings/${meetingId}`,
      `/api/meetings/${meetingId}/attendance`,
      `/api/meetings/${meetingId}/opinions`,
      `/api/meetings/${meetingId}/minutes`,
      `/api/meetings/${meetingId}/qr`,
    ]) {
      expect((await get(w.secretaryB.cookie, url)).statusCode, url).toBe(404);
    }
    expect(
      (
        await post(w.secretaryB.cookie, `/api/meetings/${meetingId}/roll-call`, {
          changes: [{ clientId: randomUUID(), memberId: w.m1.memberId, status: 'present' }],
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await post(w.secretaryB.cookie, `/api/meetings/${meetingId}/check-in`, { token: '123456', clientId: randomUUID() }))
        .statusCode,
    ).toBe(404);
    expect((await put(w.secretaryB.cookie, `/api/meetings/${meetingId}/agenda`, { items: [] })).statusCode).toBe(404);
    const list = (await get(w.secretaryB.cookie, `/api/meetings?cellId=${w.cellA.id}`)).statusCode;
    expect(list).toBe(404);
    const mineB = (await get(w.secretaryB.cookie, '/api/meetings')).json() as { items: Array<{ id: string }> };
    expect(mineB.items.map((i) => i.id)).not.toContain(meetingId);
    // The committee above may read the meeting but not run it.
    expect((await get(w.committee, `/api/meetings/${meetingId}`)).statusCode).toBe(200);
    expect((await put(w.committee, `/api/meetings/${meetingId}/agenda`, { items: [] })).statusCode).toBe(403);
  });
});
