/**
 * The two-way channel: a member sends a question or suggestion to their cell or a committee above
 * it; staff holding 'feedback.handle' at that unit answer it, forward it further up, or close it.
 * The member follows the status; committees see what waits in each unit below them.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import { feedbackEvents, feedbackItems, units, users, type FeedbackEventKind, type FeedbackKind } from '../../db/schema.ts';
import { memberCell, scopeFilter } from '../../auth/authorize.ts';
import { AppError, badRequest, notFound } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import { notify } from '../notifications/notify.ts';
import { abilitiesOf, find, load } from '../../auth/policies.ts';

/** The actor's own cell (the implicit member role), or a clear refusal for staff-only accounts. */
function ownCell(ctx: Ctx) {
  const cell = memberCell(ctx.actor);
  if (!cell) throw new AppError(403, 'feedback.not_member', 'Chỉ đảng viên thuộc một chi bộ mới gửi được câu hỏi, kiến nghị.');
  return cell;
}

/** Unit ids on a path '/a/b/c/', root first. */
const idsOfPath = (path: string) => path.split('/').filter(Boolean);

/** Where the member may send: their cell and every unit above it, nearest first. */
export async function targets(ctx: Ctx) {
  const cell = ownCell(ctx);
  const ids = idsOfPath(cell.path);
  const rows = await ctx.db
    .select({ id: units.id, name: units.name, type: units.type, depth: units.depth })
    .from(units)
    .where(inArray(units.id, ids));
  return { items: rows.sort((a, b) => b.depth - a.depth).map(({ id, name, type }) => ({ id, name, type })) };
}

export interface SendInput {
  clientId: string;
  targetUnitId: string;
  kind: FeedbackKind;
  subject: string;
  body: string;
}

export async function send(ctx: Ctx, input: SendInput) {
  const cell = ownCell(ctx);
  // Only up the member's own line: a foreign or lower unit answers 404, like any foreign id.
  if (!idsOfPath(cell.path).includes(input.targetUnitId)) throw notFound('Không tìm thấy đơn vị nhận.');
  const [target] = await ctx.db
    .select({ id: units.id, path: units.path, status: units.status })
    .from(units)
    .where(eq(units.id, input.targetUnitId));
  if (!target || target.status !== 'active') throw notFound('Không tìm thấy đơn vị nhận.');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    // The same clientId twice (an offline queue replaying) returns the first item unchanged.
    const [row] = await tx
      .insert(feedbackItems)
      .values({
        clientId: input.clientId,
        authorUserId: ctx.actor.userId,
        originCellId: cell.id,
        unitId: target.id,
        unitPath: target.path,
        kind: input.kind,
        subject: input.subject,
        body: input.body,
        createdAt: now,
        receivedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: feedbackItems.id });
    if (!row) {
      const [existing] = await tx
        .select({ id: feedbackItems.id })
        .from(feedbackItems)
        .where(and(eq(feedbackItems.authorUserId, ctx.actor.userId), eq(feedbackItems.clientId, input.clientId)));
      return { id: existing!.id, duplicate: true };
    }
    await tx.insert(feedbackEvents).values({
      itemId: row.id,
      kind: 'sent',
      at: now,
      actorUserId: ctx.actor.userId,
      unitId: cell.id,
      toUnitId: target.id,
      body: '',
    });
    await recordAudit(tx, sourceOf(ctx), {
      action: 'feedback.send',
      targetType: 'feedback',
      targetId: row.id,
      unitId: target.id,
      unitPath: target.path,
      changes: { kind: { old: null, new: input.kind }, subject: { old: null, new: input.subject } },
    });
    return { id: row.id, duplicate: false };
  });
}

const itemColumns = {
  id: feedbackItems.id,
  kind: feedbackItems.kind,
  subject: feedbackItems.subject,
  body: feedbackItems.body,
  status: feedbackItems.status,
  unitId: feedbackItems.unitId,
  unitName: units.name,
  createdAt: feedbackItems.createdAt,
  receivedAt: feedbackItems.receivedAt,
  answeredAt: feedbackItems.answeredAt,
  closedAt: feedbackItems.closedAt,
  authorName: users.displayName,
};

