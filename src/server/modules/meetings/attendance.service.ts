/**
 * During the meeting: the rotating QR, members' self check-in and the secretary's roll call.
 * Every check-in and roll-call change carries a client-generated id; the server applies each id
 * once (meeting_client_ops) and keeps one attendance row per (meeting, member), so changes made
 * offline and replayed later never count a member twice.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import { rowsOf } from '../../db/client.ts';
import { meetingAttendance, meetingClientOps, meetingInvitations, meetings, members } from '../../db/schema.ts';
import { AppError, badRequest, notFound } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import { attendanceRate, checkInOpen, checkInStatus, isPresent, type AttendanceStatus } from '../../../common/meetings/rules.ts';
import { meetingFor, requireOpen } from './access.ts';
import { qrCode, qrKey, secondsLeft, verifyQrCode, windowOf } from './qr.ts';

export function checkInUrl(ctx: Ctx, meetingId: string, code: string): string {
  return `${ctx.config.publicUrl}/sinh-hoat/${meetingId}/diem-danh?t=${code}`;
}

/** The secretary's QR screen: the current code, its URL as a QR image, and when it changes. */
export async function qrScreen(ctx: Ctx, id: string) {
  const m = await meetingFor(ctx, id, 'meetings.manage');
  requireOpen(m);
  const now = ctx.clock.now();
  const open = checkInOpen(now, m.startsAt, m.plannedEndAt);
  if (!open) return { open, code: null, url: null, qrSvg: null, secondsLeft: 0, opensAt: new Date(m.startsAt.getTime() - 30 * 60_000), closesAt: new Date(m.plannedEndAt.getTime() + 60 * 60_000) };
  const code = qrCode(qrKey(ctx.config), m.id, windowOf(now));
  const url = checkInUrl(ctx, m.id, code);
  const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return { open, code, url, qrSvg, secondsLeft: secondsLeft(now), opensAt: new Date(m.startsAt.getTime() - 30 * 60_000), closesAt: new Date(m.plannedEndAt.getTime() + 60 * 60_000) };
}

/**
 * A member checks in with the code from the QR (scanned or typed). Kept cheap for the meeting
 * evening rush: one primary-key read of the meeting and one statement that records the client id,
 * verifies the invitation and upserts the attendance row. The attendance row itself (method,
 * time, by whom) is the record of a self check-in, so no separate audit row is written here.
 */
