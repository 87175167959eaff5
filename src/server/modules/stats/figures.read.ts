/**
 * Reads a unit's figures for a period from stats_unit_figures: the unit's own row gives its path
 * in that period, and one range scan over the path prefix, grouped by the child each row falls
 * under, gives the rows of the table and (summed) the unit's total.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../../db/client.ts';

export const COUNT_KEYS = [
  'members',
  'probationary',
  'exempted',
  'accounts',
  'activated',
  'active30',
  'installed',
  'standardized',
  'notInstalledProbationary',
  'noPhone',
  'notActivated',
  'cells',
  'registered',
  'registeredOnTime',
  'held',
  'materialsOnTime',
  'finalizedOnTime',
  'reads',
  'readers',
] as const;
export type CountKey = (typeof COUNT_KEYS)[number];
export type Counts = Record<CountKey, number> & { attendanceSum: number; attendanceN: number };

export const zeroCounts = (): Counts =>
  Object.assign(Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as Record<CountKey, number>, {
    attendanceSum: 0,
    attendanceN: 0,
  });

export function addCounts(into: Counts, c: Counts) {
  for (const k of COUNT_KEYS) into[k] += c[k];
  into.attendanceSum += c.attendanceSum;
  into.attendanceN += c.attendanceN;
}

export interface PeriodUnit {
  unitId: string;
  parentId: string | null;
  path: string;
  depth: number;
  code: string;
  name: string;
  type: string;
  takenAt: Date;
  final: boolean;
}

export async function periodUnit(db: DbOrTx, period: string, unitId: string): Promise<PeriodUnit | undefined> {
  const [u] = rowsOf<PeriodUnit & { takenAt: string | Date }>(
    await db.execute(sql`
      SELECT unit_id AS "unitId", parent_id AS "parentId", path, depth, code, name, type, taken_at AS "takenAt", final
      FROM stats_unit_figures WHERE period = ${period} AND unit_id = ${unitId}`),
  );
  return u ? { ...u, takenAt: new Date(u.takenAt) } : undefined;
}

const SUMS = sql.raw(
  [
    ['members', 'members'],
    ['probationary', 'probationary'],
    ['exempted', 'exempted'],
    ['accounts', 'accounts'],
    ['activated', 'activated'],
    ['active30', 'active30'],
    ['installed', 'installed'],
    ['standardized', 'standardized'],
    ['notInstalledProbationary', 'not_installed_probationary'],
    ['noPhone', 'no_phone'],
    ['notActivated', 'not_activated'],
    ['cells', 'cells'],
    ['registered', 'registered'],
    ['registeredOnTime', 'registered_on_time'],
    ['held', 'held'],
    ['materialsOnTime', 'materials_on_time'],
    ['finalizedOnTime', 'finalized_on_time'],
    ['reads', 'reads'],
    ['readers', 'readers'],
  ]
    .map(([k, c]) => `sum(${c})::int AS "${k}"`)
    .concat(['coalesce(sum(attendance_rate), 0)::float8 AS "attendanceSum"', 'count(attendance_rate)::int AS "attendanceN"'])
    .join(', '),
);

/**
 * Sums per child of the unit (childId null: the unit's own row, e.g. a grassroots cell's members),
 * and which children have children of their own (a row deeper than the child under it).
 */
export async function groupedFigures(
  db: DbOrTx,
  period: string,
  u: PeriodUnit,
): Promise<{ groups: Map<string | null, Counts>; withChildren: Set<string> }> {
  const rows = rowsOf<Counts & { childId: string | null; deeper: boolean }>(
    await db.execute(sql`
      SELECT NULLIF(split_part(path, '/', ${u.depth + 3}), '') AS "childId", ${SUMS}, bool_or(depth > ${u.depth + 1}) AS deeper
      FROM stats_unit_figures WHERE period = ${period} AND path LIKE ${u.path + '%'}
      GROUP BY 1`),
  );
  const withChildren = new Set(rows.filter((r) => r.deeper && r.childId).map((r) => r.childId!));
  return { groups: new Map(rows.map(({ childId, deeper: _, ...c }) => [childId, c])), withChildren };
}

export interface ChildRef {
  id: string;
  code: string;
  name: string;
  type: string;
}

/** The unit's children in that period, in the tree's order (current sort order; name for units gone since). */
export async function periodChildren(db: DbOrTx, period: string, u: PeriodUnit): Promise<ChildRef[]> {
  return rowsOf<ChildRef>(
    await db.execute(sql`
      SELECT f.unit_id AS id, f.code, f.name, f.type
      FROM stats_unit_figures f LEFT JOIN units u ON u.id = f.unit_id
      WHERE f.period = ${period} AND f.path LIKE ${u.path + '%'} AND f.depth = ${u.depth + 1}
      ORDER BY u.sort_order NULLS LAST, u.name_search, f.name, f.unit_id`),
  );
}

/** Months that have a snapshot, newest first. */
export async function snapshotMonths(db: DbOrTx): Promise<Array<{ month: string; final: boolean; takenAt: Date }>> {
  const rows = rowsOf<{ month: string; final: boolean; takenAt: string | Date }>(
    await db.execute(
      sql`SELECT period AS month, bool_and(final) AS final, max(taken_at) AS "takenAt" FROM stats_unit_figures WHERE period <> 'live' GROUP BY period ORDER BY period DESC`,
    ),
  );
  return rows.map((r) => ({ ...r, takenAt: new Date(r.takenAt) }));
}
