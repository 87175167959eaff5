/**
 * During the meeting: the rotating QR, members' self check-in and the secretary's roll call.
 * Every check-in and roll-call change carries a client-generated id; the server applies each id
 * once (meeting_client_ops) and keeps one attendance row per (meeting, member), so changes made
 * offline and replayed later never count a member twice.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import { preparedRows } from '../../db/prepared.ts';
import { meetingAttendance, meetingClientOps, meetingInvitations, meetings, members } from '../../db/schema.ts';
import { AppError, badRequest, notFound } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import { memberCell } from '../../auth/authorize.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import { attendanceRate, checkInOpen, isPresent, type AttendanceStatus } from '../../../common/meetings/rules.ts';
import { CHECK_IN_CLOSES_AFTER_MS, CHECK_IN_OPENS_BEFORE_MS, LATE_AFTER_MS } from '../../../common/meetings/time.ts';
import { load } from '../../auth/policies.ts';
import { requireOpen } from './guards.ts';
import { checkInTime, qrCode, qrKey, secondsLeft, windowOf } from './qr.ts';

export function checkInUrl(ctx: Ctx, meetingId: string, code: string): string {
  return `${ctx.config.publicUrl}/sinh-hoat/${meetingId}/diem-danh?t=${code}`;
}

/** The secretary's QR screen: the current code, its URL as a QR image, and when it changes. */
export async function qrScreen(ctx: Ctx, id: string) {
  const m = await load.meeting(ctx, id, 'meetings.manage');
  requireOpen(m);
  const now = ctx.clock.now();
  const open = checkInOpen(now, m.startsAt, m.plannedEndAt);
  if (!open)
    return {
      open,
      code: null,
      url: null,
      qrSvg: null,
      secondsLeft: 0,
      opensAt: new Date(m.startsAt.getTime() - 30 * 60_000),
      closesAt: new Date(m.plannedEndAt.getTime() + 60 * 60_000),
    };
  const code = qrCode(qrKey(ctx.config), m.id, windowOf(now));
  const url = checkInUrl(ctx, m.id, code);
  const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return {
    open,
    code,
    url,
    qrSvg,
    secondsLeft: secondsLeft(now),
    opensAt: new Date(m.startsAt.getTime() - 30 * 60_000),
    closesAt: new Date(m.plannedEndAt.getTime() + 60 * 60_000),
  };
}

/**
 * A member checks in with the code from the QR (scanned or typed). Kept cheap for the meeting
 * evening rush: ONE statement (named and prepared, so planned once per connection) reads the meeting, checks it is open, records the client id,
 * verifies the invitation and upserts the attendance row; the reasons for a refusal are worked
 * out afterwards from the meeting fields it returns, in the same order as before (unknown or
 * foreign 404, finalized 409, closed 409, bad code 400, not invited 403). The window and the
 * late threshold are the same constants as checkInOpen/checkInStatus, passed in as milliseconds.
 * The attendance row itself (method, time, by whom) is the record of a self check-in, so no
 * separate audit row is written here.
 */
