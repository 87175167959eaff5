import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call } from '../../testing/factories.ts';
import { makeFinalizedMeeting, makeMeetingWorld, registerBody, registerMeeting } from '../../testing/meetings.factories.ts';
import { auditLog, meetingAttendance } from '../../db/schema.ts';
import { qrCode, qrKey, windowOf } from './qr.ts';

type World = Awaited<ReturnType<typeof makeMeetingWorld>>;
const H = 3_600_000;
const START = '2025-03-10T12:30:00Z';

/** A phone photo: a JPEG carrying EXIF with a GPS position and an orientation tag. */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 240, g: 240, b: 230 } } })
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Cam 1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 1/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '105/1 51/1 0/1' },
    })
    .jpeg()
    .toBuffer();
}

function multipart(field: string, filename: string, content: Buffer, mime: string) {
  const boundary = `----sotay${randomUUID()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, content, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe.each(ENGINES)('meetings after, evaluation and monitoring, on %s', (engine) => {
  let t: TestApp;
  let w: World;
  let meetingId: string;
  let lateMeetingId: string;
  const get = (cookie: string, url: string) => call(t.app, cookie, { method: 'GET', url });
  const post = (cookie: string, url: string, payload: object = {}) => call(t.app, cookie, { method: 'POST', url, payload });
  const put = (cookie: string, url: string, payload: object) => call(t.app, cookie, { method: 'PUT', url, payload });

  async function prepare(cookie: string, id: string) {
    await put(cookie, `/api/meetings/${id}/agenda`, {
      items: [{ title: 'Kiểm điểm nghị quyết tháng trước' }, { title: 'Nhiệm vụ tháng tới' }],
    });
    await post(cookie, `/api/meetings/${id}/publish`);
  }

  async function upload(cookie: string, id: string) {
    const photo = multipart('file', 'IMG_0001.jpg', await phonePhoto(), 'image/jpeg');
    return call(t.app, cookie, { method: 'POST', url: `/api/meetings/${id}/signed-copies`, ...photo });
  }

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2025-02-20T03:00:00Z'));
    w = await makeMeetingWorld(t.database.db, t.config, t.clock.now());
    meetingId = await registerMeeting(t.app, w.secretary.cookie, registerBody(w.cellA.id, START, 120));
    t.clock.set('2025-03-01T03:00:00Z');
    lateMeetingId = await registerMeeting(t.app, w.secretaryB.cookie, registerBody(w.cellB.id, '2025-03-11T12:30:00Z', 90));
    await prepare(w.secretary.cookie, meetingId); // 9 days ahead: on time
    t.clock.set('2025-03-11T03:00:00Z');
    await prepare(w.secretaryB.cookie, lateMeetingId); // 9.5 hours ahead: late
  });
  afterAll(async () => t.close());

  it('keeps minutes with speakers by name, the resolution and tasks', async () => {
    t.clock.set(new Date(new Date(START).getTime() - 5 * 60_000));
    const code = qrCode(qrKey(t.config), meetingId, windowOf(t.clock.now()));
    for (const p of [w.secretary, w.m1, w.m2])
      expect(
        (await post(p.cookie, `/api/meetings/${meetingId}/check-in`, { token: code, clientId: randomUUID() })).statusCode,
      ).toBe(200);
    const detail = (await get(w.secretary.cookie, `/api/meetings/${meetingId}`)).json() as { agenda: Array<{ id: string }> };
    const start = new Date(START);
    const minutes = await put(w.secretary.cookie, `/api/meetings/${meetingId}/minutes`, {
      actualStartAt: start.toISOString(),
      actualEndAt: new Date(start.getTime() + 95 * 60_000).toISOString(),
      chairMemberId: w.secretary.memberId,
      minutesTakerMemberId: w.m1.memberId,
      guests: [{ name: 'Nguyễn Văn Khách', title: 'Đảng ủy viên phụ trách' }],
      notes: 'Đã thu đảng phí đầy đủ.',
      items: [
        {
          agendaItemId: detail.agenda[0]!.id,
          conclusion: 'Hoàn thành 9/10 chỉ tiêu.',
          remarks: [
            { speakerMemberId: w.m2.memberId, speakerName: 'Phạm Văn Hai', remark: 'Đề nghị đẩy nhanh việc thu gom rác.' },
          ],
        },
        { agendaItemId: detail.agenda[1]!.id, conclusion: 'Thống nhất 3 nhiệm vụ.', remarks: [] },
      ],
    });
    expect(minutes.statusCode, minutes.body).toBe(200);
    const res = await put(w.secretary.cookie, `/api/meetings/${meetingId}/resolution`, {
      resolutionText: 'Nghị quyết chi bộ tháng 3/2025',
      tasks: [
        { title: 'Tổ chức ra quân vệ sinh', ownerMemberId: w.m2.memberId, ownerName: 'Phạm Văn Hai', dueDate: '2025-03-30' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const m = (await get(w.m1.cookie, `/api/meetings/${meetingId}/minutes`)).json() as Record<string, unknown> & {
      items: Array<{ remarks: Array<{ speakerName: string }> }>;
    };
    expect(m).toMatchObject({
      present: 3,
      total: 4,
      chairName: 'Trần Văn Bí Thư',
      minutesTakerName: 'Lê Thị Một',
      guests: [{ name: 'Nguyễn Văn Khách' }],
      tasks: [{ ownerName: 'Phạm Văn Hai', dueDate: '2025-03-30' }],
    });
    expect(m.items[0]!.remarks[0]!.speakerName).toBe('Phạm Văn Hai');
  });

  it('strips EXIF from the signed-copy photo and keeps a thumbnail', async () => {
    const res = await upload(w.secretary.cookie, meetingId);
    expect(res.statusCode, res.body).toBe(201);
    const file = res.json() as { id: string; hasThumb: boolean };
    expect(file.hasThumb).toBe(true);
    const full = await get(w.m1.cookie, `/api/meeting-files/${file.id}`);
    expect(full.statusCode).toBe(200);
    const meta = await sharp(full.rawPayload).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    const thumb = await get(w.m1.cookie, `/api/meeting-files/${file.id}?thumb=1`);
    expect((await sharp(thumb.rawPayload).metadata()).width).toBeLessThanOrEqual(320);
    // Not an image: refused by content.
    const fake = multipart('file', 'anh.jpg', Buffer.from('%PDF-1.4 not an image'), 'image/jpeg');
    expect(
      (await call(t.app, w.secretary.cookie, { method: 'POST', url: `/api/meetings/${meetingId}/signed-copies`, ...fake }))
        .statusCode,
    ).toBe(415);
  });

  it('measures duration, attendance and timeliness; the secretary scores the rest', async () => {
    const ev = (await get(w.secretary.cookie, `/api/meetings/${meetingId}/evaluation`)).json() as {
      facts: Record<string, unknown>;
      result: { items: Array<{ key: string; measured: boolean; points: number | null }>; complete: boolean };
    };
    expect(ev.facts).toMatchObject({
      durationMinutes: 95,
      requiredMinutes: 90,
      attendancePercent: 75,
      materialsOnTime: true,
      materialsPostedBeforeStart: true,
      finalOnTime: true,
    });
    const measured = Object.fromEntries(ev.result.items.filter((i) => i.measured).map((i) => [i.key, i.points]));
    // 75% attendance falls in the 75–89% band.
    expect(measured).toEqual({ duration: 5, attendance: 4, materials_on_app: 2, materials_on_time: 2, final_on_time: 2 });
    expect(ev.result.complete).toBe(false);
    // Measured criteria cannot be scored by hand.
    expect(
      (await put(w.secretary.cookie, `/api/meetings/${meetingId}/evaluation`, { scores: { attendance: 5 } })).statusCode,
    ).toBe(400);
    expect((await put(w.secretary.cookie, `/api/meetings/${meetingId}/evaluation`, { scores: { conduct: 31 } })).statusCode).toBe(
      400,
    );
    const scored = (
      await put(w.secretary.cookie, `/api/meetings/${meetingId}/evaluation`, {
        scores: { preparation_content: 6, conduct: 28, chairing: 9, principles: 5, last_results: 25, closing_content: 3 },
      })
    ).json() as { result: { total: number; rating: { label: string } } };
    // 5 + 4 + (6+2+2) + 28 + 9 + 5 + 25 + (3+2) = 91
    expect(scored.result).toMatchObject({ total: 91, rating: { label: 'Tốt' } });
    // A plain member cannot score.
    expect((await put(w.m1.cookie, `/api/meetings/${meetingId}/evaluation`, { scores: { conduct: 1 } })).statusCode).toBe(403);
  });

  it('finalizes within 2 days, locks, records the unmarked as absent, and reopens with a reason', async () => {
    t.clock.set(new Date(new Date(START).getTime() + 26 * H));
    const fin = await post(w.secretary.cookie, `/api/meetings/${meetingId}/finalize`);
    expect(fin.statusCode, fin.body).toBe(200);
    const [m3] = await t.database.db
      .select()
      .from(meetingAttendance)
      .where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.memberId, w.m3.memberId)));
    expect(m3).toMatchObject({ status: 'absent_unexcused', method: 'closing' });
    const d = (await get(w.m1.cookie, `/api/meetings/${meetingId}`)).json() as {
      meeting: { status: string; flags: { finalLate: boolean }; totalScore: number; rating: string; resolutionText: string };
    };
    expect(d.meeting).toMatchObject({
      status: 'finalized',
      totalScore: 91,
      rating: 'good',
      resolutionText: 'Nghị quyết chi bộ tháng 3/2025',
      flags: { finalLate: false },
    });
    // Locked.
    expect((await put(w.secretary.cookie, `/api/meetings/${meetingId}/agenda`, { items: [] })).statusCode).toBe(409);
    expect((await post(w.secretary.cookie, `/api/meetings/${meetingId}/reopen`, {})).statusCode).toBe(400);
    expect(
      (await post(w.secretary.cookie, `/api/meetings/${meetingId}/reopen`, { reason: 'Bổ sung ý kiến phát biểu' })).statusCode,
    ).toBe(200);
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'meetings.reopen'), eq(auditLog.targetId, meetingId)));
    expect(audit?.changes).toMatchObject({ reason: { new: 'Bổ sung ý kiến phát biểu' } });
    // Finalizing again keeps the first posting time, so it stays on time.
    t.clock.advance(5 * 24 * H);
    await post(w.secretary.cookie, `/api/meetings/${meetingId}/finalize`);
    expect(
      ((await get(w.m1.cookie, `/api/meetings/${meetingId}`)).json() as { meeting: { flags: { finalLate: boolean } } }).meeting
        .flags.finalLate,
    ).toBe(false);
  });

  it('flags final documents posted more than 2 days after the meeting, and refuses an incomplete finalization', async () => {
    const id = lateMeetingId;
    t.clock.set('2025-03-14T03:00:00Z'); // more than 2 days after the 11 March meeting
    expect((await post(w.secretaryB.cookie, `/api/meetings/${id}/finalize`)).json()).toMatchObject({
      code: 'meetings.incomplete',
    });
    const s = new Date('2025-03-11T12:30:00Z');
    await put(w.secretaryB.cookie, `/api/meetings/${id}/minutes`, {
      actualStartAt: s.toISOString(),
      actualEndAt: new Date(s.getTime() + 60 * 60_000).toISOString(),
    });
    await put(w.secretaryB.cookie, `/api/meetings/${id}/resolution`, { resolutionText: 'Nghị quyết' });
    expect((await upload(w.secretaryB.cookie, id)).statusCode).toBe(201);
    expect((await post(w.secretaryB.cookie, `/api/meetings/${id}/finalize`)).statusCode).toBe(200);
    const d = (await get(w.secretaryB.cookie, `/api/meetings/${id}`)).json() as {
      meeting: { flags: { finalLate: boolean; materialsLate: boolean; registeredLate: boolean } };
    };
    expect(d.meeting.flags).toEqual({ registeredLate: true, materialsLate: true, finalLate: true });
    const ev = (await get(w.secretaryB.cookie, `/api/meetings/${id}/evaluation`)).json() as {
      facts: { durationMinutes: number; finalOnTime: boolean };
    };
    expect(ev.facts).toMatchObject({ durationMinutes: 60, finalOnTime: false });
  });

  it('shows the committee above who is on time and who is behind for the month', async () => {
    const res = await get(w.committee, `/api/meetings/monitor?unitId=${w.ward.id}&month=2025-03`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as {
      summary: Record<string, unknown>;
      cells: Array<{ cellId: string; problems: string[]; meetingId: string | null }>;
      behind: Array<{ cellId: string; problems: string[]; meetingId: string | null }>;
    };
    expect(body.summary).toMatchObject({
      cells: 3,
      registered: 2,
      registeredOnTime: 1,
      held: 2,
      materialsOnTime: 1,
      finalized: 2,
      finalizedOnTime: 1,
      averageAttendance: 37.5,
      ratings: { good: 1 },
    });
    expect(body.cells.find((c) => c.cellId === w.cellA.id)?.problems).toEqual([]);
    expect(
      body.behind.map((b) => [b.cellId, b.meetingId, b.problems]),
      JSON.stringify(body.behind),
    ).toEqual([
      [w.cellB.id, lateMeetingId, ['registered_late', 'materials_late', 'finalized_late']],
      [w.cellC.id, null, ['not_registered']],
    ]);
    const unreg = (await get(w.committee, `/api/meetings/unregistered?unitId=${w.ward.id}&month=2025-03`)).json() as {
      items: Array<{ id: string }>;
    };
    expect(unreg.items.map((c) => c.id)).toEqual([w.cellC.id]);
    // A cell secretary does not monitor the ward.
    expect((await get(w.secretary.cookie, `/api/meetings/monitor?unitId=${w.ward.id}&month=2025-03`)).statusCode).toBe(403);
  });

  it('shows the upper level’s monthly guidance in every cell meeting of that month below it', async () => {
    const body = {
      unitId: w.ward.id,
      month: '2025-03',
      title: 'Hướng dẫn sinh hoạt chi bộ tháng 3',
      url: 'https://example.org/hd-thang-3.pdf',
    };
    expect((await post(w.secretary.cookie, '/api/meetings/guidance', body)).statusCode).toBe(403);
    expect((await post(w.committee, '/api/meetings/guidance', body)).statusCode).toBe(201);
    expect((await post(w.committee, '/api/meetings/guidance', { ...body, month: '2025-04', title: 'Tháng 4' })).statusCode).toBe(
      201,
    );
    for (const [cookie, id] of [
      [w.m1.cookie, meetingId],
      [w.secretaryB.cookie, lateMeetingId],
    ] as const) {
      const d = (await get(cookie, `/api/meetings/${id}`)).json() as { guidance: Array<{ title: string; url: string }> };
      expect(d.guidance.map((g) => g.title)).toEqual(['Hướng dẫn sinh hoạt chi bộ tháng 3']);
    }
  });

  it('lists members with unexcused absences in 3 months within 12, across a year boundary', async () => {
    const db = t.database.db;
    const { m1, m2, cellA } = w;
    await makeFinalizedMeeting(db, cellA, '2024-11-12T12:30:00Z', {
      [m1.memberId]: 'absent_unexcused',
      [m2.memberId]: 'absent_unexcused',
    });
    const dec = await makeFinalizedMeeting(db, cellA, '2024-12-10T12:30:00Z', {
      [m1.memberId]: 'absent_unexcused',
      [m2.memberId]: 'absent_excused',
    });
    // 31 December 19:30 in Vietnam: still December.
    const lateDec = await makeFinalizedMeeting(
      db,
      cellA,
      '2024-12-31T12:30:00Z',
      { [m1.memberId]: 'absent_unexcused' },
      'extraordinary',
    );
    const jan = await makeFinalizedMeeting(db, cellA, '2025-01-14T12:30:00Z', {
      [m1.memberId]: 'absent_unexcused',
      [m2.memberId]: 'present',
    });
    const list = async (cookie: string, asOf: string, unitId = cellA.id) =>
      get(cookie, `/api/meetings/absences?unitId=${unitId}&asOf=${asOf}`);
    const res = (await list(w.secretary.cookie, '2025-01')).json() as {
      items: Array<{ fullName: string; months: string[]; meetings: Array<{ id: string }> }>;
    };
    expect(res.items.map((i) => i.fullName)).toEqual(['Lê Thị Một']);
    expect(res.items[0]!.months).toEqual(['2024-11', '2024-12', '2025-01']);
    expect(res.items[0]!.meetings.map((m) => m.id)).toEqual(expect.arrayContaining([dec, lateDec, jan]));
    expect(res.items[0]!.meetings).toHaveLength(4);
    // The committee above sees the same from the ward.
    expect(((await list(w.committee, '2025-01', w.ward.id)).json() as { items: unknown[] }).items).toHaveLength(1);
    // By October 2025 November 2024 has left the window: only 2 months remain.
    expect(((await list(w.secretary.cookie, '2025-11')).json() as { items: unknown[] }).items).toEqual([]);
    // Before January it was only 2 months.
    expect(((await list(w.secretary.cookie, '2024-12')).json() as { items: unknown[] }).items).toEqual([]);
    // Members and other cells' secretaries do not get the list.
    expect((await list(w.m1.cookie, '2025-01')).statusCode).toBe(404);
    expect((await list(w.secretaryB.cookie, '2025-01')).statusCode).toBe(404);
  });
});
