/**
 * Monitoring for the committees above: for a unit and a month, every cell below with its meeting
 * facts (registered on time, held, materials on time, finalized on time, attendance, rating) and
 * the list of cells behind. One query over the subtree's cells with their month's meetings.
 */
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import { meetingAttendance, meetingInvitations, meetings, units } from '../../db/schema.ts';
import { badRequest } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import { isMonth } from '../../../common/time/vietnam.ts';
import { FINAL_POST_WINDOW_MS, MATERIALS_LEAD_MS } from '../../../common/meetings/time.ts';
import { attendanceRate } from '../../../common/meetings/rules.ts';
import type { RatingCode } from '../../../common/meetings/rubric.ts';
import { load } from '../../auth/policies.ts';

/** A cell's meeting of the month as the monitor and the statistics snapshots both read it. */
export interface MeetingFacts {
  cell_id: string;
  meeting_id: string | null;
  starts_at: string | Date | null;
  registered_late: boolean | null;
  materials_posted_at: string | Date | null;
  planned_end_at: string | Date | null;
  actual_start_at: string | Date | null;
  actual_end_at: string | Date | null;
  final_posted_at: string | Date | null;
  status: string | null;
  invited: number | null;
  present: number | null;
}

interface CellRow extends MeetingFacts {
  cell_name: string;
  rating: RatingCode | null;
  total_score: number | null;
}

/**
 * The month's rules in one place, so the monitor's list and the dashboard's counts cannot disagree:
 * registered, held, materials posted a day ahead, final documents within the window, attendance.
 */
export function meetingStanding(r: MeetingFacts) {
  const start = ms(r.starts_at);
  const end = ms(r.actual_end_at) ?? ms(r.planned_end_at);
  const posted = ms(r.materials_posted_at);
  const finalPosted = ms(r.final_posted_at);
  const registered = !!r.meeting_id;
  return {
    start,
    end,
    posted,
    registered,
    held: r.status === 'finalized' || r.actual_start_at !== null,
    materialsOnTime: registered && posted !== null && start !== null && posted <= start - MATERIALS_LEAD_MS,
    finalizedOnTime:
      r.status === 'finalized' && finalPosted !== null && end !== null && finalPosted <= end + FINAL_POST_WINDOW_MS,
    attendance: r.meeting_id && r.invited ? attendanceRate(r.present ?? 0, r.invited) : null,
  };
}

export const PROBLEMS = ['not_registered', 'registered_late', 'materials_late', 'not_finalized', 'finalized_late'] as const;
export type Problem = (typeof PROBLEMS)[number];

const ms = (v: string | Date | null) => (v === null ? null : new Date(v).getTime());

function checkMonth(month: string) {
  if (!isMonth(month))
    throw badRequest('validation', 'Tháng không hợp lệ (cần dạng YYYY-MM).', [
      { field: 'month', message: 'Tháng không hợp lệ.' },
    ]);
}

/** Every active cell under the unit with its regular meeting of the month (or its first meeting that month). */
async function cellRows(ctx: Ctx, path: string, month: string): Promise<CellRow[]> {
  return rowsOf<CellRow>(
    await ctx.db.execute(sql`
      SELECT c.id AS cell_id, c.name AS cell_name, m.id AS meeting_id, m.starts_at, m.registered_late, m.materials_posted_at, m.planned_end_at,
             m.actual_start_at, m.actual_end_at, m.final_posted_at, m.status, m.rating, m.total_score,
             (SELECT count(*)::int FROM ${meetingInvitations} i WHERE i.meeting_id = m.id) AS invited,
             (SELECT count(*)::int FROM ${meetingAttendance} a WHERE a.meeting_id = m.id AND a.status IN ('present', 'late')) AS present
      FROM ${units} c
      LEFT JOIN LATERAL (
        SELECT * FROM ${meetings} mm WHERE mm.cell_id = c.id AND mm.month = ${month}
        ORDER BY (mm.kind = 'regular') DESC, mm.starts_at LIMIT 1
      ) m ON true
      WHERE c.path LIKE ${path + '%'} AND c.type IN ('cell', 'grassroots_cell') AND c.status = 'active'
      ORDER BY c.name_search, c.id`),
  );
}

export async function monitor(ctx: Ctx, unitId: string, month: string) {
  checkMonth(month);
  const unit = await load.unit(ctx, unitId, 'meetings.monitor');
  const rows = await cellRows(ctx, unit.path, month);
  const now = ctx.clock.now().getTime();
  const cells = rows.map((r) => {
    const { start, end, posted, registered, held, materialsOnTime, finalizedOnTime, attendance } = meetingStanding(r);
    const problems: Problem[] = [];
    if (!registered) problems.push('not_registered');
    else {
      if (r.registered_late) problems.push('registered_late');
      if (!materialsOnTime && (posted !== null || (start !== null && now > start - MATERIALS_LEAD_MS)))
        problems.push('materials_late');
      if (r.status !== 'finalized' && end !== null && now > end + FINAL_POST_WINDOW_MS) problems.push('not_finalized');
      else if (r.status === 'finalized' && !finalizedOnTime) problems.push('finalized_late');
    }
    return {
      cellId: r.cell_id,
      cellName: r.cell_name,
      meetingId: r.meeting_id,
      startsAt: start === null ? null : new Date(start),
      registered,
      registeredOnTime: registered && !r.registered_late,
      held,
      materialsOnTime,
      finalized: r.status === 'finalized',
      finalizedOnTime,
      attendanceRate: attendance,
      rating: r.rating,
      totalScore: r.total_score,
      problems,
    };
  });
  const count = (f: (c: (typeof cells)[number]) => boolean) => cells.filter(f).length;
  const rates = cells.map((c) => c.attendanceRate).filter((x): x is number => x !== null);
  const ratings = { good: 0, fair: 0, average: 0, poor: 0 } as Record<RatingCode, number>;
  for (const c of cells) if (c.rating) ratings[c.rating]++;
  return {
    unit: { id: unitId, name: unit.name },
    month,
    summary: {
      cells: cells.length,
      registered: count((c) => c.registered),
      registeredOnTime: count((c) => c.registeredOnTime),
      held: count((c) => c.held),
      materialsOnTime: count((c) => c.materialsOnTime),
      finalized: count((c) => c.finalized),
      finalizedOnTime: count((c) => c.finalizedOnTime),
      averageAttendance: rates.length ? Math.round((rates.reduce((s, x) => s + x, 0) / rates.length) * 10) / 10 : null,
      ratings,
    },
    cells,
    behind: cells
      .filter((c) => c.problems.length > 0)
      .map((c) => ({ cellId: c.cellId, cellName: c.cellName, meetingId: c.meetingId, problems: c.problems })),
  };
}

/** Cells under the unit with no meeting registered for the month (for reminders). */
export async function cellsWithoutRegistration(ctx: Ctx, unitId: string, month: string) {
  checkMonth(month);
  const unit = await load.unit(ctx, unitId, 'meetings.monitor');
  const items = rowsOf<{ id: string; name: string }>(
    await ctx.db.execute(sql`
      SELECT c.id, c.name FROM ${units} c
      WHERE c.path LIKE ${unit.path + '%'} AND c.type IN ('cell', 'grassroots_cell') AND c.status = 'active'
        AND NOT EXISTS (SELECT 1 FROM ${meetings} m WHERE m.cell_id = c.id AND m.month = ${month})
      ORDER BY c.name_search, c.id`),
  );
  return { month, items };
}
