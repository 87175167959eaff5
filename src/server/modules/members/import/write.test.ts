/**
 * The bulk write path (bulk.ts) against the row-by-row semantics it replaced: changed columns
 * only, derived columns (name search, CCCD hash/mask), cell moves with their periods, status
 * history, a member matched by two rows, audit entries, and all-or-nothing on both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, inArray } from 'drizzle-orm';
import { ENGINES, createTestDatabase, type TestDatabase } from '../../../testing/databases.ts';
import { makeUnit, type TestUnit } from '../../../testing/factories.ts';
import { buildXlsx, type XlsxCell } from '../../../testing/members.factories.ts';
import { auditLog, memberCellPeriods, members, memberStatusChanges } from '../../../db/schema.ts';
import { generateOrganization } from '../../../seed/generate.ts';
import { foldVietnamese, nameKey } from '../../../../common/text/vietnamese.ts';
import { cccdCompanions } from '../../../privacy/cccd-crypto.ts';
import { readSheet } from './read-sheet.ts';
import { runImport } from './run-import.ts';

const seed = generateOrganization({ scale: 'demo', asOf: '2026-01-01' })
  .members.filter((m) => m.cccd && m.dateOfBirth && !m.broken)
  .slice(0, 3);
const HEADER = ['Họ và tên', 'Ngày sinh', 'Số CCCD', 'Số điện thoại', 'Tình trạng', 'Chi bộ'];
const dmy = (iso: string | null) => (iso ?? '').split('-').reverse().join('/');

describe.each(ENGINES)('bulk import writes on %s', (engine) => {
  let database: TestDatabase;
  let ward: TestUnit;
  let cellA: TestUnit;
  let cellB: TestUnit;
  const at = new Date('2026-03-01T03:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    ward = await makeUnit(database.db, { type: 'grassroots', code: 'W1', name: 'Đảng bộ phường thử' });
    cellA = await makeUnit(database.db, { parent: ward, type: 'cell', code: 'W1.A', name: 'Chi bộ A' });
    cellB = await makeUnit(database.db, { parent: ward, type: 'cell', code: 'W1.B', name: 'Chi bộ B' });
  });
  afterAll(async () => database.close());

  const run = async (rows: XlsxCell[][], dryRun = false) =>
    runImport(database.db, {
      unit: ward,
      sheet: await readSheet(await buildXlsx(HEADER, rows), { name: 'ds.xlsx' }),
      mapping: {},
      dryRun,
      check: { today: '2026-03-01', cardPattern: '' },
      source: { actorId: null, requestId: 'test:bulk', at },
      fileName: 'ds.xlsx',
    });

  it('applies exactly the planned changes, including two rows matching one member', async () => {
    const [m1, m2, m3] = seed as [(typeof seed)[number], (typeof seed)[number], (typeof seed)[number]];
    const first = await run([
      [m1.fullName, dmy(m1.dateOfBirth), m1.cccd, '0311111111', 'Dự bị', 'W1.A'],
      [m2.fullName, dmy(m2.dateOfBirth), m2.cccd, '0322222222', 'Chính thức', 'W1.A'],
      [m3.fullName, dmy(m3.dateOfBirth), null, null, 'Chính thức', 'W1.A'],
    ]);
    expect(first.counts).toMatchObject({ created: 3, rejected: 0 });
    expect((await run([[m1.fullName, dmy(m1.dateOfBirth), m1.cccd, '0311111111', 'Dự bị', 'W1.A']])).counts).toMatchObject({
      unchanged: 1,
    });

    const second = [
      // m1: new name, moved to B, now official.
      ['Nguyễn Văn Đổi Tên', dmy(m1.dateOfBirth), m1.cccd, '0311111111', 'Chính thức', 'W1.B'],
      // m2: phone only.
      [m2.fullName, dmy(m2.dateOfBirth), m2.cccd, '0399999999', 'Chính thức', 'W1.A'],
      // m3 (no CCCD): matched by name and birth date.
      [m3.fullName, dmy(m3.dateOfBirth), null, '0333333333', 'Chính thức', 'W1.A'],
      // m1 again, by its old name and birth date: applied after the first row, as row by row did.
      [m1.fullName, dmy(m1.dateOfBirth), null, '0377777777', null, 'W1.B'],
    ] satisfies XlsxCell[][];
    const dry = await run(second, true);
    expect(dry.counts).toMatchObject({ updated: 4, created: 0, rejected: 0 });
    const auditBefore = (await database.db.select({ id: auditLog.id }).from(auditLog)).length;
    const real = await runImport(database.db, {
      unit: ward,
      sheet: await readSheet(await buildXlsx(HEADER, second), { name: 'ds.xlsx' }),
      mapping: {},
      dryRun: false,
      expectHash: dry.planHash,
      check: { today: '2026-03-01', cardPattern: '' },
      source: { actorId: null, requestId: 'test:bulk', at },
      fileName: 'ds.xlsx',
    });
    expect(real.planHash).toBe(dry.planHash);

    const rows = await database.db
      .select()
      .from(members)
      .where(inArray(members.cellId, [cellA.id, cellB.id]));
    const byCccd = new Map(rows.map((r) => [r.cccd, r]));
    const r1 = byCccd.get(m1.cccd)!;
    expect(r1).toMatchObject(cccdCompanions(m1.cccd));
    expect(r1).toMatchObject({
      fullName: 'Nguyễn Văn Đổi Tên',
      nameSearch: foldVietnamese('Nguyễn Văn Đổi Tên'),
      nameKey: nameKey('Nguyễn Văn Đổi Tên'),
      cellId: cellB.id,
      status: 'official',
      phone: '0377777777',
      updatedAt: at,
      checkedOn: '2026-03-01',
    });
    const r2 = byCccd.get(m2.cccd)!;
    expect(r2).toMatchObject({
      fullName: m2.fullName,
      phone: '0399999999',
      cellId: cellA.id,
      status: 'official',
      nameSearch: foldVietnamese(m2.fullName),
    });
    const r3 = byCccd.get(null)!;
    expect(r3).toMatchObject({ fullName: m3.fullName, cccdHash: null, cccdMasked: null, phone: '0333333333', cellId: cellA.id });
    expect(rows).toHaveLength(3);

    const periods = await database.db
      .select()
      .from(memberCellPeriods)
      .where(eq(memberCellPeriods.memberId, r1.id))
      .orderBy(asc(memberCellPeriods.id));
    expect(periods.map((p) => [p.cellId, p.validTo ? 'closed' : 'open'])).toEqual([
      [cellA.id, 'closed'],
      [cellB.id, 'closed'],
      [cellB.id, 'open'],
    ]);
    const statuses = await database.db.select().from(memberStatusChanges).where(eq(memberStatusChanges.memberId, r1.id));
    expect(statuses).toMatchObject([
      { fromStatus: 'probationary', toStatus: 'official', effectiveDate: '2026-03-01', note: 'Nhập từ tệp ds.xlsx' },
    ]);

    const audits = await database.db.select().from(auditLog).orderBy(asc(auditLog.id));
    const updates = audits.slice(auditBefore).filter((a) => a.action === 'member.update');
    expect(updates.map((a) => a.targetId)).toEqual([r1.id, r2.id, r3.id, r1.id]);
    expect(updates[2]!.changes.phone).toEqual({ old: null, new: '0333333333' });
    expect(updates[0]!.changes.cellId).toEqual({ old: cellA.id, new: cellB.id });
    expect(audits.at(-1)).toMatchObject({ action: 'member.import', changes: { updated: { old: null, new: 4 } } });
  });

  it('writes nothing when a batch fails', async () => {
    const before = (await database.db.select({ id: members.id }).from(members)).length;
    const auditBefore = (await database.db.select({ id: auditLog.id }).from(auditLog)).length;
    const many: XlsxCell[][] = Array.from({ length: 5_200 }, (_, i) => [
      `Người Thử ${i}`,
      '01/01/1970',
      null,
      null,
      'Chính thức',
      'W1.A',
    ]);
    // A cell code that disappears between planning and writing cannot happen inside the
    // transaction; a broken audit insert can: make the log refuse this import's entries.
    await expect(
      runImport(database.db, {
        unit: ward,
        sheet: await readSheet(await buildXlsx(HEADER, many), { name: 'ds.xlsx' }),
        mapping: {},
        dryRun: false,
        check: { today: '2026-03-01', cardPattern: '' },
        source: { actorId: 'not-a-uuid', requestId: 'test:bulk', at },
        fileName: 'ds.xlsx',
      }),
    ).rejects.toThrow();
    expect((await database.db.select({ id: members.id }).from(members)).length).toBe(before);
    expect((await database.db.select({ id: auditLog.id }).from(auditLog)).length).toBe(auditBefore);
    const ok = await run(many);
    expect(ok.counts.created).toBe(5_200);
    expect((await database.db.select({ id: members.id }).from(members)).length).toBe(before + 5_200);
  });
});
