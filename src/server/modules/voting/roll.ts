/**
 * The roll of a meeting as the voting rules see it: every member the cell summons (invited members
 * with their roll-call mark, exempted members, members away on temporary activity), with what
 * the denominator needs to know about each (standing, temporary activity, suspension, detention).
 * One query; the rule itself (common/voting/denominator.ts) decides who counts.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../../db/client.ts';
import type { RollMember } from '../../../common/voting/denominator.ts';
import type { AttendanceStatus } from '../../../common/meetings/rules.ts';
import { vnDate } from '../../../common/time/vietnam.ts';

interface Row {
  member_id: string;
  full_name: string;
  status: string;
  attendance: AttendanceStatus | null;
  temporary_elsewhere: boolean;
  temporary_here: boolean;
  suspended: boolean;
  detained: boolean;
}

export async function meetingRoll(db: DbOrTx, meeting: { id: string; cellId: string }, at: Date): Promise<RollMember[]> {
  const day = vnDate(at);
  const res = await db.execute(sql`
    WITH people AS (
      -- Invited (official and probationary members of the cell when the meeting was set up).
      SELECT i.member_id FROM meeting_invitations i WHERE i.meeting_id = ${meeting.id}::uuid
      UNION
      -- Exempted members are not invited, but they are summoned members of the cell.
      SELECT m.id FROM members m WHERE m.cell_id = ${meeting.cellId}::uuid AND m.status = 'exempted'
      UNION
      -- Members of this cell away on an accepted temporary transfer covering the day.
      SELECT t.member_id FROM member_transfers t
      WHERE t.from_cell_id = ${meeting.cellId}::uuid AND t.state = 'accepted' AND t.temporary
        AND t.start_date <= ${day}::date AND (t.end_date IS NULL OR t.end_date > ${day}::date)
    )
    SELECT m.id AS member_id, m.full_name, m.status,
      a.status AS attendance,
      EXISTS (
        SELECT 1 FROM member_transfers t WHERE t.member_id = m.id AND t.from_cell_id = ${meeting.cellId}::uuid
          AND t.state = 'accepted' AND t.temporary AND t.start_date <= ${day}::date AND (t.end_date IS NULL OR t.end_date > ${day}::date)
      ) AS temporary_elsewhere,
      EXISTS (
        SELECT 1 FROM member_transfers t WHERE t.member_id = m.id AND t.to_cell_id = ${meeting.cellId}::uuid
          AND t.state = 'accepted' AND t.temporary AND t.start_date <= ${day}::date AND (t.end_date IS NULL OR t.end_date > ${day}::date)
      ) AS temporary_here,
      EXISTS (
        SELECT 1 FROM member_suspensions s WHERE s.member_id = m.id AND s.kind = 'suspended'
          AND s.from_date <= ${day}::date AND (s.to_date IS NULL OR s.to_date > ${day}::date)
      ) AS suspended,
      EXISTS (
        SELECT 1 FROM member_suspensions s WHERE s.member_id = m.id AND s.kind = 'detained'
          AND s.from_date <= ${day}::date AND (s.to_date IS NULL OR s.to_date > ${day}::date)
      ) AS detained
    FROM people p
    JOIN members m ON m.id = p.member_id
    LEFT JOIN meeting_attendance a ON a.meeting_id = ${meeting.id}::uuid AND a.member_id = m.id
    WHERE m.status IN ('official', 'probationary', 'exempted', 'transferred_out_temporary')
    ORDER BY m.name_search, m.id`);
  return rowsOf<Row>(res).map((r) => ({
    memberId: r.member_id,
    fullName: r.full_name,
    standing: r.status === 'probationary' ? 'probationary' : r.status === 'exempted' ? 'exempted' : 'official',
    attendance: r.attendance,
    temporaryElsewhere: r.temporary_elsewhere,
    temporaryHere: r.temporary_here,
    suspended: r.suspended,
    detained: r.detained,
  }));
}
