/**
 * The scope of a listing: the actor's subtrees for an action, optionally narrowed to one unit that
 * must itself be in scope (404 otherwise). One place, so every "?unitId=" filter behaves the same.
 */
import { eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { units } from '../db/schema.ts';
import type { Ctx } from '../context.ts';
import { requireScope, scopeFilter, type Action } from './authorize.ts';

/** The path of a unit the actor may `action` on; 404 when it is unknown or outside their scope. */
export async function scopedUnitPath(ctx: Pick<Ctx, 'db' | 'actor'>, action: Action, unitId: string): Promise<string> {
  const [unit] = await ctx.db.select({ path: units.path }).from(units).where(eq(units.id, unitId));
  requireScope(ctx.actor, action, unit?.path);
  return unit!.path;
}

/** Conditions on `pathColumn`: inside the actor's scope, and inside `unitId`'s subtree when given. */
export async function listingScope(
  ctx: Pick<Ctx, 'db' | 'actor'>,
  action: Action,
  pathColumn: SQLWrapper,
  unitId?: string,
): Promise<SQL[]> {
  const conds = [scopeFilter(ctx.actor, action, pathColumn)];
  if (unitId) conds.push(sql`${pathColumn} LIKE ${(await scopedUnitPath(ctx, action, unitId)) + '%'}`);
  return conds;
}
