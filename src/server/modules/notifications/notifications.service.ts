/** The member's notification centre, preferences and push subscriptions. Everything is the actor's own. */
import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import {
  NOTIFICATION_KINDS,
  notificationPrefs,
  notifications,
  pushSubscriptions,
  type NotificationKind,
} from '../../db/schema.ts';
import { badRequest } from '../../http/errors.ts';
import { holdsAnywhere, type Actor } from '../../auth/authorize.ts';
import type { Ctx } from '../../context.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import { vapidKeys } from './push.service.ts';
import { load } from '../../auth/policies.ts';

export async function listNotifications(ctx: Ctx, q: { limit: number; before?: Date | undefined }) {
  const own = eq(notifications.userId, ctx.actor.userId);
  const items = await ctx.db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(q.before ? and(own, lt(notifications.createdAt, q.before)) : own)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(q.limit);
  return { items, unread: await unreadCount(ctx) };
}

export async function unreadCount(ctx: Ctx): Promise<number> {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, ctx.actor.userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

// Marking read is the member's own reading state, like a mail client's: it is not audited.
export async function markRead(ctx: Ctx, id: string) {
  const n = await load.notification(ctx, id, 'self');
  await ctx.db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${ctx.clock.now().toISOString()}::timestamptz)` })
    .where(eq(notifications.id, n.id));
  return { unread: await unreadCount(ctx) };
}

export async function markAllRead(ctx: Ctx) {
  await ctx.db
    .update(notifications)
    .set({ readAt: ctx.clock.now() })
    .where(and(eq(notifications.userId, ctx.actor.userId), isNull(notifications.readAt)));
  return { unread: 0 };
}

/** The kinds only those who run a cell's meetings receive (reminders of their deadlines). */
const SECRETARY_KINDS: ReadonlySet<NotificationKind> = new Set([
  'secretary_registration_deadline',
  'secretary_materials_late',
  'secretary_final_docs_late',
]);

/** The kinds this user can receive at all: a member is not asked about a secretary's reminders. */
function kindsFor(actor: Actor): Array<{ kind: NotificationKind; group: 'member' | 'secretary' }> {
  const secretary = holdsAnywhere(actor, 'meetings.manage');
  return NOTIFICATION_KINDS.filter((k) => secretary || !SECRETARY_KINDS.has(k)).map((kind) => ({
    kind,
    group: SECRETARY_KINDS.has(kind) ? ('secretary' as const) : ('member' as const),
  }));
}

export async function preferences(ctx: Ctx) {
  const rows = await ctx.db.select().from(notificationPrefs).where(eq(notificationPrefs.userId, ctx.actor.userId));
  const off = new Set(rows.filter((r) => !r.enabled).map((r) => r.kind));
  return { items: kindsFor(ctx.actor).map(({ kind, group }) => ({ kind, group, enabled: !off.has(kind) })) };
}

export async function setPreference(ctx: Ctx, kind: NotificationKind, enabled: boolean) {
  if (!kindsFor(ctx.actor).some((k) => k.kind === kind))
    throw badRequest('notifications.kind_not_yours', 'Tài khoản của bạn không nhận loại thông báo này.');
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(notificationPrefs)
      .where(and(eq(notificationPrefs.userId, ctx.actor.userId), eq(notificationPrefs.kind, kind)));
    await tx
      .insert(notificationPrefs)
      .values({ userId: ctx.actor.userId, kind, enabled, updatedAt: now })
      .onConflictDoUpdate({ target: [notificationPrefs.userId, notificationPrefs.kind], set: { enabled, updatedAt: now } });
    await recordAudit(tx, sourceOf(ctx), {
      action: 'notifications.preference',
      targetType: 'user',
      targetId: ctx.actor.userId,
      changes: { [kind]: { old: before?.enabled ?? true, new: enabled } },
    });
  });
  return preferences(ctx);
}

export async function publicKey(ctx: Ctx) {
  return { publicKey: (await vapidKeys(ctx.db)).publicKey };
}

export interface SubscriptionInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** Registers this device. An endpoint already known moves to the signed-in user (a shared phone). */
export async function subscribe(ctx: Ctx, input: SubscriptionInput, userAgent: string) {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(pushSubscriptions)
      .values({
        userId: ctx.actor.userId,
        endpoint: input.endpoint,
        p256dh: input.keys.p256dh,
        auth: input.keys.auth,
        userAgent: userAgent.slice(0, 300),
        createdAt: now,
      })
      .onConflictDoUpdate({
        target: pushSubscriptions.endpoint,
        set: {
          userId: ctx.actor.userId,
          p256dh: input.keys.p256dh,
          auth: input.keys.auth,
          userAgent: userAgent.slice(0, 300),
          failures: 0,
        },
      })
      .returning({ id: pushSubscriptions.id });
    await recordAudit(tx, sourceOf(ctx), {
      action: 'notifications.subscribe',
      targetType: 'push_subscription',
      targetId: row!.id,
    });
    return { subscribed: true };
  });
}

export async function unsubscribe(ctx: Ctx, endpoint: string) {
  return ctx.db.transaction(async (tx) => {
    const gone = await tx
      .delete(pushSubscriptions)
      .where(and(eq(pushSubscriptions.endpoint, endpoint), eq(pushSubscriptions.userId, ctx.actor.userId)))
      .returning({ id: pushSubscriptions.id });
    if (gone[0])
      await recordAudit(tx, sourceOf(ctx), {
        action: 'notifications.unsubscribe',
        targetType: 'push_subscription',
        targetId: gone[0].id,
      });
    return { subscribed: false };
  });
}
