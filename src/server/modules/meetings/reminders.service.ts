/**
 * Meeting reminders through the job table. A recurring scan (every 15 minutes, one job per slot,
 * see jobs/recurring.ts) looks at the meetings' state and enqueues one `meetings.reminder` job per
 * reminder that is due, keyed per meeting/cell and kind: the jobs table's unique dedupe key makes
 * each reminder exist once, whatever the number of app processes or scans. The reminder job
 * re-checks the state, sends through notify() (preferences, in-app centre, web push) and marks
 * itself done in the same transaction, so a crash after the send cannot send it again.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../../db/client.ts';
import type { NotificationKind } from '../../db/schema.ts';
import type { JobContext } from '../../jobs/handlers.ts';
import { PermanentJobError, type ClaimedJob } from '../../jobs/queue.ts';
import { notify } from '../notifications/notify.ts';
import { deadlineDay } from './settings.ts';
import { FINAL_POST_WINDOW_MS, MATERIALS_LEAD_MS } from '../../../common/meetings/time.ts';
import {
  MEMBER_REMIND_BEFORE_MS,
  REMINDER_KINDS,
  REMINDER_STALE_AFTER_MS,
  registrationReminderDue,
  type ReminderKind,
} from '../../../common/meetings/reminders.ts';
import { vnDateText, vnDateTimeText } from '../../../common/time/vietnam.ts';

export const MEETING_REMINDER_SCAN = 'meetings.reminders.scan';
export const MEETING_REMINDER = 'meetings.reminder';
export const REMINDER_SCAN_EVERY_MS = 15 * 60_000;

const NOTIFICATION_KIND: Record<ReminderKind, NotificationKind> = {
  registration_deadline: 'secretary_registration_deadline',
  materials_missing: 'secretary_materials_late',
  final_docs_missing: 'secretary_final_docs_late',
  member_day_before: 'meeting_reminder',
};

const iso = (d: Date) => d.toISOString();
/** Part of a key that changes when the meeting is moved, so a moved meeting is reminded again. */
const startKey = sql`to_char(m.starts_at AT TIME ZONE 'UTC', 'YYYYMMDD"T"HH24MI')`;

/**
 * Enqueues every reminder due at `now` that was never enqueued. Each statement skips keys already
 * in the table (no wasted sequence values on every scan) and ON CONFLICT covers two scans racing.
 */
