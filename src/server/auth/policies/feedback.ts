/**
 * A member's question or suggestion (hỏi đáp, kiến nghị): its author reads it, and staff who may
 * handle feedback at the unit holding it now (it moves up when forwarded) read and answer it.
 */
import { eq } from 'drizzle-orm';
import { feedbackItems } from '../../db/schema.ts';
import { authorize, type Actor } from '../authorize.ts';
import { definePolicy } from '../policy.ts';

export type FeedbackRow = typeof feedbackItems.$inferSelect;

const author = (actor: Actor, f: FeedbackRow) => f.authorUserId === actor.userId;
const handler = (actor: Actor, f: FeedbackRow) => authorize(actor, 'feedback.handle', f.unitPath);

export const feedbackPolicy = definePolicy({
  async fetch(db, id: string, _actor, _now, lock) {
    const q = db.select().from(feedbackItems).where(eq(feedbackItems.id, id));
    return (await (lock ? q.for('update') : q))[0];
  },
  path: (f) => f.unitPath,
  rules: {
    self: author,
    read: (actor, f) => author(actor, f) || handler(actor, f),
  },
  known: (actor, f) => author(actor, f) || handler(actor, f),
  present: (can, f) => ({ handle: f.status !== 'closed' && can('feedback.handle') }),
});
