/**
 * POST /api/installs: the web app reports that it runs installed on this device (the
 * `appinstalled` event, or the first start in standalone display mode). One row per user and
 * device; a repeat report only refreshes last_seen_at, so adoption statistics count people.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../app.ts';
import { rowsOf, type DbOrTx } from '../../db/client.ts';
import { appInstalls } from '../../db/schema.ts';
import type { Ctx } from '../../context.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';

export const InstallBody = z.object({
  deviceId: z.uuid(),
  platform: z.enum(['android', 'ios', 'desktop', 'other']),
  source: z.enum(['appinstalled', 'standalone']),
});
const InstallResult = z.object({ first: z.boolean(), installedAt: z.date() });

export async function recordInstall(ctx: Ctx, body: z.infer<typeof InstallBody>, userAgent: string) {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    // xmax = 0 only on a fresh insert: tells a first install from a repeated report in one statement.
    const [row] = await tx
      .insert(appInstalls)
      .values({
        userId: ctx.actor.userId,
        deviceId: body.deviceId,
        platform: body.platform,
        source: body.source,
        userAgent: userAgent.slice(0, 300),
        installedAt: now,
        lastSeenAt: now,
      })
      .onConflictDoUpdate({ target: [appInstalls.userId, appInstalls.deviceId], set: { lastSeenAt: now } })
      .returning({ installedAt: appInstalls.installedAt, first: sql<boolean>`(xmax = 0)` });
    if (row!.first) {
      await recordAudit(tx, sourceOf(ctx), {
        action: 'installs.record',
        targetType: 'user',
        targetId: ctx.actor.userId,
        changes: { platform: { old: null, new: body.platform } },
      });
    }
    return { first: Boolean(row!.first), installedAt: row!.installedAt };
  });
}

/** Members of a subtree with at least one installed device (for adoption statistics). */
export async function installedMembers(db: DbOrTx, unitPath: string): Promise<number> {
  const res = await db.execute(sql`
    SELECT count(DISTINCT m.id)::int AS n FROM app_installs i
    JOIN users u ON u.id = i.user_id JOIN members m ON m.id = u.member_id JOIN units c ON c.id = m.cell_id
    WHERE c.path LIKE ${unitPath + '%'}`);
  return rowsOf<{ n: number }>(res)[0]?.n ?? 0;
}

export async function installsRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/installs',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['installs'],
        summary: 'Ghi nhận ứng dụng đã cài trên thiết bị',
        body: InstallBody,
        response: { 200: InstallResult },
      },
    },
    async (req) => recordInstall(deps.ctx(req), req.body, req.headers['user-agent'] ?? ''),
  );
}
