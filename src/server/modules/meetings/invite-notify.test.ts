import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call } from '../../testing/factories.ts';
import { makeMeetingWorld, makePerson, registerBody, registerMeeting } from '../../testing/meetings.factories.ts';
import { notifications } from '../../db/schema.ts';

describe.each(ENGINES)('meeting invitations as notifications on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2026-03-02T02:00:00Z'));
  });
  afterAll(async () => t.close());

  it('tells every invited member once, not the exempted, and later only newcomers', async () => {
    const db = t.database.db;
    const w = await makeMeetingWorld(db, t.config, t.clock.now());
    const id = await registerMeeting(t.app, w.secretary.cookie, registerBody(w.cellA.id, '2026-03-10T12:00:00.000Z'));
    const invited = (userId: string) =>
      db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, userId), eq(notifications.kind, 'meeting_invitation')));
    expect((await call(t.app, w.secretary.cookie, { method: 'POST', url: `/api/meetings/${id}/invite` })).statusCode).toBe(200);
    for (const p of [w.m1, w.m2, w.m3]) {
      const mine = await invited(p.userId);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ link: `/sinh-hoat/${id}` });
      expect(mine[0]!.title).toMatch(/Giấy mời sinh hoạt chi bộ lúc .*10\/03\/2026/);
    }
    expect(await invited(w.exempted.userId)).toHaveLength(0);
    expect(await invited(w.secretaryB.userId)).toHaveLength(0);

    const newcomer = await makePerson(db, t.config, w.cellA, { fullName: 'Vũ Văn Mới', now: t.clock.now() });
    expect((await call(t.app, w.secretary.cookie, { method: 'POST', url: `/api/meetings/${id}/invite` })).statusCode).toBe(200);
    expect(await invited(newcomer.userId)).toHaveLength(1);
    expect(await invited(w.m1.userId)).toHaveLength(1);
  });
});
