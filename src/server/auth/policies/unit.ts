/** A unit of the tree: every action is held at the unit itself (a role covers its subtree). */
import { eq } from 'drizzle-orm';
import { units } from '../../db/schema.ts';
import { authorize } from '../authorize.ts';
import { definePolicy } from '../policy.ts';

export type UnitRow = typeof units.$inferSelect;

export const unitPolicy = definePolicy({
  fetch: async (db, id: string) => (await db.select().from(units).where(eq(units.id, id)))[0],
  path: (u) => u.path,
  // Whoever sees the unit in the tree learns nothing from a 403; anyone else gets 404.
  known: (actor, u) => authorize(actor, 'org.read', u.path),
  forbidden: 'Bạn không có quyền thực hiện thao tác này tại đơn vị này.',
  present: (can) => ({ manage: can('org.manage'), manageAccounts: can('accounts.manage') }),
});
