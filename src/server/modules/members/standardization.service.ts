/**
 * Chuẩn hóa: per unit (any level) the members, how many are standardized, the problems by kind,
 * the list to work through, one-click fixes where the fix is certain, and the duplicate finder.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { CERTAIN_FIXES, certainFixes, PROBLEM_LABELS_VI, type ProblemCode } from '../../../common/members/checks.ts';
import { rowsOf } from '../../db/client.ts';
import { members, units } from '../../db/schema.ts';
import { authorize } from '../../auth/authorize.ts';
import type { Ctx } from '../../context.ts';
import { recordAudit, sourceOf, diff } from '../audit/audit.service.ts';
import { cardPattern, derive, recheckStale, type CheckContext } from './record.ts';
import { vnDate } from '../../../common/time/vietnam.ts';
import { load } from '../../auth/policies.ts';

export async function checkContext(ctx: Ctx): Promise<CheckContext> {
  return { today: vnDate(ctx.clock.now()), cardPattern: await cardPattern(ctx.db) };
}

export interface SummaryQuery {
  unitId: string;
  problem?: ProblemCode | undefined;
  limit: number;
  offset: number;
}

export async function standardizationSummary(ctx: Ctx, q: SummaryQuery) {
  const unit = await load.unit(ctx, q.unitId, 'members.read');
  await recheckStale(ctx.db, unit.path, await checkContext(ctx));
  const inUnit = sql`${members.cellId} IN (SELECT id FROM units WHERE path LIKE ${unit.path + '%'})`;
  const [totals] = rowsOf<{ total: number; standardized: number }>(
    await ctx.db.execute(
      sql`SELECT count(*)::int AS total, count(*) FILTER (WHERE standardized)::int AS standardized FROM members WHERE ${inUnit}`,
    ),
  );
  const byKind = rowsOf<{ code: ProblemCode; n: number }>(
    await ctx.db.execute(sql`
      SELECT p->>'code' AS code, count(DISTINCT m.id)::int AS n
      FROM members m, jsonb_array_elements(coalesce(m.problems, '[]'::jsonb)) p
      WHERE m.cell_id IN (SELECT id FROM units WHERE path LIKE ${unit.path + '%'})
      GROUP BY 1 ORDER BY 2 DESC, 1`),
  );
  const conds = [inUnit, sql`${members.standardized} = false`];
  if (q.problem) conds.push(sql`${members.problems} @> ${JSON.stringify([{ code: q.problem }])}::jsonb`);
  const rows = await ctx.db
    .select({
      id: members.id,
      fullName: members.fullName,
      cellId: members.cellId,
      cellName: units.name,
      problems: members.problems,
    })
    .from(members)
    .innerJoin(units, eq(units.id, members.cellId))
    .where(and(...conds))
    .orderBy(asc(units.path), asc(members.nameSearch))
    .limit(q.limit)
    .offset(q.offset);
  const [count] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(members)
    .where(and(...conds));
  const total = totals?.total ?? 0;
  const standardized = totals?.standardized ?? 0;
  return {
    unit: { id: unit.id, name: unit.name },
    members: total,
    standardized,
    percent: total === 0 ? 100 : Math.floor((standardized / total) * 1000) / 10,
    byProblem: byKind.map((k) => ({
      code: k.code,
      label: PROBLEM_LABELS_VI[k.code] ?? k.code,
      count: k.n,
      certainFix: CERTAIN_FIXES.has(k.code),
    })),
    items: rows.map((r) => {
      const problems = (r.problems ?? []).map((p) => ({
        code: p.code as ProblemCode,
        field: p.field,
        label: PROBLEM_LABELS_VI[p.code as ProblemCode] ?? p.code,
      }));
      return { ...r, problems, fixable: problems.some((p) => CERTAIN_FIXES.has(p.code)) };
    }),
    total: count?.n ?? 0,
  };
}

type MemberRow = typeof members.$inferSelect;

/** Applies the certain fixes to one loaded member inside a transaction; returns the changed fields. */
async function fixOne(
  ctx: Ctx,
  tx: Parameters<Parameters<Ctx['db']['transaction']>[0]>[0],
  m: MemberRow,
  unit: { id: string; path: string },
  check: CheckContext,
) {
  const fixes = certainFixes(m);
  if (Object.keys(fixes).length === 0) return {};
  const next = { ...m, ...fixes };
  const d = derive(next, check);
  await tx
    .update(members)
    .set({ ...fixes, ...d, updatedAt: ctx.clock.now() })
    .where(eq(members.id, m.id));
  const changes = diff(m, fixes, Object.keys(fixes) as Array<keyof MemberRow>);
  await recordAudit(tx, sourceOf(ctx), {
    action: 'member.standardize',
    targetType: 'member',
    targetId: m.id,
    unitId: unit.id,
    unitPath: unit.path,
    changes,
  });
  return changes;
}