export async function scanReminders(db: DbOrTx, now: Date): Promise<number> {
  let queued = 0;
  const insert = async (select: ReturnType<typeof sql>) => {
    const res = await db.execute(sql`
      INSERT INTO jobs (kind, payload, run_at, max_attempts, dedupe_key)
      SELECT ${MEETING_REMINDER}, c.payload, ${iso(now)}::timestamptz, 6, c.key
      FROM (${select}) c
      WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE j.dedupe_key = c.key)
      ON CONFLICT DO NOTHING
      RETURNING id`);
    queued += rowsOf(res).length;
  };

  // Members: the day before the meeting, once the invitations went out (not when the invitation
  // itself came within that last day: it was the reminder).
  await insert(sql`
    SELECT 'meetings.reminder:member_day_before:' || m.id || ':' || ${startKey} AS key,
           jsonb_build_object('reminder', 'member_day_before', 'meetingId', m.id, 'startsAt', m.starts_at) AS payload
    FROM meetings m
    WHERE m.status = 'scheduled' AND m.invited_at IS NOT NULL
      AND m.starts_at > ${iso(now)}::timestamptz AND m.starts_at <= ${iso(new Date(now.getTime() + MEMBER_REMIND_BEFORE_MS))}::timestamptz
      AND m.invited_at < m.starts_at - interval '1 day'`);

  // Secretary: materials still not posted when only 1 day is left before the start.
  await insert(sql`
    SELECT 'meetings.reminder:materials_missing:' || m.id || ':' || ${startKey} AS key,
           jsonb_build_object('reminder', 'materials_missing', 'meetingId', m.id, 'startsAt', m.starts_at) AS payload
    FROM meetings m
    WHERE m.status = 'scheduled' AND m.materials_posted_at IS NULL
      AND m.starts_at > ${iso(now)}::timestamptz AND m.starts_at <= ${iso(new Date(now.getTime() + MATERIALS_LEAD_MS))}::timestamptz`);

  // Secretary: final documents not posted 2 days after the meeting ended (stale ones are skipped).
  const finalDue = now.getTime() - FINAL_POST_WINDOW_MS;
  await insert(sql`
    SELECT 'meetings.reminder:final_docs_missing:' || m.id AS key,
           jsonb_build_object('reminder', 'final_docs_missing', 'meetingId', m.id) AS payload
    FROM meetings m
    WHERE m.status = 'scheduled' AND m.final_posted_at IS NULL
      AND coalesce(m.actual_end_at, m.planned_end_at) <= ${iso(new Date(finalDue))}::timestamptz
      AND coalesce(m.actual_end_at, m.planned_end_at) > ${iso(new Date(finalDue - REMINDER_STALE_AFTER_MS))}::timestamptz`);

  // Secretary: next month not registered yet, 3 days before the configured deadline.
  const due = registrationReminderDue(now, await deadlineDay(db));
  if (due) {
    await insert(sql`
      SELECT 'meetings.reminder:registration_deadline:' || c.id || ':' || ${due.month} AS key,
             jsonb_build_object('reminder', 'registration_deadline', 'cellId', c.id, 'month', ${due.month}::text) AS payload
      FROM units c
      WHERE c.type IN ('cell', 'grassroots_cell') AND c.status = 'active'
        AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.cell_id = c.id AND m.month = ${due.month})
        AND EXISTS (SELECT 1 FROM role_assignments r WHERE r.unit_id = c.id AND r.role IN ('cell_secretary', 'cell_deputy'))`);
  }
  return queued;
}

export async function scanRemindersJob(ctx: JobContext): Promise<void> {
  const now = ctx.clock.now();
  await scanReminders(ctx.db, now);
  // The scan's own finished slots are of no further use (a past slot is never enqueued again).
  await ctx.db.execute(
    sql`DELETE FROM jobs WHERE kind = ${MEETING_REMINDER_SCAN} AND status = 'done' AND run_at < ${iso(new Date(now.getTime() - 2 * 86_400_000))}::timestamptz`,
  );
}

interface ReminderPayload {
  reminder: ReminderKind;
  meetingId?: string;
  cellId?: string;
  month?: string;
  startsAt?: string;
}

interface MeetingState {
  id: string;
  cell_id: string;
  cell_name: string;
  topic: string;
  status: string;
  starts_at: string | Date;
  invited_at: string | Date | null;
  materials_posted_at: string | Date | null;
  final_posted_at: string | Date | null;
}

async function secretariesOf(tx: DbOrTx, cellId: string): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(
    await tx.execute(
      sql`SELECT DISTINCT r.user_id AS id FROM role_assignments r WHERE r.unit_id = ${cellId} AND r.role IN ('cell_secretary', 'cell_deputy')`,
    ),
  );
  return rows.map((r) => r.id);
}

function parsePayload(p: Record<string, unknown>): ReminderPayload {
  const reminder = p.reminder;
  if (typeof reminder !== 'string' || !(REMINDER_KINDS as readonly string[]).includes(reminder))
    throw new PermanentJobError('bad reminder payload');
  const str = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : undefined);
  return {
    reminder: reminder as ReminderKind,
    meetingId: str('meetingId'),
    cellId: str('cellId'),
    month: str('month'),
    startsAt: str('startsAt'),
  };
}

