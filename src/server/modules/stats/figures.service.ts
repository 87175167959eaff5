/**
 * Per-unit figures written to stats_unit_figures: a monthly snapshot ('YYYY-MM', frozen once the
 * month-end job wrote it) or the live counts the dashboard reads ('live', at most a minute old).
 * One pass over the whole installation: each unit's row holds its DIRECT figures (members and the
 * meeting of the unit itself when it is a cell), with its path at that moment; a subtree's figures
 * are the sum over the path prefix (see schema/stats.ts). Needs no actor: jobs call it.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../../db/client.ts';
import { addMonths, vnMonth, vnMonthStart } from '../../../common/time/vietnam.ts';

export const ACTIVE_WINDOW_MS = 30 * 24 * 3600 * 1000;
export const LIVE = 'live';
/** The live counts are recomputed when older than this (the issue: a change shows within a minute). */
export const LIVE_MAX_AGE_MS = 60_000;

interface UnitFacts {
  unit_id: string;
  parent_id: string | null;
  path: string;
  depth: number;
  code: string;
  name: string;
  type: string;
  is_cell: boolean;
  members: number;
  probationary: number;
  exempted: number;
  accounts: number;
  activated: number;
  active30: number;
  installed: number;
  standardized: number;
  not_installed_probationary: number;
  no_phone: number;
  not_activated: number;
  reads: number;
  readers: number;
}

import { meetingStanding, type MeetingFacts } from '../meetings/monitor.service.ts';
export type { MeetingFacts };

/** Columns written from each computed row, with their SQL types. */
const COLUMN_TYPES = {
  unit_id: 'uuid',
  parent_id: 'uuid',
  path: 'text',
  depth: 'int',
  code: 'text',
  name: 'text',
  type: 'text',
  members: 'int',
  probationary: 'int',
  exempted: 'int',
  accounts: 'int',
  activated: 'int',
  active30: 'int',
  installed: 'int',
  standardized: 'int',
  not_installed_probationary: 'int',
  no_phone: 'int',
  not_activated: 'int',
  cells: 'int',
  registered: 'int',
  registered_on_time: 'int',
  held: 'int',
  materials_on_time: 'int',
  finalized_on_time: 'int',
  attendance_rate: 'float8',
  reads: 'int',
  readers: 'int',
} as const;

/**
 * Counted members are official and probationary ones; exempted ones are listed apart. Reasons for
 * "not installed" are exclusive, in this order: probationary, no phone recorded, account not
 * activated; the rest (activated, not installed) is members − installed − the three.
 */
