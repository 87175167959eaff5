import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call, makeMember, makeUnit, makeUser, sessionCookie, type TestUnit } from '../../testing/factories.ts';
import { auditLog, memberCellPeriods, members, unitPlacements, units } from '../../db/schema.ts';
import { rowsOf } from '../../db/client.ts';
import { foldVietnamese } from '../../../common/text/vietnamese.ts';
import { randomUUID } from 'node:crypto';

describe.each(ENGINES)('org tree on %s', (engine) => {
  let t: TestApp;
  let province: TestUnit;
  let city: TestUnit;
  let ward1: TestUnit;
  let ward2: TestUnit;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2025-06-01T03:00:00Z'));
    const db = t.database.db;
    province = await makeUnit(db, { type: 'province', name: 'Đảng bộ tỉnh Thử' });
    city = await makeUnit(db, { parent: province, type: 'upper_level', name: 'Đảng bộ thành phố Hòa Bình' });
    ward1 = await makeUnit(db, { parent: city, type: 'grassroots', name: 'Đảng bộ phường Quyết Thắng' });
    ward2 = await makeUnit(db, { parent: city, type: 'grassroots', name: 'Đảng bộ phường Đồng Tiến' });
    const u = await makeUser(db, { roles: [{ role: 'unit_admin', unit: city }] });
    admin = await sessionCookie(db, t.config, u.id, t.clock.now());
  });
  afterAll(async () => t.close());

  it('starts the admin at the top of their scope and drills down', async () => {
    const roots = (await call(t.app, admin, { method: 'GET', url: '/api/units/roots' })).json() as {
      items: Array<{ id: string }>;
    };
    expect(roots.items.map((u) => u.id)).toEqual([city.id]);
    const kids = (await call(t.app, admin, { method: 'GET', url: `/api/units/${city.id}/children` })).json() as {
      items: Array<{ id: string }>;
    };
    expect(kids.items.map((u) => u.id).sort()).toEqual([ward1.id, ward2.id].sort());
    const detail = (await call(t.app, admin, { method: 'GET', url: `/api/units/${ward1.id}` })).json() as {
      ancestors: Array<{ id: string }>;
      abilities: { manage: boolean };
    };
    // The province is above the admin's scope: not shown in the breadcrumb.
    expect(detail.ancestors.map((a) => a.id)).toEqual([city.id]);
    expect(detail.abilities.manage).toBe(true);
    expect((await call(t.app, admin, { method: 'GET', url: `/api/units/${province.id}` })).statusCode).toBe(404);
  });

  it('finds units by name typed without diacritics or with the other tone placement', async () => {
    for (const q of ['quyet thang', 'QUYẾT THẮNG', 'hoà bình', 'dong tien']) {
      const res = (await call(t.app, admin, { method: 'GET', url: `/api/units/search?q=${encodeURIComponent(q)}` })).json() as {
        items: Array<{ name: string; pathNames: string[] }>;
      };
      expect(res.items.length, q).toBeGreaterThan(0);
    }
    const res = (await call(t.app, admin, { method: 'GET', url: '/api/units/search?q=tinh' })).json() as {
      items: Array<{ id: string }>;
    };
    expect(res.items.map((u) => u.id)).not.toContain(province.id);
  });

  it('rate-limits search per account with Retry-After', async () => {
    const u = await makeUser(t.database.db, { roles: [{ role: 'committee_member', unit: city }] });
    const cookie = await sessionCookie(t.database.db, t.config, u.id, t.clock.now());
    let last;
    for (let i = 0; i <= 120; i++) last = await call(t.app, cookie, { method: 'GET', url: '/api/units/search?q=phuong' });
    expect(last!.statusCode).toBe(429);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect((last!.json() as { title: string }).title).toMatch(/quá nhanh/);
  });

  it('creates, renames and audits with old and new values', async () => {
    const created = await call(t.app, admin, {
      method: 'POST',
      url: '/api/units',
      payload: { parentId: ward1.id, code: 'CB-MOI-1', name: 'Chi bộ khu phố 9', type: 'cell' },
    });
    expect(created.statusCode).toBe(201);
    const id = (created.json() as { unit: { id: string } }).unit.id;
    const dup = await call(t.app, admin, {
      method: 'POST',
      url: '/api/units',
      payload: { parentId: ward1.id, code: 'CB-MOI-1', name: 'Chi bộ khác', type: 'cell' },
    });
    expect(dup.statusCode).toBe(409);
    const badType = await call(t.app, admin, {
      method: 'POST',
      url: '/api/units',
      payload: { parentId: id, code: 'X-1', name: 'Chi bộ con', type: 'cell' },
    });
    expect(badType.statusCode).toBe(400);
    expect(badType.json()).toMatchObject({ code: 'org.invalid_child_type' });
    const renamed = await call(t.app, admin, {
      method: 'PATCH',
      url: `/api/units/${id}`,
      payload: { name: 'Chi bộ khu phố 10', reason: 'Đổi tên khu phố' },
    });
    expect(renamed.json()).toMatchObject({ unit: { name: 'Chi bộ khu phố 10' } });
    const [entry] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'unit.update'));
    expect(entry!.changes).toEqual({ name: { old: 'Chi bộ khu phố 9', new: 'Chi bộ khu phố 10' } });
    expect(entry!.requestId).toBeTruthy();
    const hist = (await call(t.app, admin, { method: 'GET', url: `/api/units/${id}/history` })).json() as {
      items: Array<{ kind: string }>;
    };
    expect(hist.items.map((h) => h.kind)).toEqual(['rename', 'create']);
  });

  it('moves a cell with its members, keeps the old placement for "as of" queries', async () => {
    const cell = await makeUnit(t.database.db, { parent: ward1, type: 'cell', name: 'Chi bộ di chuyển' });
    await makeMember(t.database.db, { cell });
    t.clock.set('2025-06-15T03:00:00Z');
    const res = await call(t.app, admin, {
      method: 'POST',
      url: `/api/units/${cell.id}/move`,
      payload: { newParentId: ward2.id, reason: 'Điều chỉnh địa giới' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ unit: { parentId: ward2.id, memberCount: 1 } });
    const now = (await call(t.app, admin, { method: 'GET', url: `/api/units/${ward2.id}/children` })).json() as {
      items: Array<{ id: string }>;
    };
    expect(now.items.map((u) => u.id)).toContain(cell.id);
    const before = (
      await call(t.app, admin, { method: 'GET', url: `/api/units/${ward1.id}/children?asOf=2025-06-10` })
    ).json() as { items: Array<{ id: string }> };
    expect(before.items.map((u) => u.id)).toContain(cell.id);
    const beforeNew = (
      await call(t.app, admin, { method: 'GET', url: `/api/units/${ward2.id}/children?asOf=2025-06-10` })
    ).json() as { items: Array<{ id: string }> };
    expect(beforeNew.items.map((u) => u.id)).not.toContain(cell.id);
    const intoSelf = await call(t.app, admin, {
      method: 'POST',
      url: `/api/units/${ward2.id}/move`,
      payload: { newParentId: ward2.id, reason: '' },
    });
    expect(intoSelf.statusCode).toBe(400);
    const outside = await call(t.app, admin, {
      method: 'POST',
      url: `/api/units/${cell.id}/move`,
      payload: { newParentId: province.id, reason: '' },
    });
    expect(outside.statusCode).toBe(404);
  });

  it('moves a 400-cell subtree in one transaction, rewriting every path', async () => {
    const db = t.database.db;
    const big = await makeUnit(db, { parent: ward1, type: 'sub_unit', name: 'Đảng bộ bộ phận lớn' });
    const rows = Array.from({ length: 400 }, (_, i) => {
      const id = randomUUID();
      const name = `Chi bộ số ${i + 1}`;
      return {
        id,
        code: `BIG-${i}-${id.slice(0, 4)}`,
        name,
        shortName: name,
        nameSearch: foldVietnamese(name),
        type: 'cell' as const,
        parentId: big.id,
        path: `${big.path}${id}/`,
        depth: big.depth + 1,
        sortOrder: i,
      };
    });
    await db.insert(units).values(rows);
    await db
      .insert(unitPlacements)
      .values(rows.map((r) => ({ unitId: r.id, parentId: big.id, path: r.path, validFrom: new Date('2025-01-01T00:00:00Z') })));
    const target = await makeUnit(db, { parent: city, type: 'grassroots', name: 'Đảng bộ nhận' });
    t.clock.set('2025-06-20T03:00:00Z');
    const res = await call(t.app, admin, {
      method: 'POST',
      url: `/api/units/${big.id}/move`,
      payload: { newParentId: target.id, reason: 'Hợp nhất' },
    });
    expect(res.statusCode).toBe(200);
    const under = rowsOf<{ n: number }>(
      await db.execute(sql`SELECT count(*)::int AS n FROM units WHERE path LIKE ${target.path + '%'}`),
    )[0]!.n;
    expect(under).toBe(1 + 1 + 400);
    const stale = rowsOf<{ n: number }>(
      await db.execute(sql`SELECT count(*)::int AS n FROM units WHERE path LIKE ${ward1.path + big.id + '/%'}`),
    )[0]!.n;
    expect(stale).toBe(0);
    const open = rowsOf<{ n: number }>(
      await db.execute(
        sql`SELECT count(*)::int AS n FROM unit_placements WHERE valid_to IS NULL AND path LIKE ${target.path + big.id + '/%'}`,
      ),
    )[0]!.n;
    expect(open).toBe(401);
    const [change] = (await call(t.app, admin, { method: 'GET', url: `/api/units/${big.id}/history` })).json().items as Array<{
      kind: string;
      details: { unitsMoved: number };
    }>;
    expect(change).toMatchObject({ kind: 'move', details: { unitsMoved: 401 } });
  });

  it('merges a cell into another: members move with their history, the merged cell ends', async () => {
    const db = t.database.db;
    const a = await makeUnit(db, { parent: ward2, type: 'cell', name: 'Chi bộ A' });
    const b = await makeUnit(db, { parent: ward2, type: 'cell', name: 'Chi bộ B' });
    const { member } = await makeMember(db, { cell: a });
    await makeMember(db, { cell: a });
    t.clock.set('2025-06-25T03:00:00Z');
    const res = await call(t.app, admin, {
      method: 'POST',
      url: `/api/units/${a.id}/merge`,
      payload: { intoId: b.id, reason: 'Sáp nhập khu dân cư' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ movedMembers: 2, unit: { id: b.id, memberCount: 2 } });
    const [m] = await db.select().from(members).where(eq(members.id, member.id));
    expect(m!.cellId).toBe(b.id);
    const periods = await db.select().from(memberCellPeriods).where(eq(memberCellPeriods.memberId, member.id));
    expect(periods.map((p) => [p.cellId, p.validTo === null])).toEqual(
      expect.arrayContaining([
        [a.id, false],
        [b.id, true],
      ]),
    );
    const [ended] = await db.select().from(units).where(eq(units.id, a.id));
    expect(ended!.status).toBe('merged');
    const kids = (await call(t.app, admin, { method: 'GET', url: `/api/units/${ward2.id}/children` })).json() as {
      items: Array<{ id: string }>;
    };
    expect(kids.items.map((u) => u.id)).not.toContain(a.id);
  });

  it('dissolves only an empty unit', async () => {
    const db = t.database.db;
    const full = await makeUnit(db, { parent: ward2, type: 'cell' });
    await makeMember(db, { cell: full });
    const refused = await call(t.app, admin, {
      method: 'POST',
      url: `/api/units/${full.id}/dissolve`,
      payload: { reason: 'Thử' },
    });
    expect(refused.statusCode).toBe(409);
    expect((refused.json() as { title: string }).title).toMatch(/1 đảng viên/);
    const empty = await makeUnit(db, { parent: ward2, type: 'cell' });
    const ok = await call(t.app, admin, {
      method: 'POST',
      url: `/api/units/${empty.id}/dissolve`,
      payload: { reason: 'Không còn đảng viên' },
    });
    expect(ok.json()).toMatchObject({ unit: { status: 'dissolved' } });
  });

  it('lets a committee member read but not change the tree', async () => {
    const u = await makeUser(t.database.db, { roles: [{ role: 'committee_member', unit: city }] });
    const cookie = await sessionCookie(t.database.db, t.config, u.id, t.clock.now());
    expect((await call(t.app, cookie, { method: 'GET', url: `/api/units/${ward1.id}` })).statusCode).toBe(200);
    expect(
      (await call(t.app, cookie, { method: 'PATCH', url: `/api/units/${ward1.id}`, payload: { name: 'Tên mới' } })).statusCode,
    ).toBe(403);
  });
});
