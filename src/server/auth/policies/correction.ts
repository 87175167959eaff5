/** A member's request to correct their record: the member's cell decides who handles it. */
import { eq } from 'drizzle-orm';
import { memberCorrectionRequests, members, units } from '../../db/schema.ts';
import { authorize } from '../authorize.ts';
import { definePolicy } from '../policy.ts';

export type ScopedCorrection = typeof memberCorrectionRequests.$inferSelect & { cellPath: string };

export const correctionPolicy = definePolicy({
  async fetch(db, id: string): Promise<ScopedCorrection | undefined> {
    const [row] = await db
      .select({ c: memberCorrectionRequests, cellPath: units.path })
      .from(memberCorrectionRequests)
      .innerJoin(members, eq(members.id, memberCorrectionRequests.memberId))
      .innerJoin(units, eq(units.id, members.cellId))
      .where(eq(memberCorrectionRequests.id, id));
    return row && { ...row.c, cellPath: row.cellPath };
  },
  path: (c) => c.cellPath,
  // The member who asked reads their own request.
  rules: { self: (actor, c) => actor.memberId === c.memberId },
  known: (actor, c) => authorize(actor, 'members.read', c.cellPath),
  present: (can) => ({ decide: can('members.manage') }),
});