export async function mine(ctx: Ctx) {
  const items = await ctx.db
    .select(itemColumns)
    .from(feedbackItems)
    .innerJoin(units, eq(units.id, feedbackItems.unitId))
    .innerJoin(users, eq(users.id, feedbackItems.authorUserId))
    .where(eq(feedbackItems.authorUserId, ctx.actor.userId))
    .orderBy(desc(feedbackItems.createdAt))
    .limit(100);
  return { items };
}

/** One item with its history: its author, or staff who may handle it where it sits. */
export async function detail(ctx: Ctx, id: string, opts: { justForwarded?: boolean } = {}) {
  // The one who just forwarded it up may see the result of their own action once.
  const allowed = opts.justForwarded ? await find.feedback(ctx, id, 'read') : await load.feedback(ctx, id, 'read');
  const [item] = await ctx.db
    .select({ ...itemColumns, unitPath: feedbackItems.unitPath, authorUserId: feedbackItems.authorUserId })
    .from(feedbackItems)
    .innerJoin(units, eq(units.id, feedbackItems.unitId))
    .innerJoin(users, eq(users.id, feedbackItems.authorUserId))
    .where(eq(feedbackItems.id, id));
  if (!item) throw notFound();
  const events = await ctx.db.execute(sql`
    SELECT e.kind, e.at, e.body, u.display_name AS "actorName", fu.name AS "unitName", tu.name AS "toUnitName"
    FROM feedback_events e
    LEFT JOIN users u ON u.id = e.actor_user_id
    LEFT JOIN units fu ON fu.id = e.unit_id
    LEFT JOIN units tu ON tu.id = e.to_unit_id
    WHERE e.item_id = ${id}::uuid ORDER BY e.at, e.id`);
  const { unitPath: _p, authorUserId, ...rest } = item;
  const handles = !!allowed && abilitiesOf.feedback(ctx.actor, allowed, ctx.clock.now()).handle;
  const aboveIds = idsOfPath(item.unitPath).slice(0, -1);
  const above =
    handles && aboveIds.length
      ? await ctx.db.select({ id: units.id, name: units.name, depth: units.depth }).from(units).where(inArray(units.id, aboveIds))
      : [];
  return {
    ...rest,
    mine: authorUserId === ctx.actor.userId,
    canHandle: handles,
    /** Where a handler may forward it: the units above the one holding it, nearest first. */
    forwardTargets: above.sort((a, b) => b.depth - a.depth).map(({ id, name }) => ({ id, name })),
    events: rowsOf<{
      kind: FeedbackEventKind;
      at: string | Date;
      body: string;
      actorName: string | null;
      unitName: string | null;
      toUnitName: string | null;
    }>(events).map((e) => ({
      ...e,
      at: new Date(e.at),
    })),
  };
}

export type InboxFilter = 'waiting' | 'all';

/** Items held by units in the actor's scope; waiting ones first, the longest-waiting on top. */
export async function inbox(ctx: Ctx, q: { filter: InboxFilter; unitId?: string | undefined; limit: number; offset: number }) {
  const conds = [scopeFilter(ctx.actor, 'feedback.handle', feedbackItems.unitPath)];
  if (q.filter === 'waiting') conds.push(sql`${feedbackItems.status} IN ('open', 'forwarded')`);
  if (q.unitId) conds.push(sql`${feedbackItems.unitPath} LIKE ${(await load.unit(ctx, q.unitId, 'feedback.handle')).path + '%'}`);
  const items = await ctx.db
    .select(itemColumns)
    .from(feedbackItems)
    .innerJoin(units, eq(units.id, feedbackItems.unitId))
    .innerJoin(users, eq(users.id, feedbackItems.authorUserId))
    .where(and(...conds))
    .orderBy(asc(feedbackItems.receivedAt))
    .limit(q.limit)
    .offset(q.offset);
  return { items };
}

