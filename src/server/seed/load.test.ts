import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like, sql } from 'drizzle-orm';
import { foldVietnamese } from '../../common/text/vietnamese.ts';
import { verifyPassword } from '../auth/password.ts';
import { createTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { memberCellPeriods, members, roleAssignments, unitPlacements, units, users } from '../db/schema.ts';
import { generateOrganization } from './generate.ts';
import { loadOrganization } from './load.ts';
import { hashCccd } from '../privacy/cccd-crypto.ts';

const data = generateOrganization({ scale: 'demo', asOf: '2026-03-01' });
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase('embedded');
});

afterAll(async () => {
  await database?.close();
});

const count = async (
  table: typeof units | typeof members | typeof users | typeof roleAssignments | typeof unitPlacements | typeof memberCellPeriods,
) => {
  const [row] = await database.db.select({ n: sql<number>`count(*)::int` }).from(table);
  return row?.n;
};

describe('loadOrganization', () => {
  // Its speed is the benchmark's (bench/import.ts and the first start), not a timed assertion here.
  it('writes the whole demo organization', async () => {
    const summary = await loadOrganization(database.db, data, { password: 'demo-password' });
    expect(summary).toEqual({ units: data.units.length, members: data.members.length, users: data.staff.length });
    expect(await count(units)).toBe(data.units.length);
    expect(await count(unitPlacements)).toBe(data.units.length);
    expect(await count(members)).toBe(data.members.length);
    expect(await count(memberCellPeriods)).toBe(data.members.length);
    expect(await count(users)).toBe(data.staff.length);
    expect(await count(roleAssignments)).toBe(data.staff.length);
  });

  it('stores paths so the city subtree is one prefix query', async () => {
    const db = database.db;
    const [city] = await db.select().from(units).where(eq(units.code, 'TP'));
    expect(city?.depth).toBe(1);
    const [root] = await db.select().from(units).where(eq(units.code, 'TINH'));
    expect(root?.path).toBe(`/${root?.id}/`);
    expect(city?.path).toBe(`/${root?.id}/${city?.id}/`);
    const below = await db
      .select({ type: units.type, depth: units.depth, code: units.code })
      .from(units)
      .where(like(units.path, `${city?.path}%`));
    const subUnits = below.filter((u) => u.type === 'sub_unit').length;
    expect(subUnits).toBeGreaterThan(0);
    expect(below).toHaveLength(1 + 33 + subUnits + 335);
    expect(below.every((u) => u.code === 'TP' || u.code.startsWith('TP.'))).toBe(true);
    const [cell] = await db.select().from(units).where(eq(units.code, 'TP.CQ04.BP01.CB01'));
    expect(cell?.depth).toBe(4);
    expect(cell?.nameSearch).toBe(foldVietnamese(cell?.name ?? ''));
    const [n] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(members)
      .innerJoin(units, eq(units.id, members.cellId))
      .where(like(units.path, `${city?.path}%`));
    expect(n?.n).toBe(6_080);
  });

  it('creates working accounts linked to members and roles', async () => {
    const db = database.db;
    const [secretary] = await db.select().from(users).where(eq(users.username, 'chibo.bithu'));
    expect(secretary?.status).toBe('active');
    expect(await verifyPassword(secretary?.passwordHash ?? '', 'demo-password')).toBe(true);
    const [member] = await db
      .select()
      .from(members)
      .where(eq(members.id, secretary?.memberId ?? ''));
    const [cell] = await db.select().from(units).where(eq(units.code, 'TP.P01.CB01'));
    expect(member?.cellId).toBe(cell?.id);
    const roles = await db
      .select()
      .from(roleAssignments)
      .where(and(eq(roleAssignments.userId, secretary?.id ?? ''), eq(roleAssignments.unitId, cell?.id ?? '')));
    expect(roles.map((r) => r.role)).toEqual(['cell_secretary']);
    const [admin] = await db.select().from(users).where(eq(users.username, 'admin'));
    expect(admin?.memberId).toBeNull();
    expect(admin?.passwordHash).toBe(secretary?.passwordHash);
  });

  it('folds member names for search and keeps the entered text', async () => {
    const broken = data.members.find((m) => m.broken?.startsWith('name_nfd'));
    const [row] = await database.db
      .select()
      .from(members)
      .where(eq(members.cccdHash, hashCccd(broken?.cccd ?? '')));
    expect(row?.fullName).toBe(broken?.fullName);
    expect(row?.nameSearch).toBe(foldVietnamese(broken?.fullName ?? ''));
  });
});
