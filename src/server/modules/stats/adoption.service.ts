/**
 * Adoption statistics for a unit's subtree: members counted (official and probationary;
 * exempted ones apart), accounts created, activated, active in the last 30 days, app
 * installed, records standardized. Read from stats_unit_figures (live counts at most a minute
 * old, or a month's snapshot), grouped by the child unit each row lies under, so the children's
 * rows always add up to the unit's figures. The drill-down lists are read live from the records.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../../db/client.ts';
import { notFound } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import { maskPhone } from '../../../common/validation/phone.ts';
import { addMonths, vnMonth } from '../../../common/time/vietnam.ts';
import type { AdoptionMetric } from './stats.schemas.ts';
import { ACTIVE_WINDOW_MS, LIVE, LIVE_MAX_AGE_MS, refreshLive } from './figures.service.ts';
import {
  addCounts,
  groupedFigures,
  periodChildren,
  periodUnit,
  zeroCounts,
  type Counts,
  type PeriodUnit,
} from './figures.read.ts';
import { ensureStatsJobs } from './jobs.ts';
import { load } from '../../auth/policies.ts';

export { ACTIVE_WINDOW_MS };

export interface UnitInfo {
  id: string;
  code: string;
  name: string;
  type: string;
  path: string;
  depth: number;
  parentId: string | null;
}

const rate = (n: number, of: number) => (of === 0 ? 0 : Math.round((n * 1000) / of) / 10);
const ADOPTION_KEYS = [
  'members',
  'probationary',
  'exempted',
  'accounts',
  'activated',
  'active30',
  'installed',
  'standardized',
] as const;

/** The dashboard's adoption figures of a group of rows: counts and percentages of counted members. */
export function adoptionFigures(c: Counts) {
  const counts = Object.fromEntries(ADOPTION_KEYS.map((k) => [k, c[k]])) as Record<(typeof ADOPTION_KEYS)[number], number>;
  const m = c.members;
  return {
    ...counts,
    rates: {
      accounts: rate(c.accounts, m),
      activated: rate(c.activated, m),
      active30: rate(c.active30, m),
      installed: rate(c.installed, m),
      standardized: rate(c.standardized, m),
    },
  };
}

/** Rank by installation rate; ties share a rank. */
function ranks<T>(rows: T[], rateOf: (r: T) => number): Map<T, number> {
  const sorted = [...rows].sort((a, b) => rateOf(b) - rateOf(a));
  const out = new Map<T, number>();
  sorted.forEach((r, i) => out.set(r, i > 0 && rateOf(sorted[i - 1]!) === rateOf(r) ? out.get(sorted[i - 1]!)! : i + 1));
  return out;
}

export interface FigureRow {
  unit: { id: string; code: string; name: string; type: string };
  direct: boolean;
  hasChildren: boolean;
  counts: Counts;
}

/**
 * Rows of a period's unit never change once written (a rewrite has a new taken_at), so each
 * process keeps the last few hundred: a dashboard read is then two primary-key lookups.
 */
const memo = new Map<string, { total: Counts; rows: FigureRow[] }>();
const MEMO_SIZE = 500;

/**
 * The rows of a unit in a period: one per child (and one for members sitting directly in the unit),
 * from stats_unit_figures. Undefined when the period holds no row for the unit.
 */
export async function periodRows(db: DbOrTx, period: string, unitId: string) {
  const pu = await periodUnit(db, period, unitId);
  if (!pu) return undefined;
  const key = `${period}:${unitId}:${pu.takenAt.getTime()}`;
  let got = memo.get(key);
  if (!got) {
    got = await computeRows(db, period, pu);
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
    memo.set(key, got);
  }
  return { unit: pu, total: got.total, rows: got.rows };
}

