/** State rules of a meeting that come after the policy check (auth/policies.ts decides who may act). */
import type { Ctx } from '../../context.ts';
import type { MeetingRow, ScopedMeeting } from '../../auth/policies.ts';
import { AppError, conflict } from '../../http/errors.ts';

/** The actor's member id when they are on the meeting's invitation list, or 403. */
export function invitedMember(ctx: Pick<Ctx, 'actor'>, meeting: ScopedMeeting): string {
  const memberId = ctx.actor.memberId;
  if (memberId && meeting.invited) return memberId;
  throw new AppError(403, 'meetings.not_invited', 'Bạn không có trong danh sách được mời dự buổi sinh hoạt này.');
}

export function requireOpen(m: MeetingRow): void {
  if (m.status === 'finalized')
    throw conflict('meetings.finalized', 'Buổi sinh hoạt đã hoàn tất và bị khóa. Cần mở lại (có lý do) để sửa.');
}