export async function checkIn(ctx: Ctx, id: string, code: string, clientId: string, scannedAt?: Date) {
  const memberId = ctx.actor.memberId;
  // The member role is held only at one's own cell: any other meeting is not theirs to see.
  const cell = memberCell(ctx.actor);
  if (!memberId || !cell) throw notFound();
  // An offline check-in counts at the time it was scanned (the code proves that window), not at arrival.
  const scanned = checkInTime(qrKey(ctx.config), id, code, ctx.clock.now(), scannedAt);
  const codeOk = scanned !== null;
  const now = scanned ?? ctx.clock.now();
  const at = now.toISOString();
  const [row] = await preparedRows<CheckInRow>(
    ctx.db,
    'meeting_check_in',
    sql`
      WITH m AS (
        SELECT id, cell_id, starts_at, planned_end_at, status,
          CASE WHEN ${at}::timestamptz > starts_at + ${ms(LATE_AFTER_MS)} THEN 'late' ELSE 'present' END AS new_status
        FROM ${meetings} WHERE id = ${id}::uuid
      ), ok AS (
        SELECT new_status FROM m
        WHERE ${codeOk}::boolean AND status <> 'finalized' AND cell_id = ANY(${`{${cell.id}}`}::uuid[])
          AND ${at}::timestamptz >= starts_at - ${ms(CHECK_IN_OPENS_BEFORE_MS)}
          AND ${at}::timestamptz <= planned_end_at + ${ms(CHECK_IN_CLOSES_AFTER_MS)}
      ), op AS (
        INSERT INTO ${meetingClientOps} (client_id, meeting_id, at) SELECT ${clientId}::uuid, ${id}::uuid, ${at}::timestamptz FROM ok ON CONFLICT DO NOTHING RETURNING client_id
      ), inv AS (
        SELECT member_id FROM ${meetingInvitations} WHERE meeting_id = ${id}::uuid AND member_id = ${memberId}::uuid AND EXISTS (SELECT 1 FROM ok)
      ), up AS (
        INSERT INTO ${meetingAttendance} (meeting_id, member_id, status, reason, method, checked_in_at, updated_at, updated_by)
        SELECT ${id}::uuid, inv.member_id, ok.new_status, '', 'qr', ${at}::timestamptz, ${at}::timestamptz, ${ctx.actor.userId}::uuid FROM inv, ok WHERE EXISTS (SELECT 1 FROM op)
        ON CONFLICT (meeting_id, member_id) DO UPDATE
          SET status = EXCLUDED.status, reason = '', method = EXCLUDED.method, checked_in_at = EXCLUDED.checked_in_at, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
          WHERE ${meetingAttendance}.status NOT IN ('present', 'late')
        RETURNING status
      )
      SELECT m.cell_id, m.starts_at, m.planned_end_at, m.status AS meeting_status, m.new_status,
        (SELECT count(*) FROM inv)::int AS invited, (SELECT count(*) FROM op)::int AS fresh, (SELECT count(*) FROM up)::int AS applied,
        (SELECT status FROM ${meetingAttendance} WHERE meeting_id = ${id}::uuid AND member_id = ${memberId}::uuid) AS prev
      FROM m`,
  );
  if (!row || row.cell_id !== cell.id) throw notFound();
  if (row.meeting_status === 'finalized')
    throw new AppError(409, 'meetings.finalized', 'Buổi sinh hoạt đã hoàn tất, không điểm danh được nữa.');
  if (!checkInOpen(now, asDate(row.starts_at), asDate(row.planned_end_at)))
    throw new AppError(409, 'meetings.check_in_closed', 'Chỉ điểm danh được trong thời gian diễn ra buổi sinh hoạt.');
  if (!codeOk) {
    throw badRequest('meetings.bad_code', 'Mã điểm danh không đúng hoặc đã hết hạn. Hãy quét lại mã trên màn hình.', [
      { field: 'token', message: 'Mã không đúng hoặc đã hết hạn.' },
    ]);
  }
  if (!row.invited)
    throw new AppError(403, 'meetings.not_invited', 'Bạn không có trong danh sách được mời dự buổi sinh hoạt này.');
  const status = row.new_status;
  const final = row.applied ? status : (row.prev ?? status);
  return { status: final, counted: row.applied > 0, replay: row.fresh === 0 };
}

interface CheckInRow {
  cell_id: string;
  starts_at: string | Date;
  planned_end_at: string | Date;
  meeting_status: string;
  new_status: 'present' | 'late';
  invited: number;
  fresh: number;
  applied: number;
  prev: AttendanceStatus | null;
}

const asDate = (v: string | Date) => (v instanceof Date ? v : new Date(v));
/** A constant duration as an SQL interval literal (no parameter: the planner sees a constant). */
const ms = (n: number) => sql.raw(`interval '${Math.trunc(n)} milliseconds'`);

export interface RollCallChange {
  clientId: string;
  memberId: string;
  status: AttendanceStatus;
  reason: string;
}

/**
 * The secretary marks members by hand, possibly a batch queued while offline. Changes whose client
 * id was applied before are skipped; the others overwrite the member's one attendance row.
 */
