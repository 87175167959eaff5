/**
 * notify(): the one way any area tells members something. It writes one in-app notification per
 * recipient and one push job per recipient device, all inside the caller's transaction, so a
 * rolled-back document or meeting notifies nobody, and a committed one always does.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../../db/client.ts';
import type { NotificationKind } from '../../db/schema.ts';
import { PUSH_SEND } from './push.service.ts';

export type NotifyTarget =
  | { userIds: string[]; unitPath?: undefined }
  /** Every member (official or probationary, with an account) of the unit's subtree. */
  | { unitPath: string; userIds?: undefined };

export type NotifyInput = NotifyTarget & {
  kind: NotificationKind;
  title: string;
  body?: string;
  /** An in-app path such as '/sinh-hoat/<id>'. */
  link?: string | null;
  /** Defaults to now; pass ctx.clock.now() so tests with a moved clock stay consistent. */
  at?: Date;
};

export interface NotifyResult {
  batchId: string;
  /** Notifications written (recipients minus those who turned the kind off). */
  recipients: number;
  /** Push deliveries queued (one per subscribed device). */
  pushes: number;
}

/** Members who count for notices: not exempted, not gone. */
const ACTIVE_MEMBER_STATUSES = sql`('official', 'probationary')`;

export function safeLink(link: string | null | undefined): string | null {
  if (!link) return null;
  // Only paths inside the app: a notification must never send a member to an outside site.
  return link.startsWith('/') && !link.startsWith('//') ? link.slice(0, 500) : null;
}

export async function notify(tx: DbOrTx, input: NotifyInput): Promise<NotifyResult> {
  const batchId = randomUUID();
  const at = (input.at ?? new Date()).toISOString();
  const recipients =
    input.unitPath !== undefined
      ? sql`SELECT u.id FROM users u JOIN members m ON m.id = u.member_id JOIN units c ON c.id = m.cell_id
            WHERE c.path LIKE ${input.unitPath + '%'} AND m.status IN ${ACTIVE_MEMBER_STATUSES} AND u.status <> 'disabled'`
      : sql`SELECT u.id FROM users u WHERE u.status <> 'disabled'
            AND u.id IN (SELECT jsonb_array_elements_text(${JSON.stringify(input.userIds)}::jsonb)::uuid)`;
  const inserted = await tx.execute(sql`
    INSERT INTO notifications (user_id, kind, title, body, link, batch_id, created_at)
    SELECT r.id, ${input.kind}, ${input.title.slice(0, 300)}, ${(input.body ?? '').slice(0, 2000)}, ${safeLink(input.link)}, ${batchId}::uuid, ${at}::timestamptz
    FROM (${recipients}) r
    WHERE NOT EXISTS (SELECT 1 FROM notification_prefs p WHERE p.user_id = r.id AND p.kind = ${input.kind} AND NOT p.enabled)
    RETURNING id`);
  const count = rowsOf<{ id: string }>(inserted).length;
  if (count === 0) return { batchId, recipients: 0, pushes: 0 };
  const queued = await tx.execute(sql`
    INSERT INTO jobs (kind, payload, run_at)
    SELECT ${PUSH_SEND}, jsonb_build_object('notificationId', n.id, 'subscriptionId', s.id), ${at}::timestamptz
    FROM notifications n JOIN push_subscriptions s ON s.user_id = n.user_id
    WHERE n.batch_id = ${batchId}::uuid
    RETURNING id`);
  return { batchId, recipients: count, pushes: rowsOf(queued).length };
}
