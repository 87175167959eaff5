/** Notifications (in-app centre + web push), per-user preferences, push subscriptions, app installs. */
import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';
import { users } from './accounts.ts';

export const NOTIFICATION_KINDS = [
  'new_document',
  'meeting_invitation',
  'meeting_reminder',
  'question_reply',
  'committee_notice',
  'secretary_registration_deadline',
  'secretary_materials_late',
  'secretary_final_docs_late',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** One row per recipient. `batch_id` groups the rows of one notify() call (push fan-out, stats). */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').$type<NotificationKind>().notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /** An in-app path ('/sinh-hoat/…'); never an outside address. */
    link: text('link'),
    batchId: uuid('batch_id').notNull(),
    createdAt: ts('created_at').notNull(),
    readAt: ts('read_at'),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.createdAt),
    index('notifications_unread_idx')
      .on(t.userId)
      .where(sql`${t.readAt} IS NULL`),
    index('notifications_batch_idx').on(t.batchId),
  ],
);

/** A kind a user turned off. No row = the kind is on (the default for every kind). */
export const notificationPrefs = pgTable(
  'notification_prefs',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').$type<NotificationKind>().notNull(),
    enabled: boolean('enabled').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/** A browser's push subscription (one per device); the endpoint is the push service's address. */
export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    endpoint: text('endpoint').notNull(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    userAgent: text('user_agent').notNull().default(''),
    createdAt: ts('created_at').notNull(),
    lastSuccessAt: ts('last_success_at'),
    failures: integer('failures').notNull().default(0),
  },
  (t) => [uniqueIndex('push_subscriptions_endpoint_uq').on(t.endpoint), index('push_subscriptions_user_idx').on(t.userId)],
);

/**
 * The web app reports its own installation (appinstalled, or the first start in standalone mode).
 * One row per user and device, so adoption counts installed members, not install clicks.
 */
export const appInstalls = pgTable(
  'app_installs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** Random id the device keeps in localStorage. */
    deviceId: uuid('device_id').notNull(),
    platform: text('platform').notNull(),
    source: text('source').notNull(),
    userAgent: text('user_agent').notNull().default(''),
    installedAt: ts('installed_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
  },
  (t) => [
    uniqueIndex('app_installs_user_device_uq').on(t.userId, t.deviceId),
    index('app_installs_installed_idx').on(t.installedAt),
  ],
);