function unitFactsQuery(now: Date, readsFrom: Date, readsTo: Date) {
  const since = new Date(now.getTime() - ACTIVE_WINDOW_MS).toISOString();
  return sql`
    WITH f AS (
      SELECT m.cell_id, m.status, m.phone IS NOT NULL AS has_phone, m.standardized IS TRUE AS std,
             u.id IS NOT NULL AS has_account, u.activated_at IS NOT NULL AS activated,
             coalesce(u.last_seen_at >= ${since}::timestamptz, false) AS active30,
             (u.id IS NOT NULL AND EXISTS (SELECT 1 FROM app_installs i WHERE i.user_id = u.id)) AS installed
      FROM members m LEFT JOIN users u ON u.member_id = m.id
      WHERE m.status IN ('official', 'probationary', 'exempted')
    ), a AS (
      SELECT cell_id,
        count(*) FILTER (WHERE status <> 'exempted')::int AS members,
        count(*) FILTER (WHERE status = 'probationary')::int AS probationary,
        count(*) FILTER (WHERE status = 'exempted')::int AS exempted,
        count(*) FILTER (WHERE status <> 'exempted' AND has_account)::int AS accounts,
        count(*) FILTER (WHERE status <> 'exempted' AND activated)::int AS activated,
        count(*) FILTER (WHERE status <> 'exempted' AND active30)::int AS active30,
        count(*) FILTER (WHERE status <> 'exempted' AND installed)::int AS installed,
        count(*) FILTER (WHERE status <> 'exempted' AND std)::int AS standardized,
        count(*) FILTER (WHERE status = 'probationary' AND NOT installed)::int AS not_installed_probationary,
        count(*) FILTER (WHERE status = 'official' AND NOT installed AND NOT has_phone)::int AS no_phone,
        count(*) FILTER (WHERE status = 'official' AND NOT installed AND has_phone AND NOT activated)::int AS not_activated
      FROM f GROUP BY cell_id
    ), r AS (
      SELECT m.cell_id, count(*)::int AS reads, count(DISTINCT r.member_id)::int AS readers
      FROM document_reads r JOIN members m ON m.id = r.member_id
      WHERE r.first_read_at >= ${readsFrom.toISOString()}::timestamptz AND r.first_read_at < ${readsTo.toISOString()}::timestamptz
        AND m.status IN ('official', 'probationary', 'exempted')
      GROUP BY m.cell_id
    )
    SELECT u.id AS unit_id, u.parent_id, u.path, u.depth, u.code, u.name, u.type,
           (u.type IN ('cell', 'grassroots_cell') AND u.status = 'active') AS is_cell,
           coalesce(a.members, 0) AS members, coalesce(a.probationary, 0) AS probationary, coalesce(a.exempted, 0) AS exempted,
           coalesce(a.accounts, 0) AS accounts, coalesce(a.activated, 0) AS activated, coalesce(a.active30, 0) AS active30,
           coalesce(a.installed, 0) AS installed, coalesce(a.standardized, 0) AS standardized,
           coalesce(a.not_installed_probationary, 0) AS not_installed_probationary, coalesce(a.no_phone, 0) AS no_phone,
           coalesce(a.not_activated, 0) AS not_activated, coalesce(r.reads, 0) AS reads, coalesce(r.readers, 0) AS readers
    FROM units u LEFT JOIN a ON a.cell_id = u.id LEFT JOIN r ON r.cell_id = u.id
    -- A dissolved or merged unit is kept while members still sit in it, so nothing is lost from the sums.
    WHERE u.status = 'active' OR a.cell_id IS NOT NULL OR r.cell_id IS NOT NULL`;
}

/** Each active cell's regular meeting of the month (or its first meeting), as the meetings monitor reads it. */
export function meetingFactsQuery(month: string) {
  return sql`
    SELECT c.id AS cell_id, m.id AS meeting_id, m.starts_at, m.registered_late, m.materials_posted_at, m.planned_end_at,
           m.actual_start_at, m.actual_end_at, m.final_posted_at, m.status,
           (SELECT count(*)::int FROM meeting_invitations i WHERE i.meeting_id = m.id) AS invited,
           (SELECT count(*)::int FROM meeting_attendance a WHERE a.meeting_id = m.id AND a.status IN ('present', 'late')) AS present
    FROM units c
    JOIN LATERAL (
      SELECT * FROM meetings mm WHERE mm.cell_id = c.id AND mm.month = ${month}
      ORDER BY (mm.kind = 'regular') DESC, mm.starts_at LIMIT 1
    ) m ON true
    WHERE c.type IN ('cell', 'grassroots_cell') AND c.status = 'active'`;
}

export function meetingFigures(r: MeetingFacts | undefined) {
  if (!r || !r.meeting_id)
    return { registered: 0, registeredOnTime: 0, held: 0, materialsOnTime: 0, finalizedOnTime: 0, attendanceRate: null };
  const m = meetingStanding(r);
  return {
    registered: 1,
    registeredOnTime: r.registered_late ? 0 : 1,
    held: m.held ? 1 : 0,
    materialsOnTime: m.materialsOnTime ? 1 : 0,
    finalizedOnTime: m.finalizedOnTime ? 1 : 0,
    attendanceRate: m.attendance,
  };
}

/**
 * Computes every unit's row for a period and writes it in one transaction (delete + insert, so a
 * unit that no longer exists drops out of 'live'). The month of a 'live' row is the current one.
 */