async function computeRows(db: DbOrTx, period: string, pu: PeriodUnit) {
  const { groups, withChildren } = await groupedFigures(db, period, pu);
  const children = await periodChildren(db, period, pu);
  const total = zeroCounts();
  for (const g of groups.values()) addCounts(total, g);
  const ref = (u: { id: string; code: string; name: string; type: string }) => ({
    id: u.id,
    code: u.code,
    name: u.name,
    type: u.type,
  });
  const rows: FigureRow[] = children.map((k) => ({
    unit: ref(k),
    direct: false,
    hasChildren: withChildren.has(k.id),
    counts: groups.get(k.id) ?? zeroCounts(),
  }));
  const direct = groups.get(null);
  if ((direct && (direct.members || direct.exempted || direct.cells || direct.reads)) || children.length === 0) {
    rows.unshift({
      unit: ref({ id: pu.unitId, code: pu.code, name: pu.name, type: pu.type }),
      direct: true,
      hasChildren: false,
      counts: direct ?? zeroCounts(),
    });
  }
  return { total, rows };
}

/** Live counts, recomputed first when older than a minute; the jobs that keep them fresh are (re)started. */
export async function liveRows(ctx: Ctx, unitId: string) {
  const now = ctx.clock.now();
  // The unit's own row carries the time the counts were taken: fresh enough is one lookup.
  const got = await periodRows(ctx.db, LIVE, unitId);
  if (got && now.getTime() - got.unit.takenAt.getTime() < LIVE_MAX_AGE_MS) return got;
  if (got) {
    // Stale: the jobs are behind or stopped. Recompute (unless another process is at it) and restart them.
    if (await refreshLive(ctx.db, now, true)) await ensureStatsJobs(ctx.db, now);
    return (await periodRows(ctx.db, LIVE, unitId)) ?? got;
  }
  // Missing: the very first read, or a unit created since the counts were taken (every active unit
  // has a live row). A dissolved or merged unit with nothing left under it has nothing to show.
  const [u] = rowsOf<{ status: string }>(await ctx.db.execute(sql`SELECT status FROM units WHERE id = ${unitId}`));
  if (u?.status !== 'active') throw notFound('Đơn vị không còn số liệu (đã giải thể hoặc sáp nhập).');
  await refreshLive(ctx.db, now, true, unitId);
  await ensureStatsJobs(ctx.db, now);
  const fresh = await periodRows(ctx.db, LIVE, unitId);
  if (!fresh) throw notFound();
  return fresh;
}

/**
 * Adoption of a unit: now (live counts, at most a minute old) or as of a past month's snapshot.
 * Each row carries its rank by installation rate among its siblings and the movement since the
 * previous month's snapshot (rank and rate), read in the tree as it stood then.
 */
