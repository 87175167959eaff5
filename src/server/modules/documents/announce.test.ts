import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call, makeMember, makeUnit, makeUser, sessionCookie } from '../../testing/factories.ts';
import { auditLog, jobs, notifications } from '../../db/schema.ts';
import { runDueJobs } from '../../jobs/worker.ts';
import { DOCUMENT_ANNOUNCE } from './scheduled.ts';

describe.each(ENGINES)('announcing a publication on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  it('notifies the members under the targets once each, and nobody elsewhere; a scheduled one waits', async () => {
    const db = t.database.db;
    const province = await makeUnit(db, { type: 'province' });
    const city = await makeUnit(db, { parent: province, type: 'upper_level' });
    const ward = await makeUnit(db, { parent: city, type: 'grassroots' });
    const cell = await makeUnit(db, { parent: ward, type: 'cell' });
    const otherCity = await makeUnit(db, { parent: province, type: 'upper_level' });
    const otherWard = await makeUnit(db, { parent: otherCity, type: 'grassroots' });
    const otherCell = await makeUnit(db, { parent: otherWard, type: 'cell' });
    const { member: inside } = await makeMember(db, { cell });
    const { member: outside } = await makeMember(db, { cell: otherCell });
    const reader = await makeUser(db, { memberId: inside.id });
    const stranger = await makeUser(db, { memberId: outside.id });
    const approver = await makeUser(db, { roles: [{ role: 'approver', unit: city }] });
    const cookie = await sessionCookie(db, t.config, approver.id, t.clock.now());

    const publish = async (title: string, body: object = {}) => {
      // Targets nest (the city and a ward inside it): the member must hear once, not twice.
      const created = await call(t.app, cookie, {
        method: 'POST',
        url: '/api/documents',
        payload: { kind: 'document', unitId: city.id, title, summary: 'Tóm tắt nội dung', targetUnitIds: [city.id, ward.id] },
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = (created.json() as { document: { id: string } }).document.id;
      const res = await call(t.app, cookie, { method: 'POST', url: `/api/documents/${id}/publish`, payload: body });
      expect(res.statusCode, res.body).toBe(200);
      return id;
    };

    const id = await publish('Nghị quyết về chuyển đổi số');
    const mine = await db.select().from(notifications).where(eq(notifications.userId, reader.id));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: 'new_document', link: `/thu-vien/${id}` });
    expect(mine[0]!.title).toContain('Nghị quyết về chuyển đổi số');
    expect(await db.select().from(notifications).where(eq(notifications.userId, stranger.id))).toHaveLength(0);

    await publish('Kế hoạch tháng sau', { publishAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString() });
    expect(await db.select().from(notifications).where(eq(notifications.userId, reader.id))).toHaveLength(1);
  });

  it('a scheduled publication is announced by a job when its time passes, once, and not when moved or withdrawn', async () => {
    const db = t.database.db;
    const jobCtx = { db, config: t.config, clock: t.clock };
    const province = await makeUnit(db, { type: 'province' });
    const city = await makeUnit(db, { parent: province, type: 'upper_level' });
    const cell = await makeUnit(db, { parent: city, type: 'cell' });
    const otherCell = await makeUnit(db, { parent: province, type: 'cell' });
    const reader = await makeUser(db, { memberId: (await makeMember(db, { cell })).member.id });
    const stranger = await makeUser(db, { memberId: (await makeMember(db, { cell: otherCell })).member.id });
    const approver = await makeUser(db, { roles: [{ role: 'approver', unit: city }] });
    const cookie = await sessionCookie(db, t.config, approver.id, t.clock.now());
    const inbox = async (userId: string) =>
      (await db.select().from(notifications).where(eq(notifications.userId, userId))).map((n) => n.title);
    const create = async (title: string) => {
      const created = await call(t.app, cookie, {
        method: 'POST',
        url: '/api/documents',
        payload: { kind: 'document', unitId: city.id, title, summary: 'Tóm tắt', targetUnitIds: [city.id] },
      });
      expect(created.statusCode, created.body).toBe(201);
      return (created.json() as { document: { id: string } }).document.id;
    };
    const act = async (id: string, what: string, payload: object = {}) => {
      const res = await call(t.app, cookie, { method: 'POST', url: `/api/documents/${id}/${what}`, payload });
      expect(res.statusCode, res.body).toBe(200);
    };
    const start = t.clock.now().getTime();
    const hours = (h: number) => new Date(start + h * 3_600_000);

    const due = await create('Thông báo lịch tiếp dân');
    await act(due, 'publish', { publishAt: hours(2).toISOString() });
    const moved = await create('Kế hoạch dời lịch');
    await act(moved, 'publish', { publishAt: hours(2).toISOString() });
    // Withdrawn, then scheduled again later: only the new time announces.
    await act(moved, 'unpublish', { reason: 'Dời lịch' });
    await act(moved, 'publish', { publishAt: hours(5).toISOString() });
    const withdrawn = await create('Văn bản rút lại');
    await act(withdrawn, 'publish', { publishAt: hours(3).toISOString() });
    await act(withdrawn, 'unpublish', { reason: 'Rút lại' });

    t.clock.set(hours(1));
    await runDueJobs(jobCtx);
    expect(await inbox(reader.id)).toEqual([]);

    t.clock.set(hours(2.1));
    await runDueJobs(jobCtx);
    await runDueJobs(jobCtx);
    expect(await inbox(reader.id)).toEqual(['Văn bản mới: Thông báo lịch tiếp dân']);

    t.clock.set(hours(6));
    await runDueJobs(jobCtx);
    await runDueJobs(jobCtx);
    expect((await inbox(reader.id)).sort()).toEqual(['Văn bản mới: Kế hoạch dời lịch', 'Văn bản mới: Thông báo lịch tiếp dân']);
    expect(await inbox(stranger.id)).toEqual([]);
    // Every announcement job finished (none left to retry), and each announcement is audited.
    const mine = (await db.select().from(jobs).where(eq(jobs.kind, DOCUMENT_ANNOUNCE))).filter((j) =>
      [due, moved, withdrawn].includes(String(j.payload.documentId)),
    );
    expect(mine.map((j) => j.status)).toEqual(['done', 'done', 'done', 'done']);
    const audited = await db.select().from(auditLog).where(eq(auditLog.action, 'documents.announce'));
    expect(audited.map((a) => a.targetId).sort()).toEqual([due, moved].sort());
  });
});
