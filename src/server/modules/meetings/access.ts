/**
 * Loading a meeting for an actor: the cell's path decides the scope. A meeting outside the
 * actor's scope answers 404; one the actor may read but not change answers 403.
 */
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { meetingInvitations, meetings, units } from '../../db/schema.ts';
import { authorize, requireScope, type Action } from '../../auth/authorize.ts';
import { AppError, conflict } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';

export type MeetingRow = typeof meetings.$inferSelect;
export type ScopedMeeting = MeetingRow & { cellPath: string; cellName: string };

export async function loadMeeting(db: DbOrTx, id: string): Promise<ScopedMeeting | undefined> {
  const [row] = await db
    .select({ m: meetings, cellPath: units.path, cellName: units.name })
    .from(meetings)
    .innerJoin(units, eq(units.id, meetings.cellId))
    .where(eq(meetings.id, id));
  return row ? { ...row.m, cellPath: row.cellPath, cellName: row.cellName } : undefined;
}

export function canRead(ctx: Ctx, cellPath: string): boolean {
  return authorize(ctx.actor, 'meetings.read', cellPath);
}

/** The meeting, or 404 when unknown/foreign, 403 when only readable. */
export async function meetingFor(ctx: Ctx, id: string, action: Action, db: DbOrTx = ctx.db): Promise<ScopedMeeting> {
  const m = await loadMeeting(db, id);
  if (m && action !== 'meetings.read' && canRead(ctx, m.cellPath) && !authorize(ctx.actor, action, m.cellPath)) {
    throw new AppError(403, 'forbidden', 'Bạn không có quyền thực hiện thao tác này với buổi sinh hoạt.');
  }
  requireScope(ctx.actor, action, m?.cellPath);
  return m!;
}

/** The actor as an invited (non-exempted) member of the meeting's cell, or 403. */
export async function invitedMember(ctx: Ctx, meeting: ScopedMeeting): Promise<string> {
  const memberId = ctx.actor.memberId;
  if (memberId) {
    const [inv] = await ctx.db
      .select({ memberId: meetingInvitations.memberId })
      .from(meetingInvitations)
      .where(and(eq(meetingInvitations.meetingId, meeting.id), eq(meetingInvitations.memberId, memberId)));
    if (inv) return memberId;
  }
  throw new AppError(403, 'meetings.not_invited', 'Bạn không có trong danh sách được mời dự buổi sinh hoạt này.');
}

export function requireOpen(m: MeetingRow): void {
  if (m.status === 'finalized')
    throw conflict('meetings.finalized', 'Buổi sinh hoạt đã hoàn tất và bị khóa. Cần mở lại (có lý do) để sửa.');
}