export async function writeFigures(db: DbOrTx, period: string, now: Date, final: boolean): Promise<number> {
  const month = period === LIVE ? vnMonth(now) : period;
  const from = vnMonthStart(month);
  const to = period === LIVE ? now : vnMonthStart(addMonths(month, 1));
  return db.transaction(async (tx) => {
    // Whole-installation scans: JIT compile time exceeds the query time on PostgreSQL (see adoption.service.ts).
    await tx.execute(sql`SET LOCAL jit = off`);
    const unitsRows = rowsOf<UnitFacts>(await tx.execute(unitFactsQuery(now, from, to)));
    const meetingsByCell = new Map(rowsOf<MeetingFacts>(await tx.execute(meetingFactsQuery(month))).map((r) => [r.cell_id, r]));
    await tx.execute(sql`DELETE FROM stats_unit_figures WHERE period = ${period}`);
    const rows = unitsRows.map((u) => {
      const mf = meetingFigures(u.is_cell ? meetingsByCell.get(u.unit_id) : undefined);
      const { is_cell: isCell, ...facts } = u;
      return {
        ...facts,
        cells: isCell ? 1 : 0,
        registered: mf.registered,
        registered_on_time: mf.registeredOnTime,
        held: mf.held,
        materials_on_time: mf.materialsOnTime,
        finalized_on_time: mf.finalizedOnTime,
        attendance_rate: mf.attendanceRate,
      };
    });
    // One parameter for all rows (jsonb_to_recordset): binding 30 parameters per row cost more than the queries.
    const cols = Object.entries(COLUMN_TYPES);
    await tx.execute(sql`
      INSERT INTO stats_unit_figures (period, final, taken_at, ${sql.raw(cols.map(([c]) => c).join(', '))})
      SELECT ${period}, ${final}, ${now.toISOString()}::timestamptz, ${sql.raw(cols.map(([c]) => `x.${c}`).join(', '))}
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(${sql.raw(cols.map(([c, t]) => `${c} ${t}`).join(', '))})`);
    return rows.length;
  });
}

/**
 * A monthly snapshot. A final month is never rewritten (its figures stay as they were whatever
 * happens to the tree later); otherwise the month is (re)taken, `final` when the month is over.
 * Returns false when the month was already final.
 */
export async function takeSnapshot(db: DbOrTx, month: string, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    // One writer per period at a time: two workers at month end would otherwise both delete + insert.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'stats:' + month}))`);
    const [done] = rowsOf<{ final: boolean }>(
      await tx.execute(sql`SELECT final FROM stats_unit_figures WHERE period = ${month} AND final LIMIT 1`),
    );
    if (done) return false;
    const over = now.getTime() >= vnMonthStart(addMonths(month, 1)).getTime();
    await writeFigures(tx, month, now, over);
    return true;
  });
}

/**
 * Recomputes the live counts when older than LIVE_MAX_AGE_MS (or always with force). With
 * `waitForUnit` (a reader that found no row for its unit: the first read, or a unit created within
 * the minute), waits for a recomputation already running instead of skipping it, and recomputes
 * only if the unit is still missing after it.
 */
export async function refreshLive(db: DbOrTx, now: Date, force = false, waitForUnit?: string): Promise<boolean> {
  const age = async (tx: DbOrTx) => {
    const [row] = rowsOf<{ taken_at: string | Date }>(
      await tx.execute(sql`SELECT taken_at FROM stats_unit_figures WHERE period = ${LIVE} LIMIT 1`),
    );
    return row ? now.getTime() - new Date(row.taken_at).getTime() : Infinity;
  };
  if (!force && (await age(db)) < LIVE_MAX_AGE_MS) return false;
  return db.transaction(async (tx) => {
    if (waitForUnit) {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('stats:live'))`);
      const [has] = rowsOf(
        await tx.execute(sql`SELECT 1 FROM stats_unit_figures WHERE period = ${LIVE} AND unit_id = ${waitForUnit}`),
      );
      if (has) return false;
    } else {
      // Several app processes may find the counts stale at once: one recomputes, the others skip.
      const [got] = rowsOf<{ ok: boolean }>(
        await tx.execute(sql`SELECT pg_try_advisory_xact_lock(hashtext('stats:live')) AS ok`),
      );
      if (!got?.ok) return false;
    }
    await writeFigures(tx, LIVE, now, false);
    return true;
  });
}
