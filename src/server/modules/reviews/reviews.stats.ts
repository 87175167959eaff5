/**
 * The year's grades up the tree: for a unit, one row per child unit (and the unit's total) with the
 * count and share of each decided grade, and the progress of each step. Every row is a sum over the
 * same entries grouped by the child their cell lies under, so the children add up to the parent by
 * construction (reviews.test.ts checks it). Late lists name who has not done a step by its deadline.
 */
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import { requireScope } from '../../auth/authorize.ts';
import type { Ctx } from '../../context.ts';
import { notFound } from '../../http/errors.ts';
import { GRADES, GRADE_TEXT, type Grade } from '../../../common/review/rules.ts';
import { vnDate } from '../../../common/time/vietnam.ts';

interface Row {
  child_id: string | null;
  included: number;
  left_out: number;
  not_graded: number;
  submitted: number;
  residence_needed: number;
  residence_answered: number;
  proposed: number;
  decided: number;
  published: number;
  excellent: number;
  good: number;
  fulfilled: number;
  unfulfilled: number;
}

export interface StatsRow {
  unitId: string;
  name: string;
  leaf: boolean;
  included: number;
  leftOut: number;
  notGraded: number;
  progress: {
    submitted: number;
    residenceNeeded: number;
    residenceAnswered: number;
    proposed: number;
    decided: number;
    published: number;
  };
  grades: Record<Grade, { count: number; share: number }>;
}

const share = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 10_000) / 100 : 0);

function toStats(r: Row, unitId: string, name: string, leaf: boolean): StatsRow {
  return {
    unitId,
    name,
    leaf,
    included: r.included,
    leftOut: r.left_out,
    notGraded: r.not_graded,
    progress: {
      submitted: r.submitted,
      residenceNeeded: r.residence_needed,
      residenceAnswered: r.residence_answered,
      proposed: r.proposed,
      decided: r.decided,
      published: r.published,
    },
    grades: Object.fromEntries(GRADES.map((g) => [g, { count: r[g], share: share(r[g], r.decided) }])) as StatsRow['grades'],
  };
}

async function cycleAndUnit(ctx: Ctx, cycleId: string, unitId: string | undefined) {
  const [c] = rowsOf<{ id: string; year: number; deadlines: Record<string, string>; unit_id: string }>(
    await ctx.db.execute(sql`SELECT c.id, c.year, c.deadlines, c.unit_id FROM review_cycles c WHERE c.id = ${cycleId}::uuid`),
  );
  // No unit asked: the cycle's own unit.
  const target = unitId ?? c?.unit_id ?? null;
  const [u] = target
    ? rowsOf<{ id: string; name: string; path: string }>(
        await ctx.db.execute(sql`SELECT id, name, path FROM units WHERE id = ${target}::uuid`),
      )
    : [];
  requireScope(ctx.actor, 'reviews.read', u?.path);
  // The unit must lie in the cycle's subtree or above it (a province counts a city's cycle): another
  // unit's cycle is not confirmed to exist.
  const [cu] = c ? rowsOf<{ path: string }>(await ctx.db.execute(sql`SELECT path FROM units WHERE id = ${c.unit_id}::uuid`)) : [];
  if (!c || !cu || !(u!.path.startsWith(cu.path) || cu.path.startsWith(u!.path))) throw notFound();
  return { cycle: c, unit: u! };
}

