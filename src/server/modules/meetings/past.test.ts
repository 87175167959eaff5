import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call } from '../../testing/factories.ts';
import { makeFinalizedMeeting, makeMeetingWorld, registerBody, registerMeeting } from '../../testing/meetings.factories.ts';
import { meetingTasks } from '../../db/schema.ts';

type World = Awaited<ReturnType<typeof makeMeetingWorld>>;
interface Mine {
  items: Array<{ id: string; status: string }>;
  past: Array<{ id: string; status: string; attendance: string | null; myTasks: number; rsvp: string }>;
}

describe.each(ENGINES)('a member’s coming and past meetings on %s', (engine) => {
  let t: TestApp;
  let w: World;
  let finalized: string;
  let ended: string;
  let next: string;
  const mine = async (cookie: string) => (await call(t.app, cookie, { method: 'GET', url: '/api/meetings/mine' })).json() as Mine;

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2026-02-18T03:00:00Z'));
    w = await makeMeetingWorld(t.database.db, t.config, t.clock.now());
    finalized = await makeFinalizedMeeting(t.database.db, w.cellA, '2026-01-12T12:30:00Z', {
      [w.m1.memberId]: 'present',
      [w.m2.memberId]: 'absent_excused',
    });
    await t.database.db.insert(meetingTasks).values([
      { meetingId: finalized, position: 1, title: 'Thu đảng phí', ownerMemberId: w.m1.memberId, ownerName: w.m1.fullName },
      { meetingId: finalized, position: 2, title: 'Báo cáo', ownerMemberId: w.m2.memberId, ownerName: w.m2.fullName },
    ]);
    // February's meeting: held this morning and over, not finalized yet; March's is to come.
    ended = await registerMeeting(t.app, w.secretary.cookie, registerBody(w.cellA.id, '2026-02-20T01:00:00Z'));
    next = await registerMeeting(t.app, w.secretary.cookie, registerBody(w.cellA.id, '2026-03-10T12:30:00Z'));
  });
  afterAll(async () => t?.close());

  it('lists a finalized meeting under past, not under coming, with my attendance and tasks', async () => {
    const m = await mine(w.m1.cookie);
    expect(m.items.map((x) => x.id)).toEqual([ended, next]);
    expect(m.past).toEqual([expect.objectContaining({ id: finalized, status: 'finalized', attendance: 'present', myTasks: 1 })]);
    expect((await mine(w.m2.cookie)).past[0]).toMatchObject({ attendance: 'absent_excused', myTasks: 1 });
  });

  it('moves a meeting to past an hour after it ended, before the secretary finalizes it', async () => {
    t.clock.set(new Date('2026-02-20T05:30:00Z')); // 2 h 30 after its planned end
    const m = await mine(w.m1.cookie);
    expect(m.items.map((x) => x.id)).toEqual([next]);
    expect(m.past.map((x) => [x.id, x.status])).toEqual([
      [ended, 'scheduled'],
      [finalized, 'finalized'],
    ]);
  });

  it('shows no meetings of other cells', async () => {
    const b = await mine(w.secretaryB.cookie);
    expect(b.items).toEqual([]);
    expect(b.past).toEqual([]);
  });
});