/** What to send for a reminder, or null when the state changed and nothing is due any more. */
async function composeReminder(
  tx: DbOrTx,
  p: ReminderPayload,
  now: Date,
): Promise<{ userIds: string[]; title: string; body: string; link: string } | null> {
  if (p.reminder === 'registration_deadline') {
    if (!p.cellId || !p.month) throw new PermanentJobError('bad reminder payload');
    const [cell] = rowsOf<{ name: string; registered: boolean }>(
      await tx.execute(sql`
        SELECT c.name, EXISTS (SELECT 1 FROM meetings m WHERE m.cell_id = c.id AND m.month = ${p.month}) AS registered
        FROM units c WHERE c.id = ${p.cellId} AND c.status = 'active'`),
    );
    if (!cell || cell.registered) return null;
    const due = registrationReminderDue(now, await deadlineDay(tx));
    const month = `${p.month.slice(5)}/${p.month.slice(0, 4)}`;
    return {
      userIds: await secretariesOf(tx, p.cellId),
      title: `Sắp hết hạn đăng ký lịch sinh hoạt tháng ${month}`,
      body: `${cell.name} chưa đăng ký lịch sinh hoạt tháng ${month}.${due && due.month === p.month ? ` Hạn đăng ký: ${vnDateText(due.deadline)}.` : ''}`,
      link: '/sinh-hoat/dang-ky',
    };
  }
  if (!p.meetingId) throw new PermanentJobError('bad reminder payload');
  const [m] = rowsOf<MeetingState>(
    await tx.execute(sql`
      SELECT m.id, m.cell_id, c.name AS cell_name, m.topic, m.status, m.starts_at, m.invited_at, m.materials_posted_at, m.final_posted_at
      FROM meetings m JOIN units c ON c.id = m.cell_id WHERE m.id = ${p.meetingId}`),
  );
  if (!m || m.status !== 'scheduled') return null;
  const startsAt = new Date(m.starts_at);
  // Moved since the scan: the next scan enqueues the reminder for the new time.
  if (p.startsAt && new Date(p.startsAt).getTime() !== startsAt.getTime()) return null;
  const link = `/sinh-hoat/${m.id}`;
  if (p.reminder === 'materials_missing') {
    if (m.materials_posted_at) return null;
    return {
      userIds: await secretariesOf(tx, m.cell_id),
      title: 'Chưa đăng tài liệu sinh hoạt chi bộ',
      body: `${m.cell_name}: buổi sinh hoạt lúc ${vnDateTimeText(startsAt)} chưa có tài liệu. Tài liệu cần đăng trước ít nhất 1 ngày.`,
      link,
    };
  }
  if (p.reminder === 'final_docs_missing') {
    if (m.final_posted_at) return null;
    return {
      userIds: await secretariesOf(tx, m.cell_id),
      title: 'Chưa hoàn tất nghị quyết, biên bản',
      body: `${m.cell_name}: buổi sinh hoạt lúc ${vnDateTimeText(startsAt)} đã qua 2 ngày mà chưa đăng nghị quyết và biên bản.`,
      link,
    };
  }
  if (!m.invited_at) return null;
  const invitees = rowsOf<{ id: string }>(
    await tx.execute(sql`
      SELECT u.id FROM meeting_invitations i JOIN users u ON u.member_id = i.member_id
      WHERE i.meeting_id = ${m.id} AND i.rsvp <> 'absent'`),
  );
  return {
    userIds: invitees.map((r) => r.id),
    title: `Nhắc lịch: sinh hoạt chi bộ lúc ${vnDateTimeText(startsAt)}`,
    body: m.topic,
    link,
  };
}

export async function sendReminderJob(ctx: JobContext, job: ClaimedJob): Promise<void> {
  const payload = parsePayload(job.payload);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    // Claim the send: the row lock makes a second worker holding the same job (an expired lease)
    // wait here and then find it done; the send and the "done" commit together.
    const mine = await tx.execute(
      sql`UPDATE jobs SET status = 'done', finished_at = ${iso(now)}::timestamptz, locked_until = NULL WHERE id = ${job.id} AND status = 'running' RETURNING id`,
    );
    if (rowsOf(mine).length === 0) return;
    const msg = await composeReminder(tx, payload, now);
    if (!msg || msg.userIds.length === 0) return;
    await notify(tx, {
      userIds: msg.userIds,
      kind: NOTIFICATION_KIND[payload.reminder],
      title: msg.title,
      body: msg.body,
      link: msg.link,
      at: now,
    });
  });
}
