/**
 * A monthly snapshot on demand (the month-end job takes it anyway). Installation-wide, so only the
 * system admin may ask ('stats.snapshot'). A final month is left as it is; the current month is
 * (re)taken with today's figures. A past month never taken before gets today's members and
 * accounts (nothing older is kept) with that month's meetings and reads.
 */
import type { Ctx } from '../../context.ts';
import { badRequest } from '../../http/errors.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import { addMonths, vnMonth, vnMonthStart } from '../../../common/time/vietnam.ts';
import { takeSnapshot } from './figures.service.ts';
import { snapshotMonths } from './figures.read.ts';

export async function snapshotOnDemand(ctx: Ctx, month: string) {
  const now = ctx.clock.now();
  if (month > vnMonth(now))
    throw badRequest('stats.future_month', 'Không thể chụp số liệu của tháng chưa đến.', [
      { field: 'month', message: 'Tháng chưa đến.' },
    ]);
  const written = await ctx.db.transaction(async (tx) => {
    const w = await takeSnapshot(tx, month, now);
    if (w)
      await recordAudit(tx, sourceOf(ctx), {
        action: 'stats.snapshot',
        targetType: 'stats_period',
        targetId: month,
        changes: { month: { old: null, new: month } },
      });
    return w;
  });
  return { month, written, final: now.getTime() >= vnMonthStart(addMonths(month, 1)).getTime() };
}

/** Months that have a snapshot, newest first: the same months for every reader (no unit data). */
export async function listSnapshotMonths(ctx: Ctx) {
  const months = await snapshotMonths(ctx.db);
  return { months: months.map((m) => ({ month: m.month, final: m.final })) };
}
