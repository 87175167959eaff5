/**
 * Twelve months of a unit's meeting figures (and reading), oldest first. A month with a snapshot is
 * read from it (the tree and figures as they were); a month without one (before the first month-end
 * job ran) is computed from the meeting records for the cells under the unit today, and says so.
 */
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import type { Ctx } from '../../context.ts';
import { addMonths, vnMonth } from '../../../common/time/vietnam.ts';
import { addCounts, groupedFigures, periodUnit, zeroCounts, type Counts } from './figures.read.ts';
import { meetingFactsQuery, meetingFigures as cellMeeting, type MeetingFacts } from './figures.service.ts';
import { meetingFigures } from './report.service.ts';
import { load } from '../../auth/policies.ts';

async function fromSnapshot(ctx: Ctx, month: string, unitId: string): Promise<Counts | undefined> {
  const pu = await periodUnit(ctx.db, month, unitId);
  if (!pu) return undefined;
  const total = zeroCounts();
  for (const g of (await groupedFigures(ctx.db, month, pu)).groups.values()) addCounts(total, g);
  return total;
}

async function fromRecords(ctx: Ctx, month: string, path: string): Promise<Counts> {
  const cells = rowsOf<{ id: string }>(
    await ctx.db.execute(
      sql`SELECT id FROM units WHERE path LIKE ${path + '%'} AND type IN ('cell', 'grassroots_cell') AND status = 'active'`,
    ),
  );
  const facts = new Map(
    rowsOf<MeetingFacts>(
      await ctx.db.execute(
        sql`SELECT * FROM (${meetingFactsQuery(month)}) f WHERE f.cell_id IN (SELECT id FROM units WHERE path LIKE ${path + '%'})`,
      ),
    ).map((r) => [r.cell_id, r]),
  );
  const total = zeroCounts();
  for (const c of cells) {
    const f = cellMeeting(facts.get(c.id));
    total.cells++;
    total.registered += f.registered;
    total.registeredOnTime += f.registeredOnTime;
    total.held += f.held;
    total.materialsOnTime += f.materialsOnTime;
    total.finalizedOnTime += f.finalizedOnTime;
    if (f.attendanceRate !== null) {
      total.attendanceSum += f.attendanceRate;
      total.attendanceN++;
    }
  }
  return total;
}

export async function meetingTrend(ctx: Ctx, unitId: string, month?: string) {
  const unit = await load.unit(ctx, unitId, 'stats.read');
  const last = month ?? vnMonth(ctx.clock.now());
  const months = Array.from({ length: 12 }, (_, i) => addMonths(last, i - 11));
  const out = [];
  for (const m of months) {
    const snap = await fromSnapshot(ctx, m, unitId);
    const c = snap ?? (await fromRecords(ctx, m, unit.path));
    out.push({
      month: m,
      source: snap ? ('snapshot' as const) : ('records' as const),
      ...meetingFigures(c),
      reads: snap ? c.reads : null,
    });
  }
  return { unit: { id: unit.id, code: unit.code, name: unit.name }, months: out };
}