export async function fixMember(ctx: Ctx, memberId: string) {
  const m = await load.member(ctx, memberId, 'members.manage');
  const check = await checkContext(ctx);
  const changes = await ctx.db.transaction(async (tx) => fixOne(ctx, tx, m, { id: m.cellId, path: m.cellPath }, check));
  return { fixed: Object.keys(changes).length > 0 ? 1 : 0, fields: Object.keys(changes) };
}

/** One click for a whole unit: every certain fix in its subtree, one transaction. */
export async function fixAll(ctx: Ctx, unitId: string) {
  const unit = await load.unit(ctx, unitId, 'members.manage');
  const check = await checkContext(ctx);
  await recheckStale(ctx.db, unit.path, check);
  const fixableCodes = [...CERTAIN_FIXES].map((c) => sql`${members.problems} @> ${JSON.stringify([{ code: c }])}::jsonb`);
  const rows = await ctx.db
    .select({ m: members, unitId: units.id, path: units.path })
    .from(members)
    .innerJoin(units, eq(units.id, members.cellId))
    .where(and(sql`${units.path} LIKE ${unit.path + '%'}`, sql`(${sql.join(fixableCodes, sql` OR `)})`));
  let fixed = 0;
  await ctx.db.transaction(async (tx) => {
    for (const r of rows)
      if (Object.keys(await fixOne(ctx, tx, r.m, { id: r.unitId, path: r.path }, check)).length > 0) fixed += 1;
  });
  return { fixed, fields: [] as string[] };
}

interface DupRow {
  kind: 'cccd' | 'name_dob';
  key: string;
  id: string;
  full_name: string;
  date_of_birth: string | null;
  cccd_masked: string | null;
  cell_name: string;
  path: string;
}

/**
 * Duplicates across the whole installation that touch the unit: the same CCCD (certain) and the
 * same name key + date of birth (to review; tone-placement variants included). Records outside
 * the actor's scope are counted, never shown.
 */
export async function findDuplicates(ctx: Ctx, unitId: string) {
  const unit = await load.unit(ctx, unitId, 'members.read');
  const check = await checkContext(ctx);
  // Name keys of every record must be current, since a duplicate may sit anywhere.
  await recheckStale(ctx.db, '/', check);
  const rows = rowsOf<DupRow>(
    await ctx.db.execute(sql`
      WITH mine AS (
        SELECT m.cccd_hash, m.name_key, m.date_of_birth FROM members m JOIN units u ON u.id = m.cell_id WHERE u.path LIKE ${unit.path + '%'}
      ),
      groups AS (
        SELECT 'cccd' AS kind, cccd_hash AS key FROM members WHERE cccd_hash IN (SELECT cccd_hash FROM mine WHERE cccd_hash IS NOT NULL) GROUP BY cccd_hash HAVING count(*) > 1
        UNION ALL
        SELECT 'name_dob', name_key || '|' || date_of_birth::text FROM members
        WHERE (name_key, date_of_birth) IN (SELECT name_key, date_of_birth FROM mine WHERE name_key IS NOT NULL AND date_of_birth IS NOT NULL)
        GROUP BY name_key, date_of_birth HAVING count(*) > 1
      )
      SELECT g.kind, g.key, m.id, m.full_name, m.date_of_birth::text AS date_of_birth, m.cccd_masked, u.name AS cell_name, u.path
      FROM groups g
      JOIN members m ON (g.kind = 'cccd' AND m.cccd_hash = g.key) OR (g.kind = 'name_dob' AND m.name_key || '|' || m.date_of_birth::text = g.key)
      JOIN units u ON u.id = m.cell_id
      ORDER BY g.kind, g.key, u.path
      LIMIT 2000`),
  );
  const groups = new Map<
    string,
    {
      kind: 'cccd' | 'name_dob';
      members: Array<{ id: string; fullName: string; dateOfBirth: string | null; cccdMasked: string | null; cellName: string }>;
      outsideScope: number;
    }
  >();
  for (const r of rows) {
    const k = `${r.kind}:${r.key}`;
    const g = groups.get(k) ?? { kind: r.kind, members: [], outsideScope: 0 };
    if (authorize(ctx.actor, 'members.read', r.path))
      g.members.push({
        id: r.id,
        fullName: r.full_name,
        dateOfBirth: r.date_of_birth,
        cccdMasked: r.cccd_masked,
        cellName: r.cell_name,
      });
    else g.outsideScope += 1;
    groups.set(k, g);
  }
  const list = [...groups.values()];
  return { certain: list.filter((g) => g.kind === 'cccd'), review: list.filter((g) => g.kind === 'name_dob') };
}
