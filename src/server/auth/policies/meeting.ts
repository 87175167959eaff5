/**
 * A cell meeting: its cell decides the scope. Whoever may read the cell's meetings learns nothing
 * from a 403 on a write; anyone else gets 404.
 */
import { and, eq, sql } from 'drizzle-orm';
import { meetingInvitations, meetings, units } from '../../db/schema.ts';
import type { DbOrTx } from '../../db/client.ts';
import { authorize, type Actor } from '../authorize.ts';
import { definePolicy } from '../policy.ts';

export type MeetingRow = typeof meetings.$inferSelect;
export type ScopedMeeting = MeetingRow & {
  cellPath: string;
  cellName: string;
  /** The actor is on the invitation list (as a member of the cell). */
  invited: boolean;
};

/** One meeting with its cell and whether the actor is invited (shared with the meeting-file policy). */
export async function fetchMeeting(db: DbOrTx, id: string, actor: Actor): Promise<ScopedMeeting | undefined> {
  const invited = actor.memberId
    ? sql<boolean>`EXISTS (SELECT 1 FROM ${meetingInvitations} WHERE ${and(
        eq(meetingInvitations.meetingId, meetings.id),
        eq(meetingInvitations.memberId, actor.memberId),
      )})`
    : sql<boolean>`false`;
  const [row] = await db
    .select({ m: meetings, cellPath: units.path, cellName: units.name, invited })
    .from(meetings)
    .innerJoin(units, eq(units.id, meetings.cellId))
    .where(eq(meetings.id, id));
  return row && { ...row.m, cellPath: row.cellPath, cellName: row.cellName, invited: !!row.invited };
}

export const meetingPolicy = definePolicy({
  fetch: (db, id: string, actor) => fetchMeeting(db, id, actor),
  path: (m) => m.cellPath,
  known: (actor, m) => authorize(actor, 'meetings.read', m.cellPath),
  forbidden: 'Bạn không có quyền thực hiện thao tác này với buổi sinh hoạt.',
  present: (can, m) => ({ manage: can('meetings.manage'), attend: m.invited, monitor: can('meetings.monitor') }),
});
