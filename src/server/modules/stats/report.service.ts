/**
 * The monthly report of a unit (báo cáo tháng): adoption, why members are not covered, meetings and
 * reading, one row per child and a total, for the current month (live counts, month to date) or a
 * past month (its snapshot, as it was taken). Every figure is a sum of stats_unit_figures rows, so
 * children add up to the parent for every metric.
 */
import type { Ctx } from '../../context.ts';
import { notFound } from '../../http/errors.ts';
import { vnMonth } from '../../../common/time/vietnam.ts';
import { adoptionFigures, liveRows, periodRows } from './adoption.service.ts';
import type { Counts } from './figures.read.ts';
import { load } from '../../auth/policies.ts';

const rate = (n: number, of: number) => (of === 0 ? 0 : Math.round((n * 1000) / of) / 10);

/** Reasons are exclusive and add up to members − installed (see figures.service.ts). */
export function coverage(c: Counts) {
  const notInstalled = c.members - c.installed;
  const other = notInstalled - c.notInstalledProbationary - c.noPhone - c.notActivated;
  return {
    exempted: c.exempted,
    notInstalled,
    probationary: c.notInstalledProbationary,
    noPhone: c.noPhone,
    notActivated: c.notActivated,
    other,
  };
}

export function meetingFigures(c: Counts) {
  return {
    cells: c.cells,
    registered: c.registered,
    registeredOnTime: c.registeredOnTime,
    held: c.held,
    materialsOnTime: c.materialsOnTime,
    finalizedOnTime: c.finalizedOnTime,
    /** Mean of the cells' attendance rates (cells with a meeting and invitations), as the monitor shows. */
    averageAttendance: c.attendanceN ? Math.round((c.attendanceSum / c.attendanceN) * 10) / 10 : null,
    rates: {
      registeredOnTime: rate(c.registeredOnTime, c.cells),
      held: rate(c.held, c.cells),
      finalizedOnTime: rate(c.finalizedOnTime, c.cells),
    },
  };
}

export function readingFigures(c: Counts) {
  const counted = c.members + c.exempted;
  return { reads: c.reads, readers: c.readers, readersRate: rate(c.readers, counted) };
}

const all = (c: Counts) => ({
  adoption: adoptionFigures(c),
  coverage: coverage(c),
  meetings: meetingFigures(c),
  reading: readingFigures(c),
});

export async function monthlyReport(ctx: Ctx, unitId: string, month?: string) {
  const unit = await load.unit(ctx, unitId, 'stats.read');
  const current = vnMonth(ctx.clock.now());
  const m = month ?? current;
  // A past month only from its snapshot; the current month from the snapshot if one was taken on demand, else live.
  const data = (await periodRows(ctx.db, m, unitId)) ?? (m === current ? await liveRows(ctx, unitId) : undefined);
  if (!data) throw notFound('Chưa có số liệu của đơn vị trong tháng này.');
  return {
    unit: { id: unit.id, code: unit.code, name: unit.name, type: unit.type, parentId: unit.parentId },
    month: m,
    asOf: data.unit.takenAt,
    final: data.unit.final,
    total: all(data.total),
    rows: data.rows.map((r) => ({ unit: r.unit, direct: r.direct, hasChildren: r.hasChildren, ...all(r.counts) })),
  };
}
