/**
 * The scope of a listing: the actor's subtrees for an action, optionally narrowed to one unit that
 * must itself be in scope (404 otherwise). One place, so every "?unitId=" filter behaves the same.
 */
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { scopeFilter, type Action } from './authorize.ts';
import { load, type PolicyCtx } from './policies.ts';

/** Conditions on `pathColumn`: inside the actor's scope, and inside `unitId`'s subtree when given. */
export async function listingScope(ctx: PolicyCtx, action: Action, pathColumn: SQLWrapper, unitId?: string): Promise<SQL[]> {
  const conds = [scopeFilter(ctx.actor, action, pathColumn)];
  if (unitId) conds.push(sql`${pathColumn} LIKE ${(await load.unit(ctx, unitId, action)).path + '%'}`);
  return conds;
}