export async function adoption(ctx: Ctx, unitId: string, month?: string) {
  const unit = await load.unit(ctx, unitId, 'stats.read');
  const period = month ?? LIVE;
  const data = month ? await periodRows(ctx.db, month, unitId) : await liveRows(ctx, unitId);
  if (!data) throw notFound('Chưa có số liệu của đơn vị trong tháng này.');
  const current = data.rows.map((r) => ({ r, f: adoptionFigures(r.counts) }));
  const rankOf = ranks(current, (x) => x.f.rates.installed);
  const prevMonth = addMonths(month ?? vnMonth(ctx.clock.now()), -1);
  const prev = await periodRows(ctx.db, prevMonth, unitId);
  const prevFigures = (prev?.rows ?? []).map((r) => ({ r, f: adoptionFigures(r.counts) }));
  const prevRank = ranks(prevFigures, (x) => x.f.rates.installed);
  const prevOf = new Map(prevFigures.map((x) => [`${x.r.unit.id}:${x.r.direct}`, x]));
  return {
    unit: { id: unit.id, code: unit.code, name: unit.name, type: unit.type, parentId: unit.parentId },
    period,
    asOf: data.unit.takenAt,
    previousMonth: prev ? prevMonth : null,
    total: adoptionFigures(data.total),
    rows: current.map((x) => {
      const p = prevOf.get(`${x.r.unit.id}:${x.r.direct}`);
      const rank = rankOf.get(x)!;
      return {
        unit: x.r.unit,
        direct: x.r.direct,
        hasChildren: x.r.hasChildren,
        ...x.f,
        installRank: rank,
        movement: p
          ? {
              previousRank: prevRank.get(p)!,
              rankChange: prevRank.get(p)! - rank,
              installedRateChange: Math.round((x.f.rates.installed - p.f.rates.installed) * 10) / 10,
            }
          : null,
      };
    }),
  };
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

const COUNTED = "f.status <> 'exempted'";
/** The reasons "not covered" are exclusive, in the order of figures.service.ts. */
const MISSING: Record<AdoptionMetric, string> = {
  notInstalled: `${COUNTED} AND NOT f.installed`,
  notActivated: `${COUNTED} AND NOT f.activated`,
  notStandardized: `${COUNTED} AND NOT f.standardized`,
  noAccount: `${COUNTED} AND NOT f.has_account`,
  notActive: `${COUNTED} AND NOT f.active30`,
  exempted: "f.status = 'exempted'",
  reasonProbationary: "f.status = 'probationary' AND NOT f.installed",
  reasonNoPhone: "f.status = 'official' AND NOT f.installed AND NOT f.has_phone",
  reasonNotActivated: "f.status = 'official' AND NOT f.installed AND f.has_phone AND NOT f.activated",
  reasonOther: "f.status = 'official' AND NOT f.installed AND f.has_phone AND f.activated",
};

/** Members missing one metric (or not covered for one reason): exactly the gap the dashboard shows. */
export async function drillDown(ctx: Ctx, q: { unitId: string; metric: AdoptionMetric; limit: number; offset: number }) {
  const unit = await load.unit(ctx, q.unitId, 'stats.read');
  const since = new Date(ctx.clock.now().getTime() - ACTIVE_WINDOW_MS);
  const facts = sql`
    SELECT m.id, m.full_name, m.name_search, m.date_of_birth, m.status, m.phone, m.phone IS NOT NULL AS has_phone, c.name AS cell_name, c.path AS cell_path,
           m.standardized IS TRUE AS standardized, u.id IS NOT NULL AS has_account, u.activated_at IS NOT NULL AS activated,
           coalesce(u.last_seen_at >= ${since.toISOString()}, false) AS active30,
           (u.id IS NOT NULL AND EXISTS (SELECT 1 FROM app_installs i WHERE i.user_id = u.id)) AS installed
    FROM members m JOIN units c ON c.id = m.cell_id LEFT JOIN users u ON u.member_id = m.id
    WHERE c.path LIKE ${unit.path + '%'} AND m.status IN ('official', 'probationary', 'exempted')`;
  const where = sql.raw(MISSING[q.metric]);
  const rows = await withoutJit(ctx, async (db) =>
    rowsOf<{
      id: string;
      full_name: string;
      date_of_birth: string | null;
      status: string;
      phone: string | null;
      cell_name: string;
      n: number;
    }>(
      await db.execute(sql`
      SELECT f.id, f.full_name, f.date_of_birth::text AS date_of_birth, f.status, f.phone, f.cell_name, count(*) OVER ()::int AS n
      FROM (${facts}) f WHERE ${where}
      ORDER BY f.cell_path, f.name_search, f.id LIMIT ${q.limit} OFFSET ${q.offset}`),
    ),
  );
  const total = rows[0]?.n ?? (q.offset > 0 ? await countMissing(ctx, facts, where) : 0);
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      fullName: r.full_name,
      dateOfBirth: r.date_of_birth,
      status: r.status,
      cellName: r.cell_name,
      phoneMasked: r.phone ? maskPhone(r.phone) : null,
    })),
  };
}

async function countMissing(ctx: Ctx, facts: ReturnType<typeof sql>, where: ReturnType<typeof sql.raw>) {
  return rowsOf<{ n: number }>(await ctx.db.execute(sql`SELECT count(*)::int AS n FROM (${facts}) f WHERE ${where}`))[0]?.n ?? 0;
}