export async function reviewStats(ctx: Ctx, cycleId: string, unitId: string | undefined) {
  const { cycle, unit } = await cycleAndUnit(ctx, cycleId, unitId);
  const rows = rowsOf<Row>(
    await ctx.db.execute(sql`
      SELECT NULLIF(split_part(substr(c.path, ${unit.path.length + 1}), '/', 1), '') AS child_id,
        count(*) FILTER (WHERE e.included)::int AS included,
        count(*) FILTER (WHERE NOT e.included)::int AS left_out,
        count(*) FILTER (WHERE e.included AND NOT e.graded)::int AS not_graded,
        count(*) FILTER (WHERE e.self_status = 'submitted')::int AS submitted,
        count(*) FILTER (WHERE e.residence_status <> 'not_needed')::int AS residence_needed,
        count(*) FILTER (WHERE e.residence_status = 'answered')::int AS residence_answered,
        count(*) FILTER (WHERE e.proposed_grade IS NOT NULL)::int AS proposed,
        count(*) FILTER (WHERE e.decided_grade IS NOT NULL)::int AS decided,
        count(*) FILTER (WHERE e.published_at IS NOT NULL)::int AS published,
        count(*) FILTER (WHERE e.decided_grade = 'excellent')::int AS excellent,
        count(*) FILTER (WHERE e.decided_grade = 'good')::int AS good,
        count(*) FILTER (WHERE e.decided_grade = 'fulfilled')::int AS fulfilled,
        count(*) FILTER (WHERE e.decided_grade = 'unfulfilled')::int AS unfulfilled
      FROM review_entries e JOIN units c ON c.id = e.cell_id
      WHERE e.cycle_id = ${cycleId}::uuid AND c.path LIKE ${unit.path + '%'}
      GROUP BY 1`),
  );
  const childIds = rows.map((r) => r.child_id).filter((x): x is string => !!x);
  const names = childIds.length
    ? rowsOf<{ id: string; name: string; leaf: boolean }>(
        await ctx.db.execute(sql`
          SELECT u.id, u.name, NOT EXISTS (SELECT 1 FROM units k WHERE k.parent_id = u.id) AS leaf
          FROM units u WHERE u.id IN (SELECT jsonb_array_elements_text(${JSON.stringify(childIds)}::jsonb)::uuid)`),
      )
    : [];
  const zero: Row = {
    child_id: null,
    included: 0,
    left_out: 0,
    not_graded: 0,
    submitted: 0,
    residence_needed: 0,
    residence_answered: 0,
    proposed: 0,
    decided: 0,
    published: 0,
    excellent: 0,
    good: 0,
    fulfilled: 0,
    unfulfilled: 0,
  };
  const total = rows.reduce<Row>((acc, r) => {
    const out = { ...acc };
    for (const k of Object.keys(zero) as Array<keyof Row>)
      if (k !== 'child_id') (out[k] as number) = (acc[k] as number) + (r[k] as number);
    return out;
  }, zero);
  const children = rows
    .filter((r) => r.child_id)
    .map((r) => {
      const n = names.find((x) => x.id === r.child_id);
      return toStats(r, r.child_id!, n?.name ?? '', n?.leaf ?? true);
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  // Members whose cell is the unit itself (a grassroots cell) have no child: they count in the total only.
  return {
    cycle: { id: cycle.id, year: cycle.year, deadlines: cycle.deadlines },
    unit: { id: unit.id, name: unit.name },
    total: toStats(total, unit.id, unit.name, childIds.length === 0),
    children,
  };
}

const STEPS = {
  self: { deadline: 'selfReview', text: 'Chưa nộp bản tự kiểm điểm', where: sql`e.self_status <> 'submitted'` },
  residence: {
    deadline: 'residence',
    text: 'Chưa có nhận xét của chi bộ nơi cư trú',
    where: sql`e.residence_status IN ('needed', 'requested')`,
  },
  cell: { deadline: 'cellSession', text: 'Chi bộ chưa đề xuất xếp loại', where: sql`e.graded AND e.proposed_grade IS NULL` },
  decision: { deadline: 'decision', text: 'Cấp trên chưa quyết định xếp loại', where: sql`e.graded AND e.decided_grade IS NULL` },
} as const;
export type Step = keyof typeof STEPS;

/** Who is late for a step: its deadline has passed and the step is not done. */
export async function lateList(ctx: Ctx, cycleId: string, unitId: string | undefined, step: Step) {
  const { cycle, unit } = await cycleAndUnit(ctx, cycleId, unitId);
  const s = STEPS[step];
  const deadline = cycle.deadlines[s.deadline]!;
  const today = vnDate(ctx.clock.now());
  if (today <= deadline) return { step, deadline, overdue: false, items: [] };
  const items = rowsOf<{ entryId: string; fullName: string; cellName: string }>(
    await ctx.db.execute(sql`
      SELECT e.id AS "entryId", m.full_name AS "fullName", c.name AS "cellName"
      FROM review_entries e JOIN units c ON c.id = e.cell_id JOIN members m ON m.id = e.member_id
      WHERE e.cycle_id = ${cycleId}::uuid AND e.included AND c.path LIKE ${unit.path + '%'} AND ${s.where}
      ORDER BY c.path, m.name_search LIMIT 2000`),
  );
  return { step, deadline, overdue: true, what: s.text, items };
}

/** The statistics as a spreadsheet: one row per child unit, then the total. */
export async function statsXlsx(ctx: Ctx, cycleId: string, unitId: string | undefined): Promise<Buffer> {
  const s = await reviewStats(ctx, cycleId, unitId);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`Xếp loại ${s.cycle.year}`);
  ws.addRow([`Kết quả xếp loại đảng viên năm ${s.cycle.year} — ${s.unit.name}`]);
  ws.addRow([
    'Đơn vị',
    'Số kiểm điểm',
    'Không xếp loại',
    'Không kiểm điểm',
    'Đã quyết định',
    ...GRADES.flatMap((g) => [GRADE_TEXT[g], `${GRADE_TEXT[g]} (%)`]),
  ]);
  for (const r of [...s.children, s.total])
    ws.addRow([
      r === s.total ? `Tổng cộng ${r.name}` : r.name,
      r.included,
      r.notGraded,
      r.leftOut,
      r.progress.decided,
      ...GRADES.flatMap((g) => [r.grades[g].count, r.grades[g].share]),
    ]);
  ws.getRow(2).font = { bold: true };
  ws.columns.forEach((c) => (c.width = 18));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
