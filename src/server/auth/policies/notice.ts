/**
 * A committee notice (thông báo): it reaches the members of its unit's subtree, and staff who may
 * send notices there see it with its read count.
 */
import { eq } from 'drizzle-orm';
import { notices, units } from '../../db/schema.ts';
import { authorize, memberCell, type Actor } from '../authorize.ts';
import { definePolicy } from '../policy.ts';

export type ScopedNotice = typeof notices.$inferSelect & { unitName: string };

/** The notice went to the actor: their cell lies in the notice unit's subtree. */
const addressee = (actor: Actor, n: ScopedNotice) => !!memberCell(actor)?.path.startsWith(n.unitPath);

export const noticePolicy = definePolicy({
  async fetch(db, id: string): Promise<ScopedNotice | undefined> {
    const [row] = await db
      .select({ n: notices, unitName: units.name })
      .from(notices)
      .innerJoin(units, eq(units.id, notices.unitId))
      .where(eq(notices.id, id));
    return row && { ...row.n, unitName: row.unitName };
  },
  path: (n) => n.unitPath,
  rules: {
    addressee,
    read: (actor, n) => addressee(actor, n) || authorize(actor, 'notices.send', n.unitPath),
  },
  known: (actor, n) => addressee(actor, n) || authorize(actor, 'notices.send', n.unitPath),
  present: (can) => ({ readCounts: can('notices.send') }),
});
