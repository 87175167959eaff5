/**
 * Meeting compliance of a unit for a month, one row per child unit. Reuses the meetings area's
 * monitor (its per-cell facts and its `meetings.monitor` scope check) and only regroups its
 * cells under the child each one lies in.
 */
import { inArray, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import { units } from '../../db/schema.ts';
import type { Ctx } from '../../context.ts';
import { monitor } from '../meetings/monitor.service.ts';

interface Acc {
  cells: number;
  registeredOnTime: number;
  held: number;
  finalizedOnTime: number;
  rates: number[];
}
const acc = (): Acc => ({ cells: 0, registeredOnTime: 0, held: 0, finalizedOnTime: 0, rates: [] });
const figures = (a: Acc) => ({
  cells: a.cells,
  registeredOnTime: a.registeredOnTime,
  held: a.held,
  finalizedOnTime: a.finalizedOnTime,
  averageAttendance: a.rates.length ? Math.round((a.rates.reduce((s, x) => s + x, 0) / a.rates.length) * 10) / 10 : null,
});

export async function meetingCompliance(ctx: Ctx, unitId: string, month: string) {
  const m = await monitor(ctx, unitId, month); // checks the month and the scope first
  const [unit] = rowsOf<{ id: string; code: string; name: string; type: string; path: string; depth: number }>(
    await ctx.db.execute(sql`SELECT id, code, name, type, path, depth FROM units WHERE id = ${unitId}`),
  );
  const u = unit!;
  const cellIds = m.cells.map((c) => c.cellId);
  const cellPaths = cellIds.length
    ? await ctx.db.select({ id: units.id, path: units.path }).from(units).where(inArray(units.id, cellIds))
    : [];
  const childOf = new Map(cellPaths.map((c) => [c.id, c.path.split('/')[u.depth + 2] || u.id]));
  const groups = new Map<string, Acc>();
  const total = acc();
  for (const c of m.cells) {
    const key = childOf.get(c.cellId) ?? u.id;
    const g = groups.get(key) ?? acc();
    groups.set(key, g);
    for (const a of [g, total]) {
      a.cells++;
      if (c.registeredOnTime) a.registeredOnTime++;
      if (c.held) a.held++;
      if (c.finalizedOnTime) a.finalizedOnTime++;
      if (c.attendanceRate !== null) a.rates.push(c.attendanceRate);
    }
  }
  const ids = [...groups.keys()];
  const refs = ids.length
    ? await ctx.db
        .select({ id: units.id, code: units.code, name: units.name, type: units.type, sortOrder: units.sortOrder })
        .from(units)
        .where(inArray(units.id, ids))
    : [];
  refs.sort((a, b) => (a.id === u.id ? -1 : b.id === u.id ? 1 : a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'vi')));
  return {
    unit: { id: u.id, name: u.name },
    month,
    total: figures(total),
    rows: refs.map((r) => ({ unit: { id: r.id, code: r.code, name: r.name, type: r.type }, ...figures(groups.get(r.id)!) })),
  };
}
