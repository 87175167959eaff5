import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call, makeUnit, makeUser, sessionCookie } from '../../testing/factories.ts';
import { makeFinalizedMeeting, makeMeetingWorld, registerBody, registerMeeting } from '../../testing/meetings.factories.ts';
import { makeDocument } from '../../testing/documents.factories.ts';
import { meetingTasks } from '../../db/schema.ts';
import { notify } from '../notifications/notify.ts';
import type { Home } from './home.schemas.ts';

type World = Awaited<ReturnType<typeof makeMeetingWorld>>;
const DAY = 86_400_000;
// 5 March 2026, 10:00 Vietnam time.
const NOW = new Date('2026-03-05T03:00:00Z');

describe.each(ENGINES)('GET /api/home on %s', (engine) => {
  let t: TestApp;
  let w: World;
  let nextId: string;
  let lastId: string;
  const home = async (cookie: string) => {
    const res = await call(t.app, cookie, { method: 'GET', url: '/api/home' });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Home;
  };
  const post = (cookie: string, url: string, payload: object = {}) => call(t.app, cookie, { method: 'POST', url, payload });

  beforeAll(async () => {
    t = await createTestApp(engine, new Date(NOW.getTime() - 20 * DAY));
    const db = t.database.db;
    w = await makeMeetingWorld(db, t.config, t.clock.now());

    // Library: six documents for the ward (the newest five show), news for the ward, items the member may not see.
    for (let i = 1; i <= 6; i++)
      await makeDocument(db, {
        unit: w.ward,
        title: `Nghị quyết số ${i}`,
        at: new Date(NOW.getTime() - (10 - i) * DAY),
      });
    await makeDocument(db, {
      unit: w.ward,
      kind: 'news',
      category: 'local',
      title: 'Tin phường',
      at: new Date(NOW.getTime() - DAY),
    });
    await makeDocument(db, { unit: w.cellB, targets: [w.cellB], title: 'Chỉ cho chi bộ 2', at: new Date(NOW.getTime() - DAY) });
    await makeDocument(db, { unit: w.ward, title: 'Bản nháp', status: 'draft', at: new Date(NOW.getTime() - DAY) });
    await makeDocument(db, {
      unit: w.ward,
      title: 'Hẹn giờ đăng',
      at: new Date(NOW.getTime() - DAY),
      publishAt: new Date(NOW.getTime() + 3 * DAY),
    });

    // Last month's finalized meeting with tasks: one for m1 due soon, one long overdue, one for m2.
    lastId = await makeFinalizedMeeting(db, w.cellA, '2026-02-10T12:30:00Z', {
      [w.m1.memberId]: 'present',
      [w.m2.memberId]: 'present',
    });
    await db.insert(meetingTasks).values([
      {
        meetingId: lastId,
        position: 1,
        title: 'Vận động đóng góp quỹ khuyến học',
        ownerMemberId: w.m1.memberId,
        ownerName: w.m1.fullName,
        dueDate: '2026-03-03',
      },
      {
        meetingId: lastId,
        position: 2,
        title: 'Việc quá hạn lâu',
        ownerMemberId: w.m1.memberId,
        ownerName: w.m1.fullName,
        dueDate: '2026-01-10',
      },
      {
        meetingId: lastId,
        position: 3,
        title: 'Việc của người khác',
        ownerMemberId: w.m2.memberId,
        ownerName: w.m2.fullName,
        dueDate: '2026-03-20',
      },
      {
        meetingId: lastId,
        position: 4,
        title: 'Tuyên truyền nghị quyết',
        ownerMemberId: w.m1.memberId,
        ownerName: w.m1.fullName,
        dueDate: '2026-03-30',
      },
    ]);

    // This month's meeting, registered on time and published.
    nextId = await registerMeeting(
      t.app,
      w.secretary.cookie,
      registerBody(w.cellA.id, '2026-03-10T12:30:00Z', 120, { topic: 'Học tập nghị quyết' }),
    );
    t.clock.set(NOW);

    await db.transaction(async (tx) => {
      await notify(tx, {
        userIds: [w.m1.userId],
        kind: 'new_document',
        title: 'Văn bản mới thứ nhất',
        link: '/thu-vien',
        at: new Date(NOW.getTime() - 2 * DAY),
      });
      await notify(tx, {
        userIds: [w.m1.userId],
        kind: 'new_document',
        title: 'Văn bản mới thứ hai',
        link: '/thu-vien',
        at: new Date(NOW.getTime() - DAY),
      });
    });
  });
  afterAll(async () => t?.close());

  it('shows the next meeting without materials before they are published, then with them and my opinion', async () => {
    const before = await home(w.m1.cookie);
    expect(before.nextMeeting).toMatchObject({
      id: nextId,
      topic: 'Học tập nghị quyết',
      rsvp: 'pending',
      materialsPostedAt: null,
      myOpinions: 0,
    });
    expect(before.nextMeeting!.materials).toEqual([]);
    expect(before.lastMeeting?.id).toBe(lastId);

    expect(
      (
        await call(t.app, w.secretary.cookie, {
          method: 'PUT',
          url: `/api/meetings/${nextId}/agenda`,
          payload: { items: [{ title: 'Quán triệt nghị quyết' }] },
        })
      ).statusCode,
    ).toBe(200);
    expect((await post(w.secretary.cookie, `/api/meetings/${nextId}/publish`)).statusCode).toBe(200);
    expect((await post(w.m1.cookie, `/api/meetings/${nextId}/rsvp`, { answer: 'attend' })).statusCode).toBe(200);
    expect((await post(w.m1.cookie, `/api/meetings/${nextId}/opinions`, { body: 'Đề nghị bổ sung chỉ tiêu' })).statusCode).toBe(
      201,
    );

    const after = await home(w.m1.cookie);
    expect(after.nextMeeting).toMatchObject({ rsvp: 'attend', myOpinions: 1, lastOpinion: { body: 'Đề nghị bổ sung chỉ tiêu' } });
    expect(after.nextMeeting!.materialsPostedAt).not.toBeNull();
    // Another member of the cell sees the meeting with their own answer and no opinion.
    expect((await home(w.m2.cookie)).nextMeeting).toMatchObject({
      id: nextId,
      rsvp: 'pending',
      myOpinions: 0,
      lastOpinion: null,
    });
  });

  it('lists the five newest documents and the news I may read, marking what I opened', async () => {
    const first = await home(w.m1.cookie);
    expect(first.documents.map((d) => d.title)).toEqual([
      'Nghị quyết số 6',
      'Nghị quyết số 5',
      'Nghị quyết số 4',
      'Nghị quyết số 3',
      'Nghị quyết số 2',
    ]);
    expect(first.documents.every((d) => !d.read)).toBe(true);
    expect(first.news.map((d) => d.title)).toEqual(['Tin phường']);
    expect(first.unreadDocuments).toBe(6);
    expect(first.unreadNews).toBe(1);

    expect((await post(w.m1.cookie, `/api/documents/${first.documents[1]!.id}/read`)).statusCode).toBe(200);
    const second = await home(w.m1.cookie);
    expect(second.documents.map((d) => d.read)).toEqual([false, true, false, false, false]);
    expect(second.unreadDocuments).toBe(5);
    // Reading is per person: m2 still has it unread.
    expect((await home(w.m2.cookie)).documents[1]!.read).toBe(false);
    // A member of cell B sees cell B's document, not cell A's neighbours' view of it.
    const b = await makeUser(t.database.db, { roles: [{ role: 'member', unit: w.cellB }] });
    const bHome = await home(await sessionCookie(t.database.db, t.config, b.id, t.clock.now()));
    expect(bHome.documents[0]!.title).toBe('Chỉ cho chi bộ 2');
  });

  it('lists my tasks from resolutions by deadline, with the overdue ones marked, not older or others’ tasks', async () => {
    const h = await home(w.m1.cookie);
    expect(h.tasks.map((x) => [x.title, x.dueDate, x.overdue])).toEqual([
      ['Vận động đóng góp quỹ khuyến học', '2026-03-03', true],
      ['Tuyên truyền nghị quyết', '2026-03-30', false],
    ]);
    expect(h.tasks[0]!.meetingId).toBe(lastId);
    expect((await home(w.m2.cookie)).tasks.map((x) => x.title)).toEqual(['Việc của người khác']);
  });

  it('counts unread notifications and shows the latest', async () => {
    const h = await home(w.m1.cookie);
    // The two notices above plus the meeting's invitation and materials, sent by the meetings area.
    expect(h.notifications.unread).toBeGreaterThanOrEqual(2);
    expect(h.notifications.items.length).toBeLessThanOrEqual(3);
    const unread = (await call(t.app, w.m1.cookie, { method: 'GET', url: '/api/notifications/unread' })).json() as {
      unread: number;
    };
    expect(h.notifications.unread).toBe(unread.unread);
    expect((await post(w.m1.cookie, '/api/notifications/read-all')).statusCode).toBe(200);
    expect((await home(w.m1.cookie)).notifications).toEqual({ unread: 0, items: [] });
  });

  it('answers an account without a member record (staff) with no meeting or tasks', async () => {
    const h = await home(w.committee);
    expect(h.nextMeeting).toBeNull();
    expect(h.lastMeeting).toBeNull();
    expect(h.tasks).toEqual([]);
    expect(h.documents.length).toBeGreaterThan(0);
    // Someone outside the ward sees none of the ward's documents.
    const other = await makeUnit(t.database.db, { type: 'cell' });
    const outsider = await makeUser(t.database.db, { roles: [{ role: 'member', unit: other }] });
    const o = await home(await sessionCookie(t.database.db, t.config, outsider.id, t.clock.now()));
    expect(o.documents).toEqual([]);
    expect(o.news).toEqual([]);
  });

  it('needs a session', async () => {
    expect((await call(t.app, undefined, { method: 'GET', url: '/api/home' })).statusCode).toBe(401);
  });
});
