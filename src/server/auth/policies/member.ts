/**
 * A member record: the member's current cell decides the scope. Whoever may read the cell's
 * records learns nothing from a 403 on a write; anyone else gets 404.
 */
import { eq } from 'drizzle-orm';
import { members, units, users } from '../../db/schema.ts';
import { authorize } from '../authorize.ts';
import { definePolicy } from '../policy.ts';

export type MemberRow = typeof members.$inferSelect;
export type ScopedMember = MemberRow & {
  cellPath: string;
  cellName: string;
  /** The account of the member: 'none' when there is none yet. */
  accountStatus: string;
  userId: string | null;
};

export const memberPolicy = definePolicy({
  async fetch(db, id: string): Promise<ScopedMember | undefined> {
    const [row] = await db
      .select({ m: members, cellPath: units.path, cellName: units.name, accountStatus: users.status, userId: users.id })
      .from(members)
      .innerJoin(units, eq(units.id, members.cellId))
      .leftJoin(users, eq(users.memberId, members.id))
      .where(eq(members.id, id));
    return (
      row && {
        ...row.m,
        cellPath: row.cellPath,
        cellName: row.cellName,
        accountStatus: row.accountStatus ?? 'none',
        userId: row.userId,
      }
    );
  },
  path: (m) => m.cellPath,
  // 'self': the member's own record, through their account (the account pages, own photo and card).
  rules: { self: (actor, m) => actor.memberId === m.id },
  known: (actor, m) => authorize(actor, 'members.read', m.cellPath),
  forbidden: 'Bạn không có quyền thực hiện thao tác này với hồ sơ đảng viên.',
  present: (can) => ({ manage: can('members.manage') }),
});
