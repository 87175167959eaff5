/**
 * How a resource's policy is declared (auth/policies.ts composes them). Each resource says how to
 * fetch one row for an actor, which unit's subtree decides who may act on it, and the rules that
 * differ from "holds the action at that unit". From that one declaration come:
 *  - `load(ctx, id, action)`: the row, narrowed (no `undefined`), or 404 when the id is unknown or
 *    the row is outside what the actor may know of, or 403 when they know of it but may not do
 *    the action. A route that takes an id gets its row only through here, so a second id in the
 *    same request cannot reach a row the first check did not cover;
 *  - `can(actor, action, row)`: the same answer for a row in hand (listings, nested rows);
 *  - `abilities(actor, row)`: what the UI may offer on the row, serialized with it (outline's
 *    presentPolicies), computed by the same rules.
 */
import type { Action, Actor } from './authorize.ts';
import { authorize } from './authorize.ts';
import type { DbOrTx } from '../db/client.ts';
import type { Ctx } from '../context.ts';
import { AppError, notFound } from '../http/errors.ts';

/** What a loader needs of the request's context. */
export type PolicyCtx = Pick<Ctx, 'db' | 'actor' | 'clock'>;

export type Rule<R> = (actor: Actor, row: R, now: Date) => boolean;

export interface PolicyDef<R, A extends string, Id, P> {
  /**
   * One row by id, with whatever the rules need about the actor (e.g. "invited"); undefined when
   * unknown. With `lock`, the resource's own row is locked FOR UPDATE (inside the caller's transaction).
   */
  fetch(db: DbOrTx, id: Id, actor: Actor, now: Date, lock: boolean): Promise<R | undefined>;
  /**
   * The unit path that decides the scope: a member's cell, a document's owner, a meeting's cell.
   * A resource without one (a user's own notification) allows only what its rules say.
   */
  path?(row: R): string;
  /** Rules for actions that are not "holds the action at path(row)"; every other Action gets that rule. */
  rules?: Partial<Record<A | Action, Rule<R>>>;
  /** The actor may know the row exists: a refused action then answers 403, otherwise 404. */
  known: Rule<R>;
  /** The Vietnamese words of that 403. */
  forbidden?: string;
  /** What the UI may offer on the row, from `can`. */
  present(can: (action: A | Action) => boolean, row: R, actor: Actor): P;
}

/** Inside a transaction: `{ db: tx }`, and `lock: true` to hold the row until it commits. */
export interface LoadOptions {
  db?: DbOrTx;
  lock?: boolean;
}

export interface Policy<R, A extends string, Id, P> {
  load(ctx: PolicyCtx, id: Id, action: A | Action, opts?: LoadOptions): Promise<R>;
  /** The row if the actor may do `action`, else undefined (no error): for optional ids and lists. */
  find(ctx: PolicyCtx, id: Id, action: A | Action, opts?: LoadOptions): Promise<R | undefined>;
  can(actor: Actor, action: A | Action, row: R, now: Date): boolean;
  abilities(actor: Actor, row: R, now: Date): P;
}

export function definePolicy<R, A extends string = never, Id = string, P = Record<string, never>>(
  def: PolicyDef<R, A, Id, P>,
): Policy<R, A, Id, P> {
  const can = (actor: Actor, action: A | Action, row: R, now: Date): boolean => {
    const rule = def.rules?.[action];
    if (rule) return rule(actor, row, now);
    return def.path ? authorize(actor, action as Action, def.path(row)) : false;
  };
  async function find(ctx: PolicyCtx, id: Id, action: A | Action, opts: LoadOptions = {}) {
    const now = ctx.clock.now();
    const row = await def.fetch(opts.db ?? ctx.db, id, ctx.actor, now, !!opts.lock);
    return row && can(ctx.actor, action, row, now) ? row : undefined;
  }
  return {
    can,
    find,
    async load(ctx, id, action, opts = {}) {
      const now = ctx.clock.now();
      const row = await def.fetch(opts.db ?? ctx.db, id, ctx.actor, now, !!opts.lock);
      if (!row) throw notFound();
      if (can(ctx.actor, action, row, now)) return row;
      if (def.known(ctx.actor, row, now))
        throw new AppError(403, 'forbidden', def.forbidden ?? 'Bạn không có quyền thực hiện thao tác này.');
      throw notFound();
    },
    abilities: (actor, row, now) => def.present((action) => can(actor, action, row, now), row, actor),
  };
}
