/**
 * Committee notices (thông báo): staff of a unit send a notice to every member of its subtree
 * (in-app + push through notify()), members read it, and the sender sees how many have read it.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import { noticeReads, notices, units, users } from '../../db/schema.ts';
import { memberCell, scopeFilter } from '../../auth/authorize.ts';
import type { Ctx } from '../../context.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import { notify } from '../notifications/notify.ts';
import { can, load } from '../../auth/policies.ts';

export async function sendNotice(ctx: Ctx, input: { unitId: string; title: string; body: string }) {
  const unit = await load.unit(ctx, input.unitId, 'notices.send');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(notices)
      .values({
        unitId: unit.id,
        unitPath: unit.path,
        title: input.title,
        body: input.body,
        authorUserId: ctx.actor.userId,
        createdAt: now,
      })
      .returning({ id: notices.id });
    const sent = await notify(tx, {
      unitPath: unit.path,
      kind: 'committee_notice',
      title: input.title,
      body: input.body.slice(0, 200),
      link: `/thong-bao-chung/${row!.id}`,
      at: now,
    });
    await tx.update(notices).set({ recipientCount: sent.recipients }).where(eq(notices.id, row!.id));
    await recordAudit(tx, sourceOf(ctx), {
      action: 'notices.send',
      targetType: 'notice',
      targetId: row!.id,
      unitId: unit.id,
      unitPath: unit.path,
      changes: { title: { old: null, new: input.title }, recipients: { old: null, new: sent.recipients } },
    });
    return { id: row!.id, recipients: sent.recipients, pushes: sent.pushes };
  });
}

/** Prefixes of the member's cell path: the notices of their cell and every unit above reach them. */
function ancestorPaths(path: string): string[] {
  const ids = path.split('/').filter(Boolean);
  return ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
}

function memberPaths(ctx: Ctx): string[] {
  const cell = memberCell(ctx.actor);
  return cell ? ancestorPaths(cell.path) : [];
}

/** Notices addressed to the member (their cell and the units above it), newest first. */
export async function myNotices(ctx: Ctx) {
  const paths = memberPaths(ctx);
  if (paths.length === 0) return { items: [] };
  const res = await ctx.db.execute(sql`
    SELECT n.id, n.title, n.body, n.created_at AS "createdAt", u.name AS "unitName", r.read_at AS "readAt"
    FROM notices n JOIN units u ON u.id = n.unit_id
    LEFT JOIN notice_reads r ON r.notice_id = n.id AND r.user_id = ${ctx.actor.userId}::uuid
    WHERE n.unit_path IN (SELECT jsonb_array_elements_text(${JSON.stringify(paths)}::jsonb))
    ORDER BY n.created_at DESC LIMIT 50`);
  return { items: rowsOf<NoticeRow>(res).map(dated) };
}

interface NoticeRow {
  id: string;
  title: string;
  body: string;
  createdAt: string | Date;
  unitName: string;
  readAt: string | Date | null;
}
const dated = (r: NoticeRow) => ({ ...r, createdAt: new Date(r.createdAt), readAt: r.readAt ? new Date(r.readAt) : null });

/** One notice: a member it was addressed to (marks it read), or staff in scope. */
export async function readNotice(ctx: Ctx, id: string) {
  const n = await load.notice(ctx, id, 'read');
  const addressed = can.notice(ctx.actor, 'addressee', n, ctx.clock.now());
  let readAt: Date | null = null;
  if (addressed) {
    // A receipt, not a change of data: kept in notice_reads for the read count, not audited.
    await ctx.db
      .insert(noticeReads)
      .values({ noticeId: id, userId: ctx.actor.userId, readAt: ctx.clock.now() })
      .onConflictDoNothing();
    const [r] = await ctx.db
      .select({ readAt: noticeReads.readAt })
      .from(noticeReads)
      .where(and(eq(noticeReads.noticeId, id), eq(noticeReads.userId, ctx.actor.userId)));
    readAt = r?.readAt ?? null;
  }
  return { id: n.id, title: n.title, body: n.body, createdAt: n.createdAt, unitName: n.unitName, readAt };
}

/** Notices sent in the actor's scope with their read counts. */
export async function sentNotices(ctx: Ctx) {
  const rows = await ctx.db
    .select({
      id: notices.id,
      title: notices.title,
      createdAt: notices.createdAt,
      unitName: units.name,
      authorName: users.displayName,
      recipientCount: notices.recipientCount,
      readCount: sql<number>`(SELECT count(*)::int FROM notice_reads r WHERE r.notice_id = ${sql.raw('"notices"."id"')})`,
    })
    .from(notices)
    .innerJoin(units, eq(units.id, notices.unitId))
    .innerJoin(users, eq(users.id, notices.authorUserId))
    .where(scopeFilter(ctx.actor, 'notices.send', notices.unitPath))
    .orderBy(desc(notices.createdAt))
    .limit(100);
  return { items: rows };
}
