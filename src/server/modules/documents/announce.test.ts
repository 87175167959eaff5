import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call, makeMember, makeUnit, makeUser, sessionCookie } from '../../testing/factories.ts';
import { notifications } from '../../db/schema.ts';

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
      const created = await call(t.app, cookie, { method: 'POST', url: '/api/documents', payload: { kind: 'document', unitId: city.id, title, summary: 'Tóm tắt nội dung', targetUnitIds: [city.id, ward.id] } });
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
});
