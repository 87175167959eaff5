/** A role assignment: the unit it is held at decides who may revoke it (a unit admin there or above). */
import { eq } from 'drizzle-orm';
import { roleAssignments, units } from '../../db/schema.ts';
import { authorize } from '../authorize.ts';
import { definePolicy } from '../policy.ts';

export type ScopedRoleAssignment = typeof roleAssignments.$inferSelect & { unitPath: string };

export const roleAssignmentPolicy = definePolicy({
  async fetch(db, id: string): Promise<ScopedRoleAssignment | undefined> {
    const [row] = await db
      .select({ r: roleAssignments, unitPath: units.path })
      .from(roleAssignments)
      .innerJoin(units, eq(units.id, roleAssignments.unitId))
      .where(eq(roleAssignments.id, id));
    return row && { ...row.r, unitPath: row.unitPath };
  },
  path: (r) => r.unitPath,
  known: (actor, r) => authorize(actor, 'roles.manage', r.unitPath),
  present: (can) => ({ revoke: can('roles.manage') }),
});
