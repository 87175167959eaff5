/**
 * Reconciliation on the generated demo organization (6,492 members, 335+ cells) with a month of
 * meetings and reads: for every metric of the monthly report (adoption, reasons not covered,
 * meetings, reading), every parent's total is the sum of its rows, up to the province; the
 * province matches independent counts; and each dashboard number equals the row count of its
 * drill-down list (member lists for adoption and reasons, the monitor's cells for meetings).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call, makeUser, sessionCookie } from '../../testing/factories.ts';
import { rowsOf } from '../../db/client.ts';
import { units } from '../../db/schema.ts';
import { generateOrganization } from '../../seed/generate.ts';
import { loadOrganization } from '../../seed/load.ts';
import { addActivity } from './stats.fixtures.ts';

const data = generateOrganization({ scale: 'demo', asOf: '2026-03-01' });
const MONTH = '2026-02';

type Group = Record<string, number | null | Record<string, number>>;
interface Figures {
  adoption: Group;
  coverage: Group;
  meetings: Group;
  reading: Group;
}
interface Report {
  month: string;
  final: boolean;
  total: Figures;
  rows: Array<Figures & { unit: { id: string; code: string }; direct: boolean; hasChildren: boolean }>;
}
const GROUPS = ['adoption', 'coverage', 'meetings', 'reading'] as const;
/** Integer metrics only: rates and averages are not sums. */
const counts = (g: Group) =>
  Object.entries(g).filter(
    (e): e is [string, number] =>
      typeof e[1] === 'number' && Number.isInteger(e[1]) && e[0] !== 'averageAttendance' && e[0] !== 'readersRate',
  );

