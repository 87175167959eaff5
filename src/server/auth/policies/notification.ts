/** An in-app notification: only the account it was written for sees or marks it. */
import { eq } from 'drizzle-orm';
import { notifications } from '../../db/schema.ts';
import { definePolicy } from '../policy.ts';

export type NotificationRow = typeof notifications.$inferSelect;

const own = (actor: { userId: string }, n: NotificationRow) => n.userId === actor.userId;

export const notificationPolicy = definePolicy({
  fetch: async (db, id: string) => (await db.select().from(notifications).where(eq(notifications.id, id)))[0],
  rules: { self: own },
  // Someone else's notification is not confirmed to exist.
  known: own,
  present: (can) => ({ markRead: can('self') }),
});
