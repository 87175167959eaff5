/**
 * Role assignments: a role held at a unit covers its subtree. Only a unit admin of that unit (or
 * above) assigns or revokes, and nobody grants the system admin role through the API.
 */
import { and, eq } from 'drizzle-orm';
import { members, roleAssignments, units, users, type Role } from '../../db/schema.ts';
import { authorize } from '../../auth/authorize.ts';
import { revokeAllSessions } from '../../auth/sessions.ts';
import { AppError, conflict, notFound } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import { load } from '../../auth/policies.ts';

export async function listRoles(ctx: Ctx, unitId: string) {
  await load.unit(ctx, unitId, 'roles.manage');
  return ctx.db
    .select({ id: roleAssignments.id, userId: roleAssignments.userId, userName: users.displayName, role: roleAssignments.role })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(eq(roleAssignments.unitId, unitId));
}

/**
 * A unit admin gives roles to accounts of their own subtree: one whose member sits in a cell there,
 * one that already holds a role there, or one attached nowhere yet (a staff account just made). An
 * account of another branch answers as an unknown one: granting it a role would also end all its
 * sessions, from outside its branch (issue 17: the scope matrix found it).
 */
async function userInScope(ctx: Ctx, userId: string): Promise<boolean> {
  const [user] = await ctx.db
    .select({ id: users.id, cellPath: units.path })
    .from(users)
    .leftJoin(members, eq(members.id, users.memberId))
    .leftJoin(units, eq(units.id, members.cellId))
    .where(eq(users.id, userId));
  if (!user) return false;
  if (user.cellPath && authorize(ctx.actor, 'roles.manage', user.cellPath)) return true;
  const held = await ctx.db
    .select({ path: units.path })
    .from(roleAssignments)
    .innerJoin(units, eq(units.id, roleAssignments.unitId))
    .where(eq(roleAssignments.userId, userId));
  if (held.some((h) => authorize(ctx.actor, 'roles.manage', h.path))) return true;
  return !user.cellPath && held.length === 0;
}

export async function assignRole(ctx: Ctx, input: { userId: string; role: Role; unitId: string }) {
  if (input.role === 'system_admin')
    throw new AppError(403, 'roles.system_admin', 'Không thể cấp quyền quản trị hệ thống qua giao diện này.');
  const unit = await load.unit(ctx, input.unitId, 'roles.manage');
  if (!(await userInScope(ctx, input.userId))) throw notFound('Không tìm thấy tài khoản.');
  const [existing] = await ctx.db
    .select({ id: roleAssignments.id })
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.userId, input.userId),
        eq(roleAssignments.role, input.role),
        eq(roleAssignments.unitId, input.unitId),
      ),
    );
  if (existing) throw conflict('roles.exists', 'Tài khoản đã có vai trò này tại đơn vị.');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(roleAssignments)
      .values({ ...input, createdAt: ctx.clock.now(), createdBy: ctx.actor.userId })
      .returning({ id: roleAssignments.id });
    // A privilege change ends the user's sessions: the next sign-in gets a new session id.
    await revokeAllSessions(tx, input.userId, ctx.clock.now());
    await recordAudit(tx, sourceOf(ctx), {
      action: 'role.assign',
      targetType: 'user',
      targetId: input.userId,
      unitId: unit.id,
      unitPath: unit.path,
      changes: { role: { old: null, new: input.role } },
    });
    return { id: row!.id };
  });
}

export async function revokeRole(ctx: Ctx, id: string) {
  const row = await load.roleAssignment(ctx, id, 'roles.manage');
  if (row.role === 'system_admin')
    throw new AppError(403, 'roles.system_admin', 'Không thể thu hồi quyền quản trị hệ thống qua giao diện này.');
  await ctx.db.transaction(async (tx) => {
    await tx.delete(roleAssignments).where(eq(roleAssignments.id, id));
    await revokeAllSessions(tx, row.userId, ctx.clock.now());
    await recordAudit(tx, sourceOf(ctx), {
      action: 'role.revoke',
      targetType: 'user',
      targetId: row.userId,
      unitId: row.unitId,
      unitPath: row.unitPath,
      changes: { role: { old: row.role, new: null } },
    });
  });
}
