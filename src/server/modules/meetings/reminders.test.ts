import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call } from '../../testing/factories.ts';
import { makeFinalizedMeeting, makeMeetingWorld, registerBody, registerMeeting } from '../../testing/meetings.factories.ts';
import { jobs, meetingInvitations, meetings, notifications, type NotificationKind } from '../../db/schema.ts';
import { openDatabase, type Db } from '../../db/client.ts';
import { runDueJobs } from '../../jobs/worker.ts';
import { claimJobs, LEASE_MS } from '../../jobs/queue.ts';
import { scheduleRecurring } from '../../jobs/recurring.ts';
import { MEETING_REMINDER, MEETING_REMINDER_SCAN, scanRemindersJob } from './reminders.service.ts';

const MIN = 60_000;

describe.each(ENGINES)('meeting reminders from the job table on %s', (engine) => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof makeMeetingWorld>>;
  let meetingA: string;
  // The "second app process": its own connection pool.
  let otherDb: Db;
  let closeOther = async () => {};
  const S = new Date('2026-03-10T12:00:00.000Z');
  const E = new Date(S.getTime() + 120 * MIN);

  /** One worker poll of a process: ensure the recurring slot, then run due jobs until none is left. */
  const tick = async (db: Db, workerId: string, seen = new Map<string, number>()) => {
    await scheduleRecurring(db, t.clock.now(), seen);
    while ((await runDueJobs({ db, config: t.config, clock: t.clock }, { workerId })) > 0);
  };
  const count = async (userId: string, kind: NotificationKind) =>
    (
      await t.database.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)))
    ).length;

  // A fresh database, app and meeting for each test: no test depends on the clock or the job table
  // another one left (each copies the migrated template, a fraction of a second).
  beforeEach(async () => {
    t = await createTestApp(engine, new Date('2026-03-02T02:00:00Z'));
    w = await makeMeetingWorld(t.database.db, t.config, t.clock.now());
    const other = await openDatabase({ databaseUrl: t.database.url, poolSize: 3 });
    otherDb = other.db;
    closeOther = () => other.close();
    meetingA = await registerMeeting(t.app, w.secretary.cookie, registerBody(w.cellA.id, S.toISOString()));
    expect((await call(t.app, w.secretary.cookie, { method: 'POST', url: `/api/meetings/${meetingA}/invite` })).statusCode).toBe(
      200,
    );
    expect(
      (
        await call(t.app, w.m2.cookie, {
          method: 'POST',
          url: `/api/meetings/${meetingA}/rsvp`,
          payload: { answer: 'absent', reason: 'Đi công tác' },
        })
      ).statusCode,
    ).toBe(200);
    // m3 turned meeting reminders off: the preference applies to reminders too.
    expect(
      (
        await call(t.app, w.m3.cookie, {
          method: 'PUT',
          url: '/api/notifications/preferences',
          payload: { kind: 'meeting_reminder', enabled: false },
        })
      ).statusCode,
    ).toBe(200);
    // Cell B's meeting at the same time is finalized: invited, nothing posted, yet no reminder may go out for it.
    const b = await makeFinalizedMeeting(t.database.db, w.cellB, S.toISOString(), { [w.secretaryB.memberId]: 'present' });
    await t.database.db.update(meetings).set({ invitedAt: t.clock.now(), finalPostedAt: null }).where(eq(meetings.id, b));
  });
  afterEach(async () => {
    await closeOther();
    await t.close();
  });

  it('reminds invited members and the secretary (materials) 1 day before, not earlier, once', async () => {
    t.clock.set(new Date(S.getTime() - 24 * 60 * MIN - MIN));
    await tick(t.database.db, 'a');
    expect(await count(w.m1.userId, 'meeting_reminder')).toBe(0);
    expect(await count(w.secretary.userId, 'secretary_materials_late')).toBe(0);

    t.clock.set(new Date(S.getTime() - 24 * 60 * MIN + MIN));
    await tick(t.database.db, 'a');
    expect(await count(w.m1.userId, 'meeting_reminder')).toBe(1);
    expect(await count(w.secretary.userId, 'meeting_reminder')).toBe(1);
    expect(await count(w.m2.userId, 'meeting_reminder')).toBe(0); // answered "absent"
    expect(await count(w.m3.userId, 'meeting_reminder')).toBe(0); // turned the kind off
    expect(await count(w.exempted.userId, 'meeting_reminder')).toBe(0); // not invited
    expect(await count(w.secretary.userId, 'secretary_materials_late')).toBe(1);
    expect(await count(w.secretaryB.userId, 'meeting_reminder')).toBe(0);
    expect(await count(w.secretaryB.userId, 'secretary_materials_late')).toBe(0);
    const [n] = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, w.m1.userId), eq(notifications.kind, 'meeting_reminder')));
    expect(n).toMatchObject({ link: `/sinh-hoat/${meetingA}` });
    expect(n!.title).toContain('10/03/2026');

    // Later scans, from this process and from another one started fresh, send nothing again.
    for (const minutes of [15, 30, 45]) {
      t.clock.set(new Date(S.getTime() - 24 * 60 * MIN + minutes * MIN));
      await Promise.all([tick(t.database.db, 'a'), tick(otherDb, 'b')]);
    }
    expect(await count(w.m1.userId, 'meeting_reminder')).toBe(1);
    expect(await count(w.secretary.userId, 'secretary_materials_late')).toBe(1);
    const keys = await t.database.db.select({ key: jobs.dedupeKey }).from(jobs).where(eq(jobs.kind, MEETING_REMINDER));
    expect(keys.map((k) => k.key).sort()).toEqual([
      `meetings.reminder:materials_missing:${meetingA}:20260310T1200`,
      `meetings.reminder:member_day_before:${meetingA}:20260310T1200`,
    ]);
  });

  it('reminds the secretary when the final documents are missing 2 days after the meeting, not before, once', async () => {
    t.clock.set(new Date(E.getTime() + 48 * 60 * MIN - MIN));
    await tick(t.database.db, 'a');
    expect(await count(w.secretary.userId, 'secretary_final_docs_late')).toBe(0);
    t.clock.set(new Date(E.getTime() + 48 * 60 * MIN + MIN));
    await tick(t.database.db, 'a');
    expect(await count(w.secretary.userId, 'secretary_final_docs_late')).toBe(1);
    t.clock.advance(6 * 60 * MIN);
    await Promise.all([tick(t.database.db, 'a'), tick(otherDb, 'b')]);
    expect(await count(w.secretary.userId, 'secretary_final_docs_late')).toBe(1);
    expect(await count(w.secretaryB.userId, 'secretary_final_docs_late')).toBe(0); // finalized
  });

  it('reminds secretaries of unregistered cells 3 days before the deadline; the job survives a crashed process', async () => {
    // Cell B registers April in time; cell A does not; cell C has no secretary to tell.
    await registerMeeting(t.app, w.secretaryB.cookie, registerBody(w.cellB.id, '2026-04-08T12:00:00.000Z'));
    // Default deadline: the 25th, 23:59 Vietnam time = 16:59 UTC; the window opens 3 days earlier.
    t.clock.set('2026-03-22T16:50:00.000Z');
    await tick(t.database.db, 'a');
    expect(await count(w.secretary.userId, 'secretary_registration_deadline')).toBe(0);

    // Process A runs the scan, claims the reminder and dies before sending it.
    t.clock.set('2026-03-22T17:01:00.000Z');
    await scheduleRecurring(t.database.db, t.clock.now());
    const scanOnly = { [MEETING_REMINDER_SCAN]: scanRemindersJob };
    expect(await runDueJobs({ db: t.database.db, config: t.config, clock: t.clock }, { workerId: 'a', handlers: scanOnly })).toBe(
      1,
    );
    const claimed = await claimJobs(t.database.db, 'a', t.clock.now(), 10);
    expect(claimed.map((j) => j.payload)).toEqual([{ reminder: 'registration_deadline', cellId: w.cellA.id, month: '2026-04' }]);
    expect(await count(w.secretary.userId, 'secretary_registration_deadline')).toBe(0);

    // Process B (fresh start, other connection) takes the job over once the lease expires, and sends it once.
    await tick(otherDb, 'b');
    expect(await count(w.secretary.userId, 'secretary_registration_deadline')).toBe(0);
    t.clock.advance(LEASE_MS + MIN);
    await tick(otherDb, 'b');
    expect(await count(w.secretary.userId, 'secretary_registration_deadline')).toBe(1);
    const [n] = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, w.secretary.userId), eq(notifications.kind, 'secretary_registration_deadline')));
    expect(n!.title).toBe('Sắp hết hạn đăng ký lịch sinh hoạt tháng 04/2026');
    expect(n!.body).toContain('25/03/2026');

    t.clock.set('2026-03-24T09:00:00.000Z');
    await Promise.all([tick(t.database.db, 'a'), tick(otherDb, 'b')]);
    expect(await count(w.secretary.userId, 'secretary_registration_deadline')).toBe(1);
    expect(await count(w.secretaryB.userId, 'secretary_registration_deadline')).toBe(0);
    const stuck = await t.database.db
      .select()
      .from(jobs)
      .where(sql`${jobs.status} <> 'done'`);
    expect(stuck).toEqual([]);
  });

  it('keeps one scan job per 15-minute slot whatever the number of processes', async () => {
    t.clock.set('2026-03-24T10:07:00.000Z');
    await Promise.all([
      scheduleRecurring(t.database.db, t.clock.now()),
      scheduleRecurring(otherDb, t.clock.now()),
      scheduleRecurring(otherDb, t.clock.now()),
    ]);
    const slots = await t.database.db
      .select()
      .from(jobs)
      .where(eq(jobs.dedupeKey, `recurring:${MEETING_REMINDER_SCAN}:2026-03-24T10:00:00.000Z`));
    expect(slots).toHaveLength(1);
    expect(slots[0]!.runAt.toISOString()).toBe('2026-03-24T10:00:00.000Z');
    // Invitations were not touched by reminders.
    expect((await t.database.db.select().from(meetingInvitations).where(eq(meetingInvitations.meetingId, meetingA))).length).toBe(
      4,
    );
  });
});