export async function rollCall(ctx: Ctx, id: string, changes: RollCallChange[]) {
  const m = await load.meeting(ctx, id, 'meetings.manage');
  requireOpen(m);
  const invited = new Set(
    (
      await ctx.db
        .select({ memberId: meetingInvitations.memberId })
        .from(meetingInvitations)
        .where(eq(meetingInvitations.meetingId, id))
    ).map((r) => r.memberId),
  );
  for (const c of changes) {
    if (!invited.has(c.memberId))
      throw badRequest('meetings.not_invited_member', 'Đảng viên không thuộc danh sách điểm danh của buổi sinh hoạt.', [
        { field: 'changes', message: 'Đảng viên không hợp lệ.' },
      ]);
    if (c.status === 'absent_excused' && !c.reason.trim())
      throw badRequest('meetings.reason_required', 'Vắng có lý do cần ghi lý do.', [
        { field: 'reason', message: 'Cần có lý do vắng mặt.' },
      ]);
  }
  const now = ctx.clock.now();
  let applied = 0;
  await ctx.db.transaction(async (tx) => {
    const audit: Record<string, { old: unknown; new: unknown }> = {};
    for (const c of changes) {
      const fresh = await tx
        .insert(meetingClientOps)
        .values({ clientId: c.clientId, meetingId: id, at: now })
        .onConflictDoNothing()
        .returning({ id: meetingClientOps.clientId });
      if (!fresh.length) continue;
      const reason = c.status.startsWith('absent') ? c.reason.trim() : '';
      await tx
        .insert(meetingAttendance)
        .values({
          meetingId: id,
          memberId: c.memberId,
          status: c.status,
          reason,
          method: 'manual',
          checkedInAt: isPresent(c.status) ? now : null,
          updatedAt: now,
          updatedBy: ctx.actor.userId,
        })
        .onConflictDoUpdate({
          target: [meetingAttendance.meetingId, meetingAttendance.memberId],
          set: {
            status: c.status,
            reason,
            method: 'manual',
            checkedInAt: isPresent(c.status) ? sql`coalesce(${meetingAttendance.checkedInAt}, ${now.toISOString()})` : null,
            updatedAt: now,
            updatedBy: ctx.actor.userId,
          },
        });
      audit[c.memberId] = { old: null, new: c.status };
      applied++;
    }
    if (applied)
      await recordAudit(tx, sourceOf(ctx), {
        action: 'meetings.roll_call',
        targetType: 'meeting',
        targetId: id,
        unitId: m.cellId,
        unitPath: m.cellPath,
        changes: audit,
      });
  });
  return { applied, skipped: changes.length - applied, ...(await attendanceList(ctx, id)) };
}

/** Invited members with their roll-call status (null: not marked yet) and the counts. */
export async function attendanceList(ctx: Ctx, id: string) {
  await load.meeting(ctx, id, 'meetings.manage');
  const items = await ctx.db
    .select({
      memberId: meetingInvitations.memberId,
      fullName: members.fullName,
      rsvp: meetingInvitations.rsvp,
      rsvpReason: meetingInvitations.rsvpReason,
      status: meetingAttendance.status,
      reason: meetingAttendance.reason,
      method: meetingAttendance.method,
      checkedInAt: meetingAttendance.checkedInAt,
    })
    .from(meetingInvitations)
    .innerJoin(members, eq(members.id, meetingInvitations.memberId))
    .leftJoin(
      meetingAttendance,
      and(
        eq(meetingAttendance.meetingId, meetingInvitations.meetingId),
        eq(meetingAttendance.memberId, meetingInvitations.memberId),
      ),
    )
    .where(eq(meetingInvitations.meetingId, id))
    .orderBy(asc(members.nameSearch));
  return { items, counts: countsOf(items.map((i) => i.status)) };
}

export function countsOf(statuses: Array<AttendanceStatus | null>) {
  const n = (s: AttendanceStatus) => statuses.filter((x) => x === s).length;
  const present = n('present') + n('late');
  return {
    total: statuses.length,
    present,
    late: n('late'),
    absentExcused: n('absent_excused'),
    absentUnexcused: n('absent_unexcused'),
    unmarked: statuses.filter((x) => x === null).length,
    rate: attendanceRate(present, statuses.length),
  };
}
