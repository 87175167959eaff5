/**
 * Adoption statistics on the generated demo organization (6,492 members): every unit's children
 * add up to it for every metric, each figure matches an independent count, a drill-down list has
 * exactly the dashboard's number of rows, the .xlsx carries the same numbers, and a secretary
 * sees nothing of another cell.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call, makeMember, makeUnit, makeUser, sessionCookie } from '../../testing/factories.ts';
import { rowsOf } from '../../db/client.ts';
import { units } from '../../db/schema.ts';
import { generateOrganization } from '../../seed/generate.ts';
import { loadOrganization } from '../../seed/load.ts';
import { EXPORT_COLUMNS } from './export.ts';

const data = generateOrganization({ scale: 'demo', asOf: '2026-03-01' });
const METRICS = [
  'members',
  'probationary',
  'exempted',
  'accounts',
  'activated',
  'active30',
  'installed',
  'standardized',
] as const;
type Counts = Record<(typeof METRICS)[number], number>;
type Rates = Record<'accounts' | 'activated' | 'active30' | 'installed' | 'standardized', number>;
interface Row extends Counts {
  unit: { id: string; name: string };
  direct: boolean;
  hasChildren: boolean;
  installRank: number;
  rates: Rates;
}
interface Adoption {
  unit: { id: string; name: string };
  total: Counts & { rates: Rates };
  rows: Row[];
}

describe.each(ENGINES)('adoption statistics on %s', (engine) => {
  let t: TestApp;
  let cookie: string;
  let province: typeof units.$inferSelect;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.database.db;
    let s = performance.now();
    await loadOrganization(db, data, { password: 'demo-password' });
    timings.load = performance.now() - s;
    const now = t.clock.now();
    const day = 24 * 3600 * 1000;
    // Accounts for about two members in three; some activated, seen recently or long ago, installed; records checked or not.
    s = performance.now();
    await db.execute(
      sql`UPDATE members SET standardized = CASE WHEN abs(hashtext(id::text)) % 10 = 0 THEN NULL ELSE abs(hashtext(id::text)) % 10 < 7 END`,
    );
    await db.execute(sql`
      INSERT INTO users (member_id, display_name, status, activated_at, last_seen_at)
      SELECT m.id, m.full_name,
        CASE WHEN abs(hashtext(m.id::text || 'a')) % 4 = 0 THEN 'pending' ELSE 'active' END,
        CASE WHEN abs(hashtext(m.id::text || 'a')) % 4 = 0 THEN NULL ELSE ${new Date(now.getTime() - 60 * day).toISOString()}::timestamptz END,
        CASE abs(hashtext(m.id::text || 's')) % 3 WHEN 0 THEN NULL WHEN 1 THEN ${new Date(now.getTime() - 3 * day).toISOString()}::timestamptz ELSE ${new Date(now.getTime() - 45 * day).toISOString()}::timestamptz END
      FROM members m WHERE abs(hashtext(m.id::text)) % 3 <> 0 AND NOT EXISTS (SELECT 1 FROM users u WHERE u.member_id = m.id)`);
    // Two devices for some, so installs count people, not devices.
    await db.execute(sql`
      INSERT INTO app_installs (user_id, device_id, platform, source, installed_at, last_seen_at)
      SELECT u.id, gen_random_uuid(), 'android', 'standalone', ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
      FROM users u, generate_series(1, 2) g WHERE u.activated_at IS NOT NULL AND abs(hashtext(u.id::text)) % 5 < (CASE WHEN g = 1 THEN 3 ELSE 1 END)`);
    timings.fixtures = performance.now() - s;
    province = (await db.select().from(units).where(eq(units.code, 'TINH')))[0]!;
    const admin = await makeUser(db, { roles: [{ role: 'unit_admin', unit: province! }] });
    cookie = await sessionCookie(db, t.config, admin.id);
  }, 120_000);
  afterAll(async () => {
    console.log(`[stats ${engine}] timings ms`, Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])));
    await t.close();
  });

  const get = async (url: string) => {
    const res = await call(t.app, cookie, { method: 'GET', url });
    expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
    return res;
  };

  /** Independent count: every current member with its cell path, summed per unit in JS. */
  async function oracle() {
    const since = new Date(t.clock.now().getTime() - 30 * 24 * 3600 * 1000);
    const facts = rowsOf<{
      path: string;
      status: string;
      std: boolean | null;
      uid: string | null;
      act: string | null;
      seen: string | Date | null;
      inst: number;
    }>(
      await t.database.db.execute(sql`
        SELECT c.path, m.status, m.standardized AS std, u.id AS uid, u.activated_at::text AS act, u.last_seen_at AS seen,
          (SELECT count(*)::int FROM app_installs i WHERE i.user_id = u.id) AS inst
        FROM members m JOIN units c ON c.id = m.cell_id LEFT JOIN users u ON u.member_id = m.id`),
    );
    return (path: string, exact = false): Counts => {
      const c: Counts = {
        members: 0,
        probationary: 0,
        exempted: 0,
        accounts: 0,
        activated: 0,
        active30: 0,
        installed: 0,
        standardized: 0,
      };
      for (const f of facts) {
        if (exact ? f.path !== path : !f.path.startsWith(path)) continue;
        if (f.status === 'exempted') c.exempted++;
        if (f.status !== 'official' && f.status !== 'probationary') continue;
        c.members++;
        if (f.status === 'probationary') c.probationary++;
        if (f.uid) c.accounts++;
        if (f.act) c.activated++;
        if (f.seen && new Date(f.seen) >= since) c.active30++;
        if (f.inst > 0) c.installed++;
        if (f.std === true) c.standardized++;
      }
      return c;
    };
  }

  it('adds every child up to the province for every metric, and each figure matches an independent count', async () => {
    const count = await oracle();
    const all = await t.database.db
      .select()
      .from(units)
      .where(sql`${units.path} LIKE ${province!.path + '%'}`);
    const pathOf = new Map(all.map((u) => [u.id, u.path]));
    const parents = all.filter((u) => all.some((c) => c.parentId === u.id));
    const durations: number[] = [];
    for (const u of parents) {
      const s = performance.now();
      const body = (await get(`/api/stats/adoption?unitId=${u.id}`)).json() as Adoption;
      durations.push(performance.now() - s);
      expect(body.total).toMatchObject(count(u.path));
      for (const m of METRICS)
        expect(
          body.rows.reduce((sum, r) => sum + r[m], 0),
          `${u.code} ${m}`,
        ).toBe(body.total[m]);
      for (const r of body.rows) {
        // A direct row holds the members of the unit's own cell; a child row is the child's subtree.
        expect(r, `${u.code} → ${r.unit.name}`).toMatchObject(r.direct ? count(u.path, true) : count(pathOf.get(r.unit.id)!));
      }
    }
    durations.sort((a, b) => a - b);
    timings.unitsChecked = parents.length;
    timings.p50 = durations[Math.floor(durations.length / 2)]!;
    timings.max = durations[durations.length - 1]!;
    const top = (await get(`/api/stats/adoption?unitId=${province!.id}`)).json() as Adoption;
    expect(top.total.members + top.total.exempted).toBeGreaterThan(6000);
    expect(top.total.installed).toBeGreaterThan(0);
    expect(top.total.rates.installed).toBe(Math.round((top.total.installed * 1000) / top.total.members) / 10);
    // The ranking follows the installation rate.
    const ranked = [...top.rows].sort((a, b) => a.installRank - b.installRank);
    for (let i = 1; i < ranked.length; i++)
      expect(ranked[i]!.rates.installed).toBeLessThanOrEqual(ranked[i - 1]!.rates.installed);
  }, 120_000);

  it('lists exactly as many members in a drill-down as the dashboard shows', async () => {
    const city = (await t.database.db.select().from(units).where(eq(units.code, 'TP')))[0]!;
    const body = (await get(`/api/stats/adoption?unitId=${city.id}`)).json() as Adoption;
    const ward = body.rows.find((r) => r.members > 20)!;
    const wardFigures = (await get(`/api/stats/adoption?unitId=${ward.unit.id}`)).json() as Adoption;
    for (const [metric, expected] of [
      ['notInstalled', ward.members - ward.installed],
      ['notActivated', ward.members - ward.activated],
      ['notStandardized', ward.members - ward.standardized],
      ['noAccount', ward.members - ward.accounts],
    ] as const) {
      const list = (await get(`/api/stats/adoption/members?unitId=${ward.unit.id}&metric=${metric}&limit=1000`)).json() as {
        total: number;
        items: Array<{ id: string; phoneMasked: string | null }>;
      };
      expect(list.total, metric).toBe(expected);
      expect(list.items, metric).toHaveLength(expected);
      expect(new Set(list.items.map((i) => i.id)).size).toBe(expected);
      expect(list.items.every((i) => i.phoneMasked === null || i.phoneMasked.includes('*'))).toBe(true);
    }
    expect(wardFigures.total.members).toBe(ward.members);
    // The city's list pages through the same total.
    const page = (await get(`/api/stats/adoption/members?unitId=${city.id}&metric=notInstalled&limit=50&offset=100`)).json() as {
      total: number;
      items: unknown[];
    };
    expect(page.total).toBe(body.total.members - body.total.installed);
    expect(page.items).toHaveLength(50);
  });

  it('exports an .xlsx with the same numbers', async () => {
    const city = (await t.database.db.select().from(units).where(eq(units.code, 'TP')))[0]!;
    const body = (await get(`/api/stats/adoption?unitId=${city.id}`)).json() as Adoption;
    const res = await get(`/api/stats/adoption/export?unitId=${city.id}`);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell(1, 1).value)).toContain(city.name);
    expect(String(ws.getCell(1, 1).value)).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    const headers = (ws.getRow(3).values as unknown[]).slice(1);
    expect(headers.slice(0, 2)).toEqual(['STT', 'Đơn vị']);
    const col = (h: string) => 3 + EXPORT_COLUMNS.findIndex(([name]) => name === h);
    body.rows.forEach((r, i) => {
      const row = ws.getRow(4 + i);
      expect(row.getCell(2).value).toContain(r.unit.name);
      expect(row.getCell(col('Đảng viên (không kể miễn SH)')).value).toBe(r.members);
      expect(row.getCell(col('Đã cài ứng dụng')).value).toBe(r.installed);
      expect(row.getCell(col('Hồ sơ chuẩn hóa')).value).toBe(r.standardized);
      expect(row.getCell(col('Tỷ lệ cài đặt')).value).toBeCloseTo(r.rates.installed / 100, 6);
      expect(row.getCell(col('Xếp hạng cài đặt')).value).toBe(r.installRank);
    });
    const total = ws.getRow(4 + body.rows.length);
    expect(total.getCell(2).value).toBe('Tổng cộng');
    expect(total.getCell(col('Đã kích hoạt')).value).toBe(body.total.activated);
    expect(total.getCell(col('Hoạt động 30 ngày')).value).toBe(body.total.active30);
  });

  it('answers 404 for a cell outside a secretary’s scope, and 400 for a bad metric', async () => {
    const db = t.database.db;
    const ward = await makeUnit(db, { type: 'grassroots' });
    const cellA = await makeUnit(db, { parent: ward });
    const cellB = await makeUnit(db, { parent: ward });
    const { member } = await makeMember(db, { cell: cellA });
    await makeMember(db, { cell: cellB });
    const secretary = await makeUser(db, { memberId: member.id, roles: [{ role: 'cell_secretary', unit: cellA }] });
    const c = await sessionCookie(db, t.config, secretary.id);
    for (const url of [
      `/api/stats/adoption?unitId=${cellB.id}`,
      `/api/stats/adoption/members?unitId=${cellB.id}&metric=notInstalled`,
      `/api/stats/adoption/export?unitId=${cellB.id}`,
      `/api/stats/adoption?unitId=${ward.id}`,
    ]) {
      expect((await call(t.app, c, { method: 'GET', url })).statusCode, url).toBe(404);
    }
    const own = (await call(t.app, c, { method: 'GET', url: `/api/stats/adoption?unitId=${cellA.id}` })).json() as Adoption;
    expect(own.rows).toHaveLength(1);
    expect(own.rows[0]!.direct).toBe(true);
    expect(own.total.members).toBe(1);
    expect(own.total.accounts).toBe(1);
    expect(
      (await call(t.app, c, { method: 'GET', url: `/api/stats/adoption/members?unitId=${cellA.id}&metric=x` })).statusCode,
    ).toBe(400);
    // Meeting compliance is for committees (meetings.monitor): a secretary has no such role anywhere.
    expect(
      (await call(t.app, c, { method: 'GET', url: `/api/stats/meetings?unitId=${cellA.id}&month=2026-03` })).statusCode,
    ).toBeGreaterThanOrEqual(403);
  });

  it('summarizes a month of meetings per child unit', async () => {
    const city = (await t.database.db.select().from(units).where(eq(units.code, 'TP')))[0]!;
    const body = (await get(`/api/stats/meetings?unitId=${city.id}&month=2026-03`)).json() as {
      total: { cells: number };
      rows: Array<{ cells: number }>;
    };
    const [{ n }] = rowsOf<{ n: number }>(
      await t.database.db.execute(
        sql`SELECT count(*)::int AS n FROM units WHERE path LIKE ${city.path + '%'} AND type IN ('cell', 'grassroots_cell') AND status = 'active'`,
      ),
    ) as [{ n: number }];
    expect(n).toBeGreaterThanOrEqual(335);
    expect(body.total.cells).toBe(n);
    expect(body.rows.reduce((s, r) => s + r.cells, 0)).toBe(n);
  });
});
