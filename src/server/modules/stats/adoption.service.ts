/**
 * Adoption statistics for a unit's subtree: members counted (official and probationary;
 * exempted ones apart), accounts created, activated, active in the last 30 days, app
 * installed, records standardized. One query over the subtree grouped by the child unit each
 * member's cell lies under, so the children's rows always add up to the unit's figures.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../../db/client.ts';
import { requireScope } from '../../auth/authorize.ts';
import type { Ctx } from '../../context.ts';
import { maskPhone } from '../../../common/validation/phone.ts';
import type { AdoptionMetric } from './stats.schemas.ts';

export const ACTIVE_WINDOW_MS = 30 * 24 * 3600 * 1000;
/** Statuses that belong to a cell today: counted (official, probationary) or listed apart (exempted). */
const CURRENT_STATUSES = sql`('official', 'probationary', 'exempted')`;

export interface Counts {
  members: number;
  probationary: number;
  exempted: number;
  accounts: number;
  activated: number;
  active30: number;
  installed: number;
  standardized: number;
}
const COUNT_KEYS = ['members', 'probationary', 'exempted', 'accounts', 'activated', 'active30', 'installed', 'standardized'] as const;

export interface UnitInfo {
  id: string;
  code: string;
  name: string;
  type: string;
  path: string;
  depth: number;
  parentId: string | null;
}

/** The unit, or 404 when it is outside the actor's scope for stats (a foreign id is never confirmed). */
export async function scopedUnit(ctx: Ctx, unitId: string): Promise<UnitInfo> {
  const [u] = rowsOf<UnitInfo>(await ctx.db.execute(sql`SELECT id, code, name, type, path, depth, parent_id AS "parentId" FROM units WHERE id = ${unitId}`));
  requireScope(ctx.actor, 'stats.read', u?.path);
  return u!;
}

const rate = (n: number, of: number) => (of === 0 ? 0 : Math.round((n * 1000) / of) / 10);
export function withRates(c: Counts) {
  return { ...c, rates: { accounts: rate(c.accounts, c.members), activated: rate(c.activated, c.members), active30: rate(c.active30, c.members), installed: rate(c.installed, c.members), standardized: rate(c.standardized, c.members) } };
}

function zero(): Counts {
  return { members: 0, probationary: 0, exempted: 0, accounts: 0, activated: 0, active30: 0, installed: 0, standardized: 0 };
}

/** Per-member flags of a subtree, with the child unit (field depth+3 of the cell path) the member falls under. */
function memberFacts(unit: UnitInfo, since: Date) {
  return sql`
    SELECT NULLIF(split_part(c.path, '/', ${unit.depth + 3}), '') AS child_id, m.status,
           m.standardized IS TRUE AS standardized, u.id IS NOT NULL AS has_account,
           u.activated_at IS NOT NULL AS activated, coalesce(u.last_seen_at >= ${since.toISOString()}, false) AS active30,
           (u.id IS NOT NULL AND EXISTS (SELECT 1 FROM app_installs i WHERE i.user_id = u.id)) AS installed
    FROM members m JOIN units c ON c.id = m.cell_id LEFT JOIN users u ON u.member_id = m.id
    WHERE c.path LIKE ${unit.path + '%'} AND m.status IN ${CURRENT_STATUSES}`;
}

/** Counts per child (child_id null: members of the unit's own cell), one pass over the subtree. */
export function adoptionQuery(unit: UnitInfo, since: Date) {
  const counted = sql`status <> 'exempted'`;
  return sql`
      SELECT child_id,
        count(*) FILTER (WHERE ${counted})::int AS members,
        count(*) FILTER (WHERE status = 'probationary')::int AS probationary,
        count(*) FILTER (WHERE status = 'exempted')::int AS exempted,
        count(*) FILTER (WHERE ${counted} AND has_account)::int AS accounts,
        count(*) FILTER (WHERE ${counted} AND activated)::int AS activated,
        count(*) FILTER (WHERE ${counted} AND active30)::int AS active30,
        count(*) FILTER (WHERE ${counted} AND installed)::int AS installed,
        count(*) FILTER (WHERE ${counted} AND standardized)::int AS standardized
      FROM (${memberFacts(unit, since)}) f GROUP BY child_id`;
}

/**
 * Runs a subtree scan with JIT compilation off: on PostgreSQL the province-wide scan (100,000
 * members) is costed high enough to trigger JIT, whose compile time (~0.5 s measured) exceeds
 * the query itself (~0.2 s). SET LOCAL keeps the change inside this transaction.
 */
