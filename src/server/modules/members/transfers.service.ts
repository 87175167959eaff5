/**
 * Chuyển sinh hoạt between cells of the installation: the sending side requests (members.manage
 * at the member's cell), the receiving side accepts or rejects (members.manage at the target
 * cell). Accepting moves the member and keeps member_cell_periods right, so statistics count the
 * member in the right cell for each period. A temporary transfer has an end date: its periods are
 * written at acceptance (target cell until the end date, home cell from then on) and the member's
 * current cell switches back once the end date has come (settled on the next read).
 */
import { and, desc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import { memberCellPeriods, members, memberTransfers, units } from '../../db/schema.ts';
import { scopeFilter } from '../../auth/authorize.ts';
import { abilitiesOf, load, transferCells, transferRows, type ScopedTransfer } from '../../auth/policies.ts';
import { AppError, badRequest, conflict } from '../../http/errors.ts';
import type { Db } from '../../db/client.ts';
import type { Ctx } from '../../context.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import { vnDate, vnDayStart } from '../../../common/time/vietnam.ts';

const { fromCell, toCell } = transferCells;

function out(t: ScopedTransfer) {
  const { fromPath: _f, toPath: _t, ...rest } = t;
  void _f;
  void _t;
  return rest;
}

/** Brings members back from temporary transfers whose end date has come. */
export async function settleTemporaryTransfers(db: Db, now: Date) {
  const today = vnDate(now);
  const due = await db
    .select()
    .from(memberTransfers)
    .where(and(eq(memberTransfers.state, 'accepted'), eq(memberTransfers.temporary, true), lte(memberTransfers.endDate, today)));
  for (const t of due) {
    await db.transaction(async (tx) => {
      await tx
        .update(members)
        .set({ cellId: t.fromCellId, updatedAt: now })
        .where(and(eq(members.id, t.memberId), eq(members.cellId, t.toCellId)));
      await tx.update(memberTransfers).set({ state: 'returned' }).where(eq(memberTransfers.id, t.id));
    });
  }
}

export async function requestTransfer(
  ctx: Ctx,
  memberId: string,
  input: { toCellId: string; startDate: string; endDate?: string | undefined; reason: string },
) {
  const m = await load.member(ctx, memberId, 'members.manage');
  const [target] = await ctx.db
    .select({ id: units.id, type: units.type, status: units.status })
    .from(units)
    .where(eq(units.id, input.toCellId));
  if (!target || !['cell', 'grassroots_cell'].includes(target.type) || target.status !== 'active') {
    throw badRequest('transfer.target', 'Nơi chuyển đến phải là một chi bộ đang hoạt động.', [
      { field: 'toCellId', message: 'Không phải chi bộ' },
    ]);
  }
  if (target.id === m.cellId) throw badRequest('transfer.same_cell', 'Đảng viên đang sinh hoạt ở chi bộ này.');
  if (input.endDate && input.endDate <= input.startDate)
    throw badRequest('transfer.end_date', 'Ngày kết thúc phải sau ngày bắt đầu.', [
      { field: 'endDate', message: 'Sau ngày bắt đầu' },
    ]);
  const [open] = await ctx.db
    .select({ id: memberTransfers.id })
    .from(memberTransfers)
    .where(and(eq(memberTransfers.memberId, memberId), eq(memberTransfers.state, 'requested')));
  if (open) throw conflict('transfer.pending', 'Đảng viên này đã có một đề nghị chuyển sinh hoạt đang chờ.');
  const id = await ctx.db.transaction(async (tx) => {
    const [t] = await tx
      .insert(memberTransfers)
      .values({
        memberId,
        fromCellId: m.cellId,
        toCellId: target.id,
        startDate: input.startDate,
        endDate: input.endDate ?? null,
        temporary: !!input.endDate,
        reason: input.reason,
        requestedBy: ctx.actor.userId,
        requestedAt: ctx.clock.now(),
      })
      .returning({ id: memberTransfers.id });
    await recordAudit(tx, sourceOf(ctx), {
      action: 'member.transfer_request',
      targetType: 'member',
      targetId: memberId,
      unitId: m.cellId,
      unitPath: m.cellPath,
      changes: {
        cellId: { old: m.cellId, new: target.id },
        startDate: { old: null, new: input.startDate },
        endDate: { old: null, new: input.endDate ?? null },
      },
    });
    return t!.id;
  });
  return { transfer: out(await load.transfer(ctx, id, 'members.read')) };
}

export async function listTransfers(ctx: Ctx, unitId: string | undefined) {
  const now = ctx.clock.now();
  await settleTemporaryTransfers(ctx.db, now);
  const conds = [or(scopeFilter(ctx.actor, 'members.read', fromCell.path), scopeFilter(ctx.actor, 'members.read', toCell.path))!];
  if (unitId) {
    const unit = await load.unit(ctx, unitId, 'members.read');
    conds.push(or(sql`${fromCell.path} LIKE ${unit.path + '%'}`, sql`${toCell.path} LIKE ${unit.path + '%'}`)!);
  }
  const rows = await transferRows(ctx.db)
    .where(and(...conds))
    .orderBy(desc(memberTransfers.requestedAt))
    .limit(500);
  // What the viewer may do with each: the receiving side decides, the sending side may cancel.
  return {
    items: rows.map((r) => ({
      ...out(r),
      abilities: abilitiesOf.transfer(ctx.actor, r, now),
    })),
  };
}

type Decision = 'accept' | 'reject' | 'cancel';

export async function decideTransfer(ctx: Ctx, id: string, decision: Decision, note: string) {
  // Accept / reject belong to the receiving side, cancel to the sending side.
  const t = await load.transfer(ctx, id, decision === 'cancel' ? 'cancel' : 'decide');
  if (t.state !== 'requested') throw conflict('transfer.decided', 'Đề nghị chuyển sinh hoạt này đã được xử lý.');
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const state = decision === 'accept' ? 'accepted' : decision === 'reject' ? 'rejected' : 'cancelled';
    await tx
      .update(memberTransfers)
      .set({ state, decidedBy: ctx.actor.userId, decidedAt: now, decisionNote: note })
      .where(eq(memberTransfers.id, id));
    if (decision === 'accept') {
      const [m] = await tx.select({ cellId: members.cellId }).from(members).where(eq(members.id, t.memberId)).for('update');
      if (m?.cellId !== t.fromCellId)
        throw new AppError(409, 'transfer.moved', 'Đảng viên đã không còn ở chi bộ chuyển đi; đề nghị này không còn hiệu lực.');
      const start = vnDayStart(t.startDate);
      await tx
        .update(memberCellPeriods)
        .set({ validTo: start })
        .where(and(eq(memberCellPeriods.memberId, t.memberId), isNull(memberCellPeriods.validTo)));
      const end = t.endDate ? vnDayStart(t.endDate) : null;
      await tx.insert(memberCellPeriods).values({
        memberId: t.memberId,
        cellId: t.toCellId,
        validFrom: start,
        validTo: end,
        reason: t.temporary ? 'temporary_transfer' : 'transfer',
      });
      if (end)
        await tx
          .insert(memberCellPeriods)
          .values({ memberId: t.memberId, cellId: t.fromCellId, validFrom: end, reason: 'return' });
      await tx.update(members).set({ cellId: t.toCellId, updatedAt: now }).where(eq(members.id, t.memberId));
    }
    const path = decision === 'cancel' ? t.fromPath : t.toPath;
    const unitId = decision === 'cancel' ? t.fromCellId : t.toCellId;
    await recordAudit(tx, sourceOf(ctx), {
      action: `member.transfer_${decision}`,
      targetType: 'member',
      targetId: t.memberId,
      unitId,
      unitPath: path,
      changes: decision === 'accept' ? { cellId: { old: t.fromCellId, new: t.toCellId } } : { note: { old: null, new: note } },
    });
  });
  return { transfer: out(await load.transfer(ctx, id, 'members.read')) };
}