export async function checkIn(ctx: Ctx, id: string, code: string, clientId: string) {
  const [m] = await ctx.db
    .select({ id: meetings.id, cellId: meetings.cellId, startsAt: meetings.startsAt, plannedEndAt: meetings.plannedEndAt, status: meetings.status })
    .from(meetings)
    .where(eq(meetings.id, id));
  const memberId = ctx.actor.memberId;
  // The member role is held only at one's own cell: any other meeting is not theirs to see.
  if (!m || !memberId || !ctx.actor.roles.some((r) => r.role === 'member' && r.unitId === m.cellId)) throw notFound();
  if (m.status === 'finalized') throw new AppError(409, 'meetings.finalized', 'Buổi sinh hoạt đã hoàn tất, không điểm danh được nữa.');
  const now = ctx.clock.now();
  if (!checkInOpen(now, m.startsAt, m.plannedEndAt)) throw new AppError(409, 'meetings.check_in_closed', 'Chỉ điểm danh được trong thời gian diễn ra buổi sinh hoạt.');
  if (!verifyQrCode(qrKey(ctx.config), m.id, code, now)) {
    throw badRequest('meetings.bad_code', 'Mã điểm danh không đúng hoặc đã hết hạn. Hãy quét lại mã trên màn hình.', [{ field: 'token', message: 'Mã không đúng hoặc đã hết hạn.' }]);
  }
  const status = checkInStatus(now, m.startsAt);
  const at = now.toISOString();
  const [row] = rowsOf<{ invited: number; fresh: number; applied: number; prev: AttendanceStatus | null }>(
    await ctx.db.execute(sql`
      WITH op AS (
        INSERT INTO ${meetingClientOps} (client_id, meeting_id, at) VALUES (${clientId}::uuid, ${id}::uuid, ${at}::timestamptz) ON CONFLICT DO NOTHING RETURNING client_id
      ), inv AS (
        SELECT member_id FROM ${meetingInvitations} WHERE meeting_id = ${id} AND member_id = ${memberId}
      ), up AS (
        INSERT INTO ${meetingAttendance} (meeting_id, member_id, status, reason, method, checked_in_at, updated_at, updated_by)
        SELECT ${id}::uuid, inv.member_id, ${status}::text, '', 'qr', ${at}::timestamptz, ${at}::timestamptz, ${ctx.actor.userId}::uuid FROM inv WHERE EXISTS (SELECT 1 FROM op)
        ON CONFLICT (meeting_id, member_id) DO UPDATE
          SET status = EXCLUDED.status, reason = '', method = EXCLUDED.method, checked_in_at = EXCLUDED.checked_in_at, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
          WHERE ${meetingAttendance}.status NOT IN ('present', 'late')
        RETURNING status
      )
      SELECT (SELECT count(*) FROM inv)::int AS invited, (SELECT count(*) FROM op)::int AS fresh, (SELECT count(*) FROM up)::int AS applied,
        (SELECT status FROM ${meetingAttendance} WHERE meeting_id = ${id} AND member_id = ${memberId}) AS prev`),
  );
  if (!row?.invited) throw new AppError(403, 'meetings.not_invited', 'Bạn không có trong danh sách được mời dự buổi sinh hoạt này.');
  const final = row.applied ? status : (row.prev ?? status);
  return { status: final, counted: row.applied > 0, replay: row.fresh === 0 };
}

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
  const m = await meetingFor(ctx, id, 'meetings.manage');
  requireOpen(m);
  const invited = new Set(
    (await ctx.db.select({ memberId: meetingInvitations.memberId }).from(meetingInvitations).where(eq(meetingInvitations.meetingId, id))).map((r) => r.memberId),
  );
  for (const c of changes) {
    if (!invited.has(c.memberId)) throw badRequest('meetings.not_invited_member', 'Đảng viên không thuộc danh sách điểm danh của buổi sinh hoạt.', [{ field: 'changes', message: 'Đảng viên không hợp lệ.' }]);
    if (c.status === 'absent_excused' && !c.reason.trim()) throw badRequest('meetings.reason_required', 'Vắng có lý do cần ghi lý do.', [{ field: 'reason', message: 'Cần có lý do vắng mặt.' }]);
  }
  const now = ctx.clock.now();
  let applied = 0;
  await ctx.db.transaction(async (tx) => {
    const audit: Record<string, { old: unknown; new: unknown }> = {};
    for (const c of changes) {
      const fresh = await tx.insert(meetingClientOps).values({ clientId: c.clientId, meetingId: id, at: now }).onConflictDoNothing().returning({ id: meetingClientOps.clientId });
      if (!fresh.length) continue;
      const reason = c.status.startsWith('absent') ? c.reason.trim() : '';
      await tx
        .insert(meetingAttendance)
        .values({ meetingId: id, memberId: c.memberId, status: c.status, reason, method: 'manual', checkedInAt: isPresent(c.status) ? now : null, updatedAt: now, updatedBy: ctx.actor.userId })
        .onConflictDoUpdate({
          target: [meetingAttendance.meetingId, meetingAttendance.memberId],
          set: { status: c.status, reason, method: 'manual', checkedInAt: isPresent(c.status) ? sql`coalesce(${meetingAttendance.checkedInAt}, ${now.toISOString()})` : null, updatedAt: now, updatedBy: ctx.actor.userId },
        });
      audit[c.memberId] = { old: null, new: c.status };
      applied++;
    }
    if (applied) await recordAudit(tx, sourceOf(ctx), { action: 'meetings.roll_call', targetType: 'meeting', targetId: id, unitId: m.cellId, unitPath: m.cellPath, changes: audit });
  });
  return { applied, skipped: changes.length - applied, ...(await attendanceList(ctx, id)) };
}

/** Invited members with their roll-call status (null: not marked yet) and the counts. */
export async function attendanceList(ctx: Ctx, id: string) {
  await meetingFor(ctx, id, 'meetings.manage');
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
    .leftJoin(meetingAttendance, and(eq(meetingAttendance.meetingId, meetingInvitations.meetingId), eq(meetingAttendance.memberId, meetingInvitations.memberId)))
    .where(eq(meetingInvitations.meetingId, id))
    .orderBy(asc(members.nameSearch));
  return { items, counts: countsOf(items.map((i) => i.status)) };
}

export function countsOf(statuses: Array<AttendanceStatus | null>) {
  const n = (s: AttendanceStatus) => statuses.filter((x) => x === s).length;
  const present = n('present') + n('late');
  return { total: statuses.length, present, late: n('late'), absentExcused: n('absent_excused'), absentUnexcused: n('absent_unexcused'), unmarked: statuses.filter((x) => x === null).length, rate: attendanceRate(present, statuses.length) };
}