async function withoutJit<T>(ctx: Ctx, fn: (db: DbOrTx) => Promise<T>): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL jit = off`);
    return fn(tx);
  });
}

interface GroupRow extends Counts {
  child_id: string | null;
}

export async function adoption(ctx: Ctx, unitId: string) {
  const unit = await scopedUnit(ctx, unitId);
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - ACTIVE_WINDOW_MS);
  const groups = await withoutJit(ctx, async (db) => rowsOf<GroupRow>(await db.execute(adoptionQuery(unit, since))));
  const children = rowsOf<{ id: string; code: string; name: string; type: string; status: string; has_children: boolean }>(
    await ctx.db.execute(sql`
      SELECT k.id, k.code, k.name, k.type, k.status, EXISTS (SELECT 1 FROM units g WHERE g.parent_id = k.id) AS has_children
      FROM units k WHERE k.parent_id = ${unit.id} ORDER BY k.sort_order, k.name_search, k.id`),
  );
  const byChild = new Map(groups.map((g) => [g.child_id, g]));
  const total = zero();
  for (const g of groups) for (const k of COUNT_KEYS) total[k] += g[k];
  const ref = (u: { id: string; code: string; name: string; type: string }) => ({ id: u.id, code: u.code, name: u.name, type: u.type });
  const rows = children
    // A dissolved or merged child is listed only while members still sit under it, so nothing is lost from the sum.
    .filter((k) => k.status === 'active' || byChild.has(k.id))
    .map((k) => ({ unit: ref(k), direct: false, hasChildren: k.has_children, ...withRates(pick(byChild.get(k.id))) }));
  const direct = byChild.get(null);
  if (direct || children.length === 0) rows.unshift({ unit: ref(unit), direct: true, hasChildren: false, ...withRates(pick(direct)) });
  // Ranking by installation rate among the rows (siblings under this unit); ties share a rank.
  const sorted = [...rows].sort((a, b) => b.rates.installed - a.rates.installed);
  const rankOf = new Map<(typeof rows)[number], number>();
  sorted.forEach((r, i) => rankOf.set(r, i > 0 && sorted[i - 1]!.rates.installed === r.rates.installed ? rankOf.get(sorted[i - 1]!)! : i + 1));
  return {
    unit: { ...ref(unit), parentId: unit.parentId },
    asOf: now,
    total: withRates(total),
    rows: rows.map((r) => ({ ...r, installRank: rankOf.get(r)! })),
  };
}

function pick(g: Counts | undefined): Counts {
  const c = zero();
  if (g) for (const k of COUNT_KEYS) c[k] = g[k];
  return c;
}

const MISSING: Record<AdoptionMetric, string> = {
  notInstalled: 'NOT f.installed',
  notActivated: 'NOT f.activated',
  notStandardized: 'NOT f.standardized',
  noAccount: 'NOT f.has_account',
  notActive: 'NOT f.active30',
};

/** Counted members (not exempted) missing one metric: exactly the gap the dashboard shows. */
export async function drillDown(ctx: Ctx, q: { unitId: string; metric: AdoptionMetric; limit: number; offset: number }) {
  const unit = await scopedUnit(ctx, q.unitId);
  const since = new Date(ctx.clock.now().getTime() - ACTIVE_WINDOW_MS);
  const facts = sql`
    SELECT m.id, m.full_name, m.name_search, m.date_of_birth, m.status, m.phone, c.name AS cell_name, c.path AS cell_path,
           m.standardized IS TRUE AS standardized, u.id IS NOT NULL AS has_account, u.activated_at IS NOT NULL AS activated,
           coalesce(u.last_seen_at >= ${since.toISOString()}, false) AS active30,
           (u.id IS NOT NULL AND EXISTS (SELECT 1 FROM app_installs i WHERE i.user_id = u.id)) AS installed
    FROM members m JOIN units c ON c.id = m.cell_id LEFT JOIN users u ON u.member_id = m.id
    WHERE c.path LIKE ${unit.path + '%'} AND m.status IN ('official', 'probationary')`;
  const where = sql.raw(MISSING[q.metric]);
  const rows = await withoutJit(ctx, async (db) => rowsOf<{ id: string; full_name: string; date_of_birth: string | null; status: string; phone: string | null; cell_name: string; n: number }>(
    await db.execute(sql`
      SELECT f.id, f.full_name, f.date_of_birth::text AS date_of_birth, f.status, f.phone, f.cell_name, count(*) OVER ()::int AS n
      FROM (${facts}) f WHERE ${where}
      ORDER BY f.cell_path, f.name_search, f.id LIMIT ${q.limit} OFFSET ${q.offset}`),
  ));
  const total = rows[0]?.n ?? (q.offset > 0 ? await countMissing(ctx, facts, where) : 0);
  return {
    total,
    items: rows.map((r) => ({ id: r.id, fullName: r.full_name, dateOfBirth: r.date_of_birth, status: r.status, cellName: r.cell_name, phoneMasked: r.phone ? maskPhone(r.phone) : null })),
  };
}

async function countMissing(ctx: Ctx, facts: ReturnType<typeof sql>, where: ReturnType<typeof sql.raw>) {
  return rowsOf<{ n: number }>(await ctx.db.execute(sql`SELECT count(*)::int AS n FROM (${facts}) f WHERE ${where}`))[0]?.n ?? 0;
}
