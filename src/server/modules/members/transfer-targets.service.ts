/**
 * Finding the receiving cell of a transfer (chuyển sinh hoạt). The receiving cell is often outside
 * the sending side's own subtree, and the unit tree outside one's scope is not browsable. So: cells
 * inside the actor's scope are found by name; any other active cell of the installation only by its
 * exact code, which the sending side has from the transfer decision (giấy giới thiệu). A name search
 * never reveals a foreign cell.
 */
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { foldVietnamese } from '../../../common/text/vietnamese.ts';
import { units, type UnitType } from '../../db/schema.ts';
import { scopeFilter } from '../../auth/authorize.ts';
import type { Ctx } from '../../context.ts';

const CELL_TYPES: UnitType[] = ['cell', 'grassroots_cell'];

export async function transferTargets(ctx: Ctx, q: string) {
  const folded = foldVietnamese(q.trim());
  if (folded.length < 2) return { items: [] };
  const like = `%${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await ctx.db
    .select({ id: units.id, code: units.code, name: units.name, parentId: units.parentId })
    .from(units)
    .where(
      and(
        eq(units.status, 'active'),
        inArray(units.type, CELL_TYPES),
        or(
          and(
            scopeFilter(ctx.actor, 'members.manage', units.path),
            sql`(${units.nameSearch} LIKE ${like} OR lower(${units.code}) LIKE ${like})`,
          ),
          sql`lower(${units.code}) = ${q.trim().toLowerCase()}`,
        ),
      ),
    )
    .orderBy(asc(units.depth), asc(units.name))
    .limit(20);
  const parentIds = [...new Set(rows.map((r) => r.parentId).filter((p): p is string => !!p))];
  const parents = parentIds.length
    ? await ctx.db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, parentIds))
    : [];
  const parentName = new Map(parents.map((p) => [p.id, p.name]));
  return {
    items: rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      parentName: r.parentId ? (parentName.get(r.parentId) ?? null) : null,
    })),
  };
}
