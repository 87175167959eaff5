import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call } from '../../testing/factories.ts';
import { libraryOrg, makeDocument } from '../../testing/documents.factories.ts';
import { documentReads } from '../../db/schema.ts';
import { listMonthlyMaterials } from './monthly.ts';

type Org = Awaited<ReturnType<typeof libraryOrg>>;

describe.each(ENGINES)('reading on %s', (engine) => {
  let t: TestApp;
  let o: Org;
  let docId: string;

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2025-05-10T08:00:00Z'));
    o = await libraryOrg(t);
    docId = await makeDocument(t.database.db, {
      unit: o.city1,
      symbol: '35-KH/ThU',
      title: 'Kế hoạch học tập chuyên đề năm 2025',
    });
  });
  afterAll(async () => t.close());

  it('records one receipt per reader however often they open it', async () => {
    for (let i = 0; i < 3; i++)
      expect((await call(t.app, o.memberA.cookie, { method: 'POST', url: `/api/documents/${docId}/read` })).json()).toEqual({
        ok: true,
      });
    const rows = await t.database.db.select().from(documentReads).where(eq(documentReads.documentId, docId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ memberId: o.memberA.member!.id, readCount: 3 });
    // A member who may not see it gets 404 and leaves no receipt.
    expect((await call(t.app, o.memberB.cookie, { method: 'POST', url: `/api/documents/${docId}/read` })).statusCode).toBe(404);
    const detail = (await call(t.app, o.memberA.cookie, { method: 'GET', url: `/api/documents/${docId}` })).json() as {
      document: { readAt: string | null };
    };
    expect(detail.document.readAt).not.toBeNull();
  });

  it('keeps bookmarks ("xem sau") and the reading history', async () => {
    expect((await call(t.app, o.memberA.cookie, { method: 'POST', url: `/api/documents/${docId}/bookmark` })).statusCode).toBe(
      200,
    );
    await call(t.app, o.memberA.cookie, { method: 'POST', url: `/api/documents/${docId}/bookmark` });
    const marks = (await call(t.app, o.memberA.cookie, { method: 'GET', url: '/api/library/bookmarks' })).json() as {
      items: Array<{ id: string }>;
    };
    expect(marks.items.map((i) => i.id)).toEqual([docId]);
    const history = (await call(t.app, o.memberA.cookie, { method: 'GET', url: '/api/library/history' })).json() as {
      items: Array<{ id: string }>;
    };
    expect(history.items.map((i) => i.id)).toEqual([docId]);
    await call(t.app, o.memberA.cookie, { method: 'DELETE', url: `/api/documents/${docId}/bookmark` });
    expect(
      ((await call(t.app, o.memberA.cookie, { method: 'GET', url: '/api/library/bookmarks' })).json() as { items: unknown[] })
        .items,
    ).toEqual([]);
    expect((await call(t.app, o.memberB.cookie, { method: 'POST', url: `/api/documents/${docId}/bookmark` })).statusCode).toBe(
      404,
    );
  });

  it('shows the secretary who in the cell has read it and who has not', async () => {
    const res = await call(t.app, o.secretaryA.cookie, { method: 'GET', url: `/api/documents/${docId}/readers` });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as {
      unit: { id: string };
      total: number;
      read: number;
      items: Array<{ fullName: string; readAt: string | null }>;
    };
    expect(body.unit.id).toBe(o.cellA.id);
    expect(body.total).toBe(3);
    expect(body.read).toBe(1);
    expect(body.items.find((i) => i.fullName === 'Trần Thị Đọc')!.readAt).not.toBeNull();
    expect(
      body.items
        .filter((i) => !i.readAt)
        .map((i) => i.fullName)
        .sort(),
    ).toEqual(['Lê Văn Chưa', 'Nguyễn Bí Thư']);
    // Another cell's list is not the secretary's to see; members cannot see lists at all.
    expect(
      (await call(t.app, o.secretaryA.cookie, { method: 'GET', url: `/api/documents/${docId}/readers?unitId=${o.cellA2.id}` }))
        .statusCode,
    ).toBe(404);
    expect((await call(t.app, o.memberA.cookie, { method: 'GET', url: `/api/documents/${docId}/readers` })).statusCode).toBe(403);
  });

  it('gives the committee a read percentage per unit below it', async () => {
    const res = await call(t.app, o.committeeCity.cookie, {
      method: 'GET',
      url: `/api/documents/${docId}/read-stats?unitId=${o.ward1.id}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as {
      total: number;
      read: number;
      items: Array<{ unitId: string; total: number; read: number; percent: number }>;
    };
    expect(body.items).toEqual([
      { unitId: o.cellA.id, name: 'Chi bộ khu phố 1', total: 3, read: 1, percent: 33.3 },
      { unitId: o.cellA2.id, name: 'Chi bộ khu phố 2', total: 1, read: 0, percent: 0 },
    ]);
    expect(
      (
        await call(t.app, o.committeeCity.cookie, {
          method: 'GET',
          url: `/api/documents/${docId}/read-stats?unitId=${o.ward2.id}`,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('lists the monthly cell-meeting materials a unit may read', async () => {
    const db = t.database.db;
    const may = await makeDocument(db, {
      unit: o.city1,
      typeCode: 'TLSH',
      issueDate: '2025-05-02',
      title: 'Tài liệu sinh hoạt chi bộ tháng 5',
    });
    await makeDocument(db, { unit: o.city1, typeCode: 'TLSH', issueDate: '2025-04-02', title: 'Tài liệu tháng 4' });
    await makeDocument(db, { unit: o.city2, typeCode: 'TLSH', issueDate: '2025-05-03', title: 'Tài liệu của thành phố Hai' });
    await makeDocument(db, {
      unit: o.city1,
      typeCode: 'TLSH',
      issueDate: '2025-05-20',
      title: 'Chưa đến giờ',
      publishAt: new Date('2025-06-01T00:00:00Z'),
    });
    await makeDocument(db, { unit: o.city1, issueDate: '2025-05-05', title: 'Không phải tài liệu sinh hoạt' });
    const list = await listMonthlyMaterials(db, o.cellA.path, '2025-05', t.clock.now());
    expect(list.map((m) => m.id)).toEqual([may]);
    expect(await listMonthlyMaterials(db, o.cellB.path, '2025-05', t.clock.now())).toHaveLength(1);
    expect(
      (await listMonthlyMaterials(db, o.cellA.path, '2025-05', new Date('2025-06-02T00:00:00Z'))).map((m) => m.title),
    ).toContain('Chưa đến giờ');
  });
});
