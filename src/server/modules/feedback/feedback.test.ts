import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call, makeMember, makeUnit, makeUser, sessionCookie } from '../../testing/factories.ts';
import { auditLog, notifications } from '../../db/schema.ts';

describe.each(ENGINES)('questions, suggestions and notices on %s', (engine) => {
  let t: TestApp;
  const u: Record<string, Awaited<ReturnType<typeof makeUnit>>> = {};
  const c: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2026-03-02T08:00:00Z'));
    const db = t.database.db;
    u.district = await makeUnit(db, { type: 'upper_level', name: 'Đảng bộ quận Ba' });
    u.ward = await makeUnit(db, { parent: u.district, type: 'grassroots', name: 'Đảng bộ phường Một' });
    u.cell = await makeUnit(db, { parent: u.ward, type: 'cell', name: 'Chi bộ khu phố 1' });
    u.otherCell = await makeUnit(db, { parent: u.ward, type: 'cell', name: 'Chi bộ khu phố 2' });
    const { member } = await makeMember(db, { cell: u.cell });
    const asker = await makeUser(db, { memberId: member.id, displayName: 'Trần Văn Hỏi' });
    ids.asker = asker.id;
    const { member: m2 } = await makeMember(db, { cell: u.otherCell });
    const reader = await makeUser(db, { memberId: m2.id });
    ids.reader = reader.id;
    const secretary = await makeUser(db, { roles: [{ role: 'cell_secretary', unit: u.cell }] });
    const otherSecretary = await makeUser(db, { roles: [{ role: 'cell_secretary', unit: u.otherCell }] });
    const committee = await makeUser(db, { roles: [{ role: 'committee_member', unit: u.ward }] });
    for (const [k, user] of Object.entries({ asker, reader, secretary, otherSecretary, committee }))
      c[k] = await sessionCookie(db, t.config, user.id, t.clock.now());
  });
  afterAll(async () => t?.close());

  const send = (target: string, clientId: string) =>
    call(t.app, c.asker, {
      method: 'POST',
      url: '/api/feedback',
      payload: {
        clientId,
        targetUnitId: target,
        kind: 'question',
        subject: 'Mức đóng đảng phí',
        body: 'Đảng viên hưu trí đóng bao nhiêu?',
      },
    });

  it('offers the cell and the units above it, and refuses any other target', async () => {
    const targets = (await call(t.app, c.asker, { method: 'GET', url: '/api/feedback/targets' })).json() as {
      items: Array<{ name: string }>;
    };
    expect(targets.items.map((i) => i.name).slice(0, 3)).toEqual(['Chi bộ khu phố 1', 'Đảng bộ phường Một', 'Đảng bộ quận Ba']);
    expect(targets.items).toHaveLength(4); // the factory's province above the district
    expect((await send(u.otherCell!.id, '7d4a8b52-6f0a-4f7e-9d59-000000000001')).statusCode).toBe(404);
    // Staff without a member record cannot ask.
    const staff = await call(t.app, c.secretary, { method: 'GET', url: '/api/feedback/targets' });
    expect(staff.statusCode).toBe(403);
  });

  it('stores a question once even when the offline queue sends it twice', async () => {
    const first = await send(u.cell!.id, '7d4a8b52-6f0a-4f7e-9d59-000000000002');
    expect(first.statusCode).toBe(200);
    const again = await send(u.cell!.id, '7d4a8b52-6f0a-4f7e-9d59-000000000002');
    expect(again.json()).toEqual({ id: (first.json() as { id: string }).id, duplicate: true });
    ids.item = (first.json() as { id: string }).id;
    const mine = (await call(t.app, c.asker, { method: 'GET', url: '/api/feedback/mine' })).json() as {
      items: Array<{ status: string }>;
    };
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]!.status).toBe('open');
  });

  it('shows the item to staff of the holding unit and above, not to a sibling cell', async () => {
    expect((await call(t.app, c.otherSecretary, { method: 'GET', url: `/api/feedback/${ids.item}` })).statusCode).toBe(404);
    expect(
      ((await call(t.app, c.otherSecretary, { method: 'GET', url: '/api/feedback/inbox' })).json() as { items: unknown[] }).items,
    ).toHaveLength(0);
    const inbox = (await call(t.app, c.committee, { method: 'GET', url: '/api/feedback/inbox' })).json() as {
      items: Array<{ id: string; authorName: string }>;
    };
    expect(inbox.items.map((i) => i.id)).toEqual([ids.item]);
    t.clock.advance(50 * 3600_000);
    const waiting = (await call(t.app, c.committee, { method: 'GET', url: '/api/feedback/waiting' })).json() as {
      items: Array<{ unitName: string; waiting: number; oldestWaitHours: number }>;
    };
    expect(waiting.items).toEqual([expect.objectContaining({ unitName: 'Chi bộ khu phố 1', waiting: 1, oldestWaitHours: 50 })]);
  });

  it('forwards up (only to an ancestor), then the ward answers and the member is notified', async () => {
    const bad = await call(t.app, c.secretary, {
      method: 'POST',
      url: `/api/feedback/${ids.item}/forward`,
      payload: { toUnitId: u.otherCell!.id },
    });
    expect(bad.statusCode).toBe(400);
    const fwd = await call(t.app, c.secretary, {
      method: 'POST',
      url: `/api/feedback/${ids.item}/forward`,
      payload: { toUnitId: u.ward!.id, note: 'Xin ý kiến Đảng ủy phường' },
    });
    expect(fwd.statusCode).toBe(200);
    expect(fwd.json()).toMatchObject({ status: 'forwarded', unitName: 'Đảng bộ phường Một' });
    // The cell no longer holds it.
    expect(
      (await call(t.app, c.secretary, { method: 'POST', url: `/api/feedback/${ids.item}/reply`, payload: { body: 'x' } }))
        .statusCode,
    ).toBe(404);

    const answered = await call(t.app, c.committee, {
      method: 'POST',
      url: `/api/feedback/${ids.item}/reply`,
      payload: { body: 'Theo Quy định 01-QĐ/TW: 0,5% lương hưu.' },
    });
    expect(answered.statusCode).toBe(200);
    const seen = (await call(t.app, c.asker, { method: 'GET', url: `/api/feedback/${ids.item}` })).json() as {
      status: string;
      events: Array<{ kind: string; body: string }>;
    };
    expect(seen.status).toBe('answered');
    expect(seen.events.map((e) => e.kind)).toEqual(['sent', 'forward', 'reply']);
    const notes = await t.database.db.select().from(notifications).where(eq(notifications.userId, ids.asker!));
    expect(notes.map((n) => n.kind)).toEqual(['question_reply']);
    expect(notes[0]!.link).toBe(`/hoi-dap/${ids.item}`);
    expect(
      (await t.database.db.select().from(auditLog).where(eq(auditLog.targetId, ids.item!))).map((a) => a.action).sort(),
    ).toEqual(['feedback.forward', 'feedback.reply', 'feedback.send']);

    const closed = await call(t.app, c.committee, { method: 'POST', url: `/api/feedback/${ids.item}/close`, payload: {} });
    expect(closed.json()).toMatchObject({ status: 'closed' });
    expect(
      (await call(t.app, c.committee, { method: 'POST', url: `/api/feedback/${ids.item}/reply`, payload: { body: 'nữa' } }))
        .statusCode,
    ).toBe(409);
  });

  it('sends a ward notice to every member below with read counts', async () => {
    const sent = await call(t.app, c.committee, {
      method: 'POST',
      url: '/api/notices',
      payload: { unitId: u.ward!.id, title: 'Lịch tiếp xúc cử tri', body: 'Thứ Bảy 8 giờ tại hội trường phường.' },
    });
    expect(sent.statusCode).toBe(200);
    const { id, recipients } = sent.json() as { id: string; recipients: number };
    expect(recipients).toBe(2);
    // A cell secretary cannot address the ward.
    expect(
      (
        await call(t.app, c.secretary, {
          method: 'POST',
          url: '/api/notices',
          payload: { unitId: u.ward!.id, title: 'x', body: 'y' },
        })
      ).statusCode,
    ).toBe(404);

    const list = (await call(t.app, c.reader, { method: 'GET', url: '/api/notices' })).json() as {
      items: Array<{ id: string; readAt: string | null }>;
    };
    expect(list.items).toEqual([expect.objectContaining({ id, readAt: null })]);
    expect((await call(t.app, c.reader, { method: 'GET', url: `/api/notices/${id}` })).json()).toMatchObject({
      title: 'Lịch tiếp xúc cử tri',
    });
    await call(t.app, c.reader, { method: 'GET', url: `/api/notices/${id}` });
    const stats = (await call(t.app, c.committee, { method: 'GET', url: '/api/notices/sent' })).json() as {
      items: Array<{ readCount: number; recipientCount: number }>;
    };
    expect(stats.items[0]).toMatchObject({ readCount: 1, recipientCount: 2 });
    // The sibling cell's secretary sees nothing of the ward's notices.
    expect(
      ((await call(t.app, c.otherSecretary, { method: 'GET', url: '/api/notices/sent' })).json() as { items: unknown[] }).items,
    ).toHaveLength(0);
  });
});