describe.each(ENGINES)('statistics reconcile on generated data (%s)', (engine) => {
  let t: TestApp;
  let cookie: string;
  let province: typeof units.$inferSelect;

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2026-02-25T03:00:00Z'));
    const db = t.database.db;
    await loadOrganization(db, data, { password: 'demo-password' });
    await addActivity(db, t.clock.now(), MONTH);
    province = (await db.select().from(units).where(eq(units.code, 'TINH')))[0]!;
    const admin = await makeUser(db, { roles: [{ role: 'system_admin', unit: province }] });
    cookie = await sessionCookie(db, t.config, admin.id, t.clock.now());
    // The month is over in Vietnam: the snapshot is final.
    t.clock.set('2026-03-01T02:00:00Z');
    const res = await call(t.app, cookie, { method: 'POST', url: '/api/stats/snapshots', payload: { month: MONTH } });
    expect(res.json()).toMatchObject({ written: true, final: true });
  }, 180_000);
  afterAll(async () => t.close());

  const get = async <T>(url: string) => {
    const res = await call(t.app, cookie, { method: 'GET', url });
    expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
    return res.json() as T;
  };

  it('adds up every metric from every cell to the province, and the province matches independent counts', async () => {
    const db = t.database.db;
    const parents = rowsOf<{ id: string; code: string }>(
      await db.execute(
        sql`SELECT id, code FROM units u WHERE EXISTS (SELECT 1 FROM units k WHERE k.parent_id = u.id) AND u.path LIKE ${province.path + '%'}`,
      ),
    );
    expect(parents.length).toBeGreaterThanOrEqual(30);
    let checked = 0;
    for (const p of parents) {
      const r = await get<Report>(`/api/stats/report?unitId=${p.id}&month=${MONTH}`);
      expect(r.final).toBe(true);
      for (const g of GROUPS) {
        for (const [k, v] of counts(r.total[g])) {
          expect(
            r.rows.reduce((s, row) => s + (row[g][k] as number), 0),
            `${p.code} ${g}.${k}`,
          ).toBe(v);
          checked++;
        }
      }
      // Reasons are exclusive and cover every member without the app.
      const c = r.total.coverage as Record<string, number>;
      expect(c.probationary! + c.noPhone! + c.notActivated! + c.other!).toBe(c.notInstalled);
      expect(c.other).toBeGreaterThanOrEqual(0);
    }
    expect(checked).toBeGreaterThan(parents.length * 20);

    const top = await get<Report>(`/api/stats/report?unitId=${province.id}&month=${MONTH}`);
    const [o] = rowsOf<Record<string, number>>(
      await db.execute(sql`
        SELECT
          (SELECT count(*)::int FROM members WHERE status IN ('official', 'probationary')) AS members,
          (SELECT count(*)::int FROM members WHERE status = 'exempted') AS exempted,
          (SELECT count(*)::int FROM members m WHERE status IN ('official', 'probationary') AND EXISTS (SELECT 1 FROM users u JOIN app_installs i ON i.user_id = u.id WHERE u.member_id = m.id)) AS installed,
          (SELECT count(*)::int FROM members m WHERE status = 'official' AND phone IS NULL AND NOT EXISTS (SELECT 1 FROM users u JOIN app_installs i ON i.user_id = u.id WHERE u.member_id = m.id)) AS "noPhone",
          (SELECT count(*)::int FROM units WHERE type IN ('cell', 'grassroots_cell') AND status = 'active') AS cells,
          (SELECT count(DISTINCT cell_id)::int FROM meetings WHERE month = ${MONTH}) AS registered,
          (SELECT count(*)::int FROM meetings WHERE month = ${MONTH} AND NOT registered_late) AS "registeredOnTime",
          (SELECT count(*)::int FROM meetings WHERE month = ${MONTH} AND status = 'finalized') AS held,
          (SELECT count(*)::int FROM document_reads WHERE first_read_at >= '2026-01-31T17:00:00Z' AND first_read_at < '2026-02-28T17:00:00Z') AS reads,
          (SELECT count(DISTINCT member_id)::int FROM document_reads WHERE first_read_at >= '2026-01-31T17:00:00Z' AND first_read_at < '2026-02-28T17:00:00Z') AS readers`),
    );
    expect(top.total.adoption).toMatchObject({ members: o!.members, exempted: o!.exempted, installed: o!.installed });
    expect(top.total.coverage).toMatchObject({ noPhone: o!.noPhone, exempted: o!.exempted });
    expect(top.total.meetings).toMatchObject({
      cells: o!.cells,
      registered: o!.registered,
      registeredOnTime: o!.registeredOnTime,
      held: o!.held,
    });
    expect(top.total.reading).toMatchObject({ reads: o!.reads, readers: o!.readers });
    expect(o!.reads).toBeGreaterThan(100);
    expect((top.total.coverage as Record<string, number>).noPhone).toBeGreaterThan(0);
  }, 240_000);

  it('shows on each dashboard exactly as many rows as its drill-down list has', async () => {
    const city = (await t.database.db.select().from(units).where(eq(units.code, 'TP')))[0]!;
    const report = await get<Report>(`/api/stats/report?unitId=${city.id}`);
    const ward = report.rows.find((r) => !r.direct && (r.adoption.members as number) > 20)!;
    const cov = ward.coverage as Record<string, number>;
    const adoption = ward.adoption as Record<string, number>;
    for (const [metric, expected] of [
      ['exempted', cov.exempted],
      ['reasonProbationary', cov.probationary],
      ['reasonNoPhone', cov.noPhone],
      ['reasonNotActivated', cov.notActivated],
      ['reasonOther', cov.other],
      ['notInstalled', adoption.members! - adoption.installed!],
      ['notActive', adoption.members! - adoption.active30!],
    ] as const) {
      const list = await get<{ total: number; items: Array<{ id: string }> }>(
        `/api/stats/adoption/members?unitId=${ward.unit.id}&metric=${metric}&limit=1000`,
      );
      expect(list.total, metric).toBe(expected);
      expect(new Set(list.items.map((i) => i.id)).size, metric).toBe(expected);
    }
    // Meetings: the month's figures equal the monitor's list of cells (the drill-down to a cell's meeting).
    const feb = await get<Report>(`/api/stats/report?unitId=${ward.unit.id}&month=${MONTH}`);
    const monitor = await get<{
      cells: Array<{
        registered: boolean;
        held: boolean;
        materialsOnTime: boolean;
        finalizedOnTime: boolean;
        meetingId: string | null;
      }>;
    }>(`/api/meetings/monitor?unitId=${ward.unit.id}&month=${MONTH}`);
    const m = feb.total.meetings as Record<string, number>;
    expect(monitor.cells).toHaveLength(m.cells!);
    expect(monitor.cells.filter((c) => c.registered)).toHaveLength(m.registered!);
    expect(monitor.cells.filter((c) => c.held)).toHaveLength(m.held!);
    expect(monitor.cells.filter((c) => c.materialsOnTime)).toHaveLength(m.materialsOnTime!);
    expect(monitor.cells.filter((c) => c.finalizedOnTime)).toHaveLength(m.finalizedOnTime!);
  }, 120_000);
});
