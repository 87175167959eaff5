/**
 * The guidance of the month a unit publishes for the cells below it: for everyone on its branch
 * (its staff and the staff and members below it); edited by those who monitor meetings there.
 */
import { eq } from 'drizzle-orm';
import { meetingGuidance, units } from '../../db/schema.ts';
import { onBranch } from '../authorize.ts';
import { definePolicy } from '../policy.ts';

export type ScopedGuidance = typeof meetingGuidance.$inferSelect & { unitPath: string };

export const guidancePolicy = definePolicy({
  async fetch(db, id: number): Promise<ScopedGuidance | undefined> {
    const [row] = await db
      .select({ g: meetingGuidance, unitPath: units.path })
      .from(meetingGuidance)
      .innerJoin(units, eq(units.id, meetingGuidance.unitId))
      .where(eq(meetingGuidance.id, id));
    return row && { ...row.g, unitPath: row.unitPath };
  },
  path: (g) => g.unitPath,
  rules: { read: (actor, g) => onBranch(actor, g.unitPath) },
  known: (actor, g) => onBranch(actor, g.unitPath),
  present: (can) => ({ edit: can('meetings.monitor') }),
});
