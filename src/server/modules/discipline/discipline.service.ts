/**
 * Disciplinary records and suspensions of a member: recorded by the committees (discipline.manage),
 * read only by the roles that grade or decide (discipline.read) and by the member, never listed to
 * other members. The review's rules read them (a member disciplined in the year; suspended members
 * are not graded) and so does the vote's denominator (suspended or detained members are not counted).
 */
import { desc, eq } from 'drizzle-orm';
import { memberDisciplines, members, memberSuspensions, units } from '../../db/schema.ts';
import { requireScope } from '../../auth/authorize.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import type { DisciplineInput, SuspensionInput } from '../../../common/api/discipline.ts';

async function memberFor(ctx: Ctx, memberId: string, action: 'discipline.read' | 'discipline.manage') {
  const [m] = await ctx.db
    .select({ id: members.id, cellId: members.cellId, path: units.path })
    .from(members)
    .innerJoin(units, eq(units.id, members.cellId))
    .where(eq(members.id, memberId));
  // The member sees their own record; everyone else needs the action at the member's cell.
  if (m && action === 'discipline.read' && ctx.actor.memberId === m.id) return m;
  requireScope(ctx.actor, action, m?.path);
  if (!m) throw notFound();
  return m;
}

export async function listDiscipline(ctx: Ctx, memberId: string) {
  await memberFor(ctx, memberId, 'discipline.read');
  const disciplines = await ctx.db
    .select({
      id: memberDisciplines.id,
      decidedOn: memberDisciplines.decidedOn,
      form: memberDisciplines.form,
      decidedBy: memberDisciplines.decidedBy,
      documentNumber: memberDisciplines.documentNumber,
      reason: memberDisciplines.reason,
    })
    .from(memberDisciplines)
    .where(eq(memberDisciplines.memberId, memberId))
    .orderBy(desc(memberDisciplines.decidedOn));
  const suspensions = await ctx.db
    .select({
      id: memberSuspensions.id,
      kind: memberSuspensions.kind,
      fromDate: memberSuspensions.fromDate,
      toDate: memberSuspensions.toDate,
      decidedBy: memberSuspensions.decidedBy,
      documentNumber: memberSuspensions.documentNumber,
      note: memberSuspensions.note,
    })
    .from(memberSuspensions)
    .where(eq(memberSuspensions.memberId, memberId))
    .orderBy(desc(memberSuspensions.fromDate));
  return { disciplines, suspensions };
}

export async function addDiscipline(ctx: Ctx, memberId: string, input: DisciplineInput) {
  const m = await memberFor(ctx, memberId, 'discipline.manage');
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(memberDisciplines)
      .values({ memberId, ...input, recordedBy: ctx.actor.userId, recordedAt: ctx.clock.now() })
      .returning({ id: memberDisciplines.id });
    await recordAudit(tx, sourceOf(ctx), {
      action: 'discipline.record',
      targetType: 'member',
      targetId: memberId,
      unitId: m.cellId,
      unitPath: m.path,
      changes: { discipline: { old: null, new: { id: row!.id, form: input.form, decidedOn: input.decidedOn } } },
    });
  });
  return listDiscipline(ctx, memberId);
}

export async function addSuspension(ctx: Ctx, memberId: string, input: SuspensionInput) {
  const m = await memberFor(ctx, memberId, 'discipline.manage');
  if (input.toDate && input.toDate <= input.fromDate)
    throw badRequest('discipline.dates', 'Ngày kết thúc phải sau ngày bắt đầu.', [
      { field: 'toDate', message: 'Ngày không hợp lệ.' },
    ]);
  await ctx.db.transaction(async (tx) => {
    await tx.insert(memberSuspensions).values({ memberId, ...input, recordedBy: ctx.actor.userId, recordedAt: ctx.clock.now() });
    await recordAudit(tx, sourceOf(ctx), {
      action: 'discipline.suspend',
      targetType: 'member',
      targetId: memberId,
      unitId: m.cellId,
      unitPath: m.path,
      changes: { suspension: { old: null, new: { kind: input.kind, fromDate: input.fromDate, toDate: input.toDate ?? null } } },
    });
  });
  return listDiscipline(ctx, memberId);
}
