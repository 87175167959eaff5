/**
 * The audit log: every write records actor, action, target, unit, time, request id and the
 * changed fields with old and new values. Writes happen inside the caller's transaction, so a
 * rolled-back change leaves no audit entry and a committed one always has its entry.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { auditLog, units, users } from '../../db/schema.ts';
import { listingScope } from '../../auth/scope.ts';
import type { Ctx } from '../../context.ts';

export type Changes = Record<string, { old: unknown; new: unknown }>;

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  unitId?: string | null;
  unitPath?: string | null;
  changes?: Changes;
}

export interface AuditSource {
  actorId: string | null;
  requestId: string | null;
  at: Date;
}

export function sourceOf(ctx: Ctx): AuditSource {
  return { actorId: ctx.actor.userId, requestId: ctx.requestId, at: ctx.clock.now() };
}

export async function recordAudit(tx: DbOrTx, source: AuditSource, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    at: source.at,
    actorId: source.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    unitId: entry.unitId ?? null,
    unitPath: entry.unitPath ?? null,
    requestId: source.requestId,
    changes: entry.changes ?? {},
  });
}

/** Field-by-field difference of two records, limited to `fields`. */
export function diff<T extends object>(before: T, after: Partial<T>, fields: Array<keyof T>): Changes {
  const out: Changes = {};
  for (const f of fields) {
    if (!(f in after)) continue;
    const o = before[f];
    const n = after[f];
    if (JSON.stringify(o) !== JSON.stringify(n)) out[String(f)] = { old: o ?? null, new: n ?? null };
  }
  return out;
}

export interface AuditQuery {
  unitId?: string | undefined;
  limit: number;
  offset: number;
}

/** The log of the actor's scope, optionally narrowed to one unit's subtree. */
export async function listAudit(ctx: Ctx, q: AuditQuery) {
  const where = and(...(await listingScope(ctx, 'audit.read', auditLog.unitPath, q.unitId)));
  const rows = await ctx.db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorName: users.displayName,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      unitName: units.name,
      changes: auditLog.changes,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .leftJoin(units, eq(units.id, auditLog.unitId))
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(q.limit)
    .offset(q.offset);
  const [count] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(where);
  return { items: rows, total: count?.n ?? 0 };
}