/** Per unit in scope: how many items wait there and since when the oldest has waited. */
export async function waitingByUnit(ctx: Ctx) {
  const res = await ctx.db.execute(sql`
    SELECT u.id AS "unitId", u.name AS "unitName", count(*)::int AS waiting, min(f.received_at) AS "oldestSince"
    FROM feedback_items f JOIN units u ON u.id = f.unit_id
    WHERE f.status IN ('open', 'forwarded') AND ${scopeFilter(ctx.actor, 'feedback.handle', sql.raw('f.unit_path'))}
    GROUP BY u.id, u.name ORDER BY min(f.received_at)`);
  const now = ctx.clock.now().getTime();
  return {
    items: rowsOf<{ unitId: string; unitName: string; waiting: number; oldestSince: string | Date }>(res).map((r) => {
      const since = new Date(r.oldestSince);
      return {
        unitId: r.unitId,
        unitName: r.unitName,
        waiting: r.waiting,
        oldestSince: since,
        oldestWaitHours: Math.floor((now - since.getTime()) / 3_600_000),
      };
    }),
  };
}

/** Loads an item the actor may handle (404 outside scope), locked for the change. */
async function handled(ctx: Ctx, tx: Parameters<Parameters<Ctx['db']['transaction']>[0]>[0], id: string) {
  const item = await load.feedback(ctx, id, 'feedback.handle', { db: tx, lock: true });
  if (item.status === 'closed') throw new AppError(409, 'feedback.closed', 'Câu hỏi này đã đóng.');
  return item;
}

export async function reply(ctx: Ctx, id: string, body: string) {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const item = await handled(ctx, tx, id);
    await tx.update(feedbackItems).set({ status: 'answered', answeredAt: now }).where(eq(feedbackItems.id, id));
    await tx
      .insert(feedbackEvents)
      .values({ itemId: id, kind: 'reply', at: now, actorUserId: ctx.actor.userId, unitId: item.unitId, body });
    await recordAudit(tx, sourceOf(ctx), {
      action: 'feedback.reply',
      targetType: 'feedback',
      targetId: id,
      unitId: item.unitId,
      unitPath: item.unitPath,
      changes: { status: { old: item.status, new: 'answered' } },
    });
    await notify(tx, {
      userIds: [item.authorUserId],
      kind: 'question_reply',
      title: 'Câu hỏi của bạn đã được trả lời',
      body: item.subject,
      link: `/hoi-dap/${id}`,
      at: now,
    });
  });
  return detail(ctx, id);
}

/** Sends the item to a unit above the one holding it (still on the author's line). */
export async function forward(ctx: Ctx, id: string, toUnitId: string, note: string) {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const item = await handled(ctx, tx, id);
    const above = idsOfPath(item.unitPath).slice(0, -1);
    if (!above.includes(toUnitId))
      throw badRequest('feedback.forward_target', 'Chỉ chuyển được lên cấp ủy cấp trên của đơn vị đang giữ câu hỏi.', [
        { field: 'toUnitId', message: 'Đơn vị không phải cấp trên' },
      ]);
    const [to] = await tx.select({ id: units.id, path: units.path }).from(units).where(eq(units.id, toUnitId));
    await tx
      .update(feedbackItems)
      .set({ status: 'forwarded', unitId: to!.id, unitPath: to!.path, receivedAt: now })
      .where(eq(feedbackItems.id, id));
    await tx.insert(feedbackEvents).values({
      itemId: id,
      kind: 'forward',
      at: now,
      actorUserId: ctx.actor.userId,
      unitId: item.unitId,
      toUnitId: to!.id,
      body: note,
    });
    await recordAudit(tx, sourceOf(ctx), {
      action: 'feedback.forward',
      targetType: 'feedback',
      targetId: id,
      unitId: item.unitId,
      unitPath: item.unitPath,
      changes: { unitId: { old: item.unitId, new: to!.id }, status: { old: item.status, new: 'forwarded' } },
    });
  });
  return detail(ctx, id, { justForwarded: true });
}

export async function close(ctx: Ctx, id: string, note: string) {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const item = await handled(ctx, tx, id);
    await tx.update(feedbackItems).set({ status: 'closed', closedAt: now }).where(eq(feedbackItems.id, id));
    await tx
      .insert(feedbackEvents)
      .values({ itemId: id, kind: 'close', at: now, actorUserId: ctx.actor.userId, unitId: item.unitId, body: note });
    await recordAudit(tx, sourceOf(ctx), {
      action: 'feedback.close',
      targetType: 'feedback',
      targetId: id,
      unitId: item.unitId,
      unitPath: item.unitPath,
      changes: { status: { old: item.status, new: 'closed' } },
    });
  });
  return detail(ctx, id);
}
