/**
 * Who the members of a unit are (cơ cấu đảng viên) and how the membership moved month by month.
 * Composition counts the members on the rolls today (official, probationary, exempted); every
 * dimension adds up to the same total. Movements are read from the records' dates (admission,
 * official date, accepted transfers, removal decisions) for members under the unit's current tree.
 */
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import type { Ctx } from '../../context.ts';
import { addMonths, vnDate, vnMonth, vnMonthStart } from '../../../common/time/vietnam.ts';
import { load } from '../../auth/policies.ts';

export const DIMENSIONS = ['ageBand', 'sex', 'membershipYears', 'status', 'politicalTheory', 'ethnicity'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Band keys are sortable labels; "unknown" is a missing date or value. */
const AGE_BANDS: Array<[number, string]> = [
  [30, 'under30'],
  [40, '30to39'],
  [50, '40to49'],
  [60, '50to59'],
  [70, '60to69'],
  [Infinity, '70plus'],
];
const YEAR_BANDS: Array<[number, string]> = [
  [5, 'under5'],
  [10, '5to9'],
  [20, '10to19'],
  [30, '20to29'],
  [40, '30to39'],
  [Infinity, '40plus'],
];
export const BAND_ORDER: Record<'ageBand' | 'membershipYears', string[]> = {
  ageBand: [...AGE_BANDS.map(([, k]) => k), 'unknown'],
  membershipYears: [...YEAR_BANDS.map(([, k]) => k), 'unknown'],
};

/** Whole years from an ISO date to `today` (both 'YYYY-MM-DD'). */
export function yearsBetween(from: string, today: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}
const band = (years: number | null, bands: Array<[number, string]>) =>
  years === null ? 'unknown' : bands.find(([lim]) => years < lim)![1];

export async function composition(ctx: Ctx, unitId: string) {
  const unit = await load.unit(ctx, unitId, 'stats.read');
  const today = vnDate(ctx.clock.now());
  const rows = rowsOf<{
    dob: string | null;
    sex: string | null;
    admitted: string | null;
    status: string;
    theory: string | null;
    ethnicity: string | null;
  }>(
    await ctx.db.execute(sql`
      SELECT m.date_of_birth::text AS dob, m.sex, m.admission_date::text AS admitted, m.status,
             nullif(btrim(m.political_theory), '') AS theory, nullif(btrim(m.ethnicity), '') AS ethnicity
      FROM members m JOIN units c ON c.id = m.cell_id
      WHERE c.path LIKE ${unit.path + '%'} AND m.status IN ('official', 'probationary', 'exempted')`),
  );
  const counts = Object.fromEntries(DIMENSIONS.map((d) => [d, new Map<string, number>()])) as Record<
    Dimension,
    Map<string, number>
  >;
  const bump = (d: Dimension, k: string) => counts[d].set(k, (counts[d].get(k) ?? 0) + 1);
  for (const r of rows) {
    bump('ageBand', band(r.dob ? yearsBetween(r.dob, today) : null, AGE_BANDS));
    bump('sex', r.sex ?? 'unknown');
    bump('membershipYears', band(r.admitted ? yearsBetween(r.admitted, today) : null, YEAR_BANDS));
    bump('status', r.status);
    bump('politicalTheory', r.theory?.normalize('NFC') ?? 'unknown');
    bump('ethnicity', r.ethnicity?.normalize('NFC') ?? 'unknown');
  }
  const total = rows.length;
  const share = (n: number) => (total === 0 ? 0 : Math.round((n * 1000) / total) / 10);
  const ordered = (d: Dimension) => {
    const entries = [...counts[d].entries()];
    if (d === 'ageBand' || d === 'membershipYears')
      return BAND_ORDER[d].filter((k) => counts[d].has(k)).map((k) => [k, counts[d].get(k)!] as const);
    // Values as entered (ethnicity, theory level): largest first, "unknown" last.
    return entries.sort((a, b) =>
      a[0] === 'unknown' ? 1 : b[0] === 'unknown' ? -1 : b[1] - a[1] || a[0].localeCompare(b[0], 'vi'),
    );
  };
  return {
    unit: { id: unit.id, code: unit.code, name: unit.name },
    asOf: today,
    total,
    dimensions: DIMENSIONS.map((d) => ({
      key: d,
      rows: ordered(d).map(([key, count]) => ({ key, count, share: share(count) })),
    })),
  };
}

export const MOVEMENTS = ['admitted', 'officialized', 'transferredIn', 'transferredOut', 'removed'] as const;

/** Twelve months ending with `month` (default: the current one), oldest first. */
export async function movements(ctx: Ctx, unitId: string, month?: string) {
  const unit = await load.unit(ctx, unitId, 'stats.read');
  const last = month ?? vnMonth(ctx.clock.now());
  const first = addMonths(last, -11);
  const from = vnMonthStart(first);
  const fromDate = vnDate(from);
  const toDate = vnDate(vnMonthStart(addMonths(last, 1)));
  const prefix = unit.path + '%';
  // Dates are calendar dates (decision dates), so months are their first 7 characters.
  const rows = rowsOf<{ month: string; kind: (typeof MOVEMENTS)[number]; n: number }>(
    await ctx.db.execute(sql`
      WITH sub AS (SELECT id FROM units WHERE path LIKE ${prefix})
      SELECT to_char(m.admission_date, 'YYYY-MM') AS month, 'admitted' AS kind, count(*)::int AS n
        FROM members m WHERE m.cell_id IN (SELECT id FROM sub) AND m.admission_date >= ${fromDate}::date AND m.admission_date < ${toDate}::date GROUP BY 1
      UNION ALL
      SELECT to_char(m.official_date, 'YYYY-MM'), 'officialized', count(*)::int
        FROM members m WHERE m.cell_id IN (SELECT id FROM sub) AND m.official_date >= ${fromDate}::date AND m.official_date < ${toDate}::date GROUP BY 1
      UNION ALL
      SELECT to_char(t.start_date, 'YYYY-MM'), 'transferredIn', count(*)::int
        FROM member_transfers t WHERE t.state IN ('accepted', 'returned') AND t.to_cell_id IN (SELECT id FROM sub) AND t.from_cell_id NOT IN (SELECT id FROM sub)
          AND t.start_date >= ${fromDate}::date AND t.start_date < ${toDate}::date GROUP BY 1
      UNION ALL
      SELECT to_char(t.start_date, 'YYYY-MM'), 'transferredOut', count(*)::int
        FROM member_transfers t WHERE t.state IN ('accepted', 'returned') AND t.from_cell_id IN (SELECT id FROM sub) AND t.to_cell_id NOT IN (SELECT id FROM sub)
          AND t.start_date >= ${fromDate}::date AND t.start_date < ${toDate}::date GROUP BY 1
      UNION ALL
      SELECT to_char(s.effective_date, 'YYYY-MM'), 'removed', count(*)::int
        FROM member_status_changes s JOIN members m ON m.id = s.member_id
        WHERE m.cell_id IN (SELECT id FROM sub) AND s.to_status IN ('removed', 'expelled')
          AND s.effective_date >= ${fromDate}::date AND s.effective_date < ${toDate}::date GROUP BY 1`),
  );
  const months = Array.from({ length: 12 }, (_, i) => addMonths(first, i));
  const zero = () => ({ admitted: 0, officialized: 0, transferredIn: 0, transferredOut: 0, removed: 0 });
  const byMonth = new Map(months.map((m) => [m, zero()]));
  for (const r of rows) {
    const m = byMonth.get(r.month);
    if (m) m[r.kind] += r.n;
  }
  const total = zero();
  for (const v of byMonth.values()) for (const k of MOVEMENTS) total[k] += v[k];
  return {
    unit: { id: unit.id, code: unit.code, name: unit.name },
    months: months.map((m) => ({ month: m, ...byMonth.get(m)! })),
    total,
  };
}
