import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call } from '../../testing/factories.ts';
import { libraryOrg, makePdf, multipart } from '../../testing/documents.factories.ts';
import { auditLog } from '../../db/schema.ts';

type Org = Awaited<ReturnType<typeof libraryOrg>>;
interface Doc {
  id: string;
  status: string;
  symbol: string | null;
  typeCode: string | null;
  issuerCode: string | null;
  reviewComment: string | null;
  abilities: Record<string, boolean>;
  files: Array<{
    id: string;
    slot: string;
    version: number;
    versions: Array<{ version: number; replacedByName: string | null }>;
  }>;
}

describe.each(ENGINES)('library workflow and visibility on %s', (engine) => {
  let t: TestApp;
  let o: Org;
  const doc = (body: string) => (JSON.parse(body) as { document: Doc }).document;

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2025-03-01T08:00:00Z'));
    o = await libraryOrg(t);
  });
  afterAll(async () => t.close());

  async function draft(cookie: string, body: Record<string, unknown>) {
    const res = await call(t.app, cookie, { method: 'POST', url: '/api/documents', payload: body });
    expect(res.statusCode, res.body).toBe(201);
    return doc(res.body);
  }

  const visibleTo = async (cookie: string, id: string) =>
    (await call(t.app, cookie, { method: 'GET', url: `/api/documents/${id}` })).statusCode === 200;
  const listed = async (cookie: string) =>
    (
      (await call(t.app, cookie, { method: 'GET', url: '/api/library?limit=100' })).json() as { items: Array<{ id: string }> }
    ).items.map((i) => i.id);

  it('runs draft → submitted → sent back → submitted → published, audited at each step', async () => {
    const d = await draft(o.editorCity.cookie, {
      unitId: o.city1.id,
      symbol: '57/nq-tw',
      title: 'Nghị quyết về đột phá phát triển khoa học, công nghệ',
      summary: 'Tóm tắt',
      targetUnitIds: [o.city1.id],
    });
    expect(d).toMatchObject({ status: 'draft', symbol: '57-NQ/TW', typeCode: 'NQ', issuerCode: 'TW' });
    expect(await visibleTo(o.memberA.cookie, d.id)).toBe(false);

    const submit = await call(t.app, o.editorCity.cookie, { method: 'POST', url: `/api/documents/${d.id}/submit` });
    expect(doc(submit.body).status).toBe('submitted');
    // The editor cannot publish; the approver sends it back with a comment.
    expect(
      (await call(t.app, o.editorCity.cookie, { method: 'POST', url: `/api/documents/${d.id}/publish`, payload: {} })).statusCode,
    ).toBe(403);
    const back = await call(t.app, o.approverCity.cookie, {
      method: 'POST',
      url: `/api/documents/${d.id}/send-back`,
      payload: { comment: 'Bổ sung trích yếu' },
    });
    expect(doc(back.body)).toMatchObject({ status: 'draft', reviewComment: 'Bổ sung trích yếu' });
    await call(t.app, o.editorCity.cookie, {
      method: 'PATCH',
      url: `/api/documents/${d.id}`,
      payload: { summary: 'Tóm tắt đầy đủ hơn' },
    });
    await call(t.app, o.editorCity.cookie, { method: 'POST', url: `/api/documents/${d.id}/submit` });
    const pub = await call(t.app, o.approverCity.cookie, { method: 'POST', url: `/api/documents/${d.id}/publish`, payload: {} });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(doc(pub.body).status).toBe('published');

    const actions = (
      await t.database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, d.id))
    ).map((a) => a.action);
    expect(actions).toEqual([
      'documents.create',
      'documents.submit',
      'documents.sendBack',
      'documents.update',
      'documents.submit',
      'documents.publish',
    ]);
    const [entry] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, d.id), eq(auditLog.action, 'documents.publish')));
    expect(entry!.changes.status).toEqual({ old: 'submitted', new: 'published' });
    expect(entry!.unitId).toBe(o.city1.id);
  });

  it('shows an item published to a unit to its whole subtree and to nobody else', async () => {
    const d = await draft(o.editorCity.cookie, {
      unitId: o.city1.id,
      title: 'Chỉ thị về sinh hoạt chi bộ',
      summary: 'Nội dung',
      targetUnitIds: [o.city1.id],
    });
    await call(t.app, o.approverCity.cookie, { method: 'POST', url: `/api/documents/${d.id}/publish`, payload: {} });
    for (const who of [o.memberA, o.memberOtherCell, o.secretaryA, o.committeeCity, o.admin])
      expect(await visibleTo(who.cookie, d.id)).toBe(true);
    expect(await visibleTo(o.memberB.cookie, d.id)).toBe(false);
    expect(await listed(o.memberA.cookie)).toContain(d.id);
    expect(await listed(o.memberB.cookie)).not.toContain(d.id);

    // Published only to cell A: a member of the neighbouring cell does not see it.
    const narrow = await draft(o.editorWard.cookie, {
      unitId: o.ward1.id,
      title: 'Thông báo riêng chi bộ 1',
      summary: 'x',
      targetUnitIds: [o.cellA.id],
    });
    await call(t.app, o.approverWard.cookie, { method: 'POST', url: `/api/documents/${narrow.id}/publish`, payload: {} });
    expect(await visibleTo(o.memberA.cookie, narrow.id)).toBe(true);
    expect(await visibleTo(o.memberOtherCell.cookie, narrow.id)).toBe(false);
    // Nor does the city committee member above it: targets are read downwards only.
    expect(await visibleTo(o.committeeCity.cookie, narrow.id)).toBe(false);
  });

  it("follows a change of a published item's targets at once (the row's target array is kept by the database)", async () => {
    const d = await draft(o.editorWard.cookie, {
      unitId: o.ward1.id,
      title: 'Đổi nơi nhận',
      summary: 'x',
      targetUnitIds: [o.cellA.id],
    });
    await call(t.app, o.approverWard.cookie, { method: 'POST', url: `/api/documents/${d.id}/publish`, payload: {} });
    expect(await visibleTo(o.memberOtherCell.cookie, d.id)).toBe(false);
    const wider = await call(t.app, o.approverWard.cookie, {
      method: 'PATCH',
      url: `/api/documents/${d.id}`,
      payload: { targetUnitIds: [o.ward1.id] },
    });
    expect(wider.statusCode, wider.body).toBe(200);
    expect(await visibleTo(o.memberOtherCell.cookie, d.id)).toBe(true);
    expect(await listed(o.memberOtherCell.cookie)).toContain(d.id);
    const narrower = await call(t.app, o.approverWard.cookie, {
      method: 'PATCH',
      url: `/api/documents/${d.id}`,
      payload: { targetUnitIds: [o.cellA.id] },
    });
    expect(narrower.statusCode, narrower.body).toBe(200);
    expect(await visibleTo(o.memberOtherCell.cookie, d.id)).toBe(false);
    expect(await listed(o.memberOtherCell.cookie)).not.toContain(d.id);
    // Written straight into the table, several items in one statement: each array equals its rows.
    const other = await draft(o.editorWard.cookie, {
      unitId: o.ward1.id,
      title: 'Một văn bản nữa',
      summary: 'x',
      targetUnitIds: [o.cellA.id],
    });
    const db = t.database.db;
    await db.execute(
      sql`INSERT INTO document_targets (document_id, unit_id) VALUES (${d.id}, ${o.ward1.id}), (${other.id}, ${o.ward1.id})`,
    );
    await db.execute(sql`DELETE FROM document_targets WHERE unit_id = ${o.cellA.id} AND document_id IN (${d.id}, ${other.id})`);
    const mismatched = await db.execute(sql`
      SELECT d.id FROM documents d
       WHERE d.target_unit_ids IS DISTINCT FROM coalesce((SELECT array_agg(t.unit_id ORDER BY t.unit_id) FROM document_targets t WHERE t.document_id = d.id), '{}'::uuid[])`);
    expect((mismatched as unknown as { rows: unknown[] }).rows).toEqual([]);
    expect(await visibleTo(o.memberOtherCell.cookie, d.id)).toBe(true);
  });

  it('lets nobody publish above their own unit', async () => {
    // The ward editor may not even address the city in a draft.
    const up = await call(t.app, o.editorWard.cookie, {
      method: 'POST',
      url: '/api/documents',
      payload: { unitId: o.ward1.id, title: 'Lên cấp trên', targetUnitIds: [o.city1.id] },
    });
    expect(up.statusCode).toBe(400);
    expect(up.json()).toMatchObject({ code: 'documents.target' });
    // A city draft addressed to the province: the city approver cannot publish it.
    const d = await draft(o.editorCity.cookie, {
      unitId: o.city1.id,
      title: 'Gửi cả tỉnh',
      summary: 'x',
      targetUnitIds: [o.city1.id],
    });
    const toProvince = await call(t.app, o.editorCity.cookie, {
      method: 'PATCH',
      url: `/api/documents/${d.id}`,
      payload: { targetUnitIds: [o.province.id] },
    });
    expect(toProvince.statusCode).toBe(400);
    // The ward approver cannot act on the city's document at all (404: outside scope).
    expect(
      (await call(t.app, o.approverWard.cookie, { method: 'POST', url: `/api/documents/${d.id}/publish`, payload: {} }))
        .statusCode,
    ).toBe(404);
    // A foreign editor's attempt to create in another city: 404.
    expect(
      (
        await call(t.app, o.editorWard.cookie, {
          method: 'POST',
          url: '/api/documents',
          payload: { unitId: o.city2.id, title: 'Không phải của tôi' },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('hides a scheduled publication until its time', async () => {
    const d = await draft(o.editorCity.cookie, { unitId: o.city1.id, title: 'Kế hoạch hẹn giờ', summary: 'x' });
    const at = new Date(t.clock.now().getTime() + 2 * 3600_000);
    const res = await call(t.app, o.approverCity.cookie, {
      method: 'POST',
      url: `/api/documents/${d.id}/publish`,
      payload: { publishAt: at.toISOString() },
    });
    expect(doc(res.body).status).toBe('published');
    expect(await visibleTo(o.memberA.cookie, d.id)).toBe(false);
    expect(await listed(o.memberA.cookie)).not.toContain(d.id);
    t.clock.advance(2 * 3600_000 + 1000);
    expect(await visibleTo(o.memberA.cookie, d.id)).toBe(true);
    expect(await listed(o.memberA.cookie)).toContain(d.id);
  });

  it('unpublishes and archives: the item leaves the library', async () => {
    const d = await draft(o.editorCity.cookie, { unitId: o.city1.id, title: 'Sẽ bị gỡ', summary: 'x' });
    await call(t.app, o.approverCity.cookie, { method: 'POST', url: `/api/documents/${d.id}/publish`, payload: {} });
    expect(await visibleTo(o.memberA.cookie, d.id)).toBe(true);
    const un = await call(t.app, o.approverCity.cookie, {
      method: 'POST',
      url: `/api/documents/${d.id}/unpublish`,
      payload: { reason: 'Sai số liệu' },
    });
    expect(doc(un.body).status).toBe('unpublished');
    expect(await visibleTo(o.memberA.cookie, d.id)).toBe(false);
    const ar = await call(t.app, o.approverCity.cookie, { method: 'POST', url: `/api/documents/${d.id}/archive`, payload: {} });
    expect(doc(ar.body).status).toBe('archived');
    expect(
      (await call(t.app, o.approverCity.cookie, { method: 'POST', url: `/api/documents/${d.id}/publish`, payload: {} }))
        .statusCode,
    ).toBe(409);
  });

  it('keeps old versions when a file is replaced, with who and when', async () => {
    const d = await draft(o.editorCity.cookie, { unitId: o.city1.id, title: 'Có phiên bản', summary: 'x' });
    const v1 = await call(t.app, o.editorCity.cookie, {
      method: 'POST',
      url: `/api/documents/${d.id}/files`,
      ...(await multipart('ban-1.pdf', await makePdf(['Bản thứ nhất của văn bản thử nghiệm dài đủ chữ']))),
    });
    expect(v1.statusCode, v1.body).toBe(200);
    const slot = doc(v1.body).files[0]!.slot;
    const v2 = await call(t.app, o.editorCity.cookie, {
      method: 'POST',
      url: `/api/documents/${d.id}/files`,
      ...(await multipart('ban-2.pdf', await makePdf(['Bản thứ hai đã sửa lỗi chính tả trong văn bản']), { replaces: slot })),
    });
    const files = doc(v2.body).files;
    expect(files).toHaveLength(1);
    expect(files[0]!.version).toBe(2);
    expect(files[0]!.versions).toEqual([expect.objectContaining({ version: 1, replacedByName: expect.any(String) })]);
    // Readers get the current file; the old version stays for the editorial board only.
    await call(t.app, o.approverCity.cookie, { method: 'POST', url: `/api/documents/${d.id}/publish`, payload: {} });
    const old = doc((await call(t.app, o.editorCity.cookie, { method: 'GET', url: `/api/documents/${d.id}` })).body).files[0]!;
    const oldId = (old as unknown as { versions: Array<{ id: string }> }).versions[0]!.id;
    expect((await call(t.app, o.editorCity.cookie, { method: 'GET', url: `/api/library/files/${oldId}` })).statusCode).toBe(200);
    expect((await call(t.app, o.memberA.cookie, { method: 'GET', url: `/api/library/files/${oldId}` })).statusCode).toBe(404);
    expect((await call(t.app, o.memberA.cookie, { method: 'GET', url: `/api/library/files/${old.id}` })).statusCode).toBe(200);
    expect((await call(t.app, o.memberB.cookie, { method: 'GET', url: `/api/library/files/${old.id}` })).statusCode).toBe(404);
  });

  it('validates symbols and codes, and lets a system admin extend the codes', async () => {
    const bad = await call(t.app, o.editorCity.cookie, {
      method: 'POST',
      url: '/api/documents',
      payload: { unitId: o.city1.id, title: 'Sai ký hiệu', symbol: 'không phải ký hiệu' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'documents.symbol' });
    expect(
      (
        await call(t.app, o.editorCity.cookie, {
          method: 'POST',
          url: '/api/documents',
          payload: { unitId: o.city1.id, title: 'Loại lạ', typeCode: 'ĐA' },
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await call(t.app, o.editorCity.cookie, {
          method: 'POST',
          url: '/api/library/codes/types',
          payload: { code: 'ĐA', name: 'Đề án' },
        })
      ).statusCode,
    ).toBe(403);
    const add = await call(t.app, o.admin.cookie, {
      method: 'POST',
      url: '/api/library/codes/types',
      payload: { code: 'ĐA', name: 'Đề án' },
    });
    expect(add.statusCode).toBe(201);
    const d = await draft(o.editorCity.cookie, { unitId: o.city1.id, title: 'Đề án chuyển đổi số', symbol: '09-ĐA/ThU' });
    // The number is kept as typed ("09"), and "9" is the same symbol.
    expect(d).toMatchObject({ symbol: '09-ĐA/ThU', typeCode: 'ĐA', issuerCode: 'ThU' });
    // The same symbol twice in one unit is refused.
    expect(
      (
        await call(t.app, o.editorCity.cookie, {
          method: 'POST',
          url: '/api/documents',
          payload: { unitId: o.city1.id, title: 'Trùng', symbol: '9/ĐA-ThU' },
        })
      ).statusCode,
    ).toBe(409);
  });

  it('sanitizes news bodies: no script, no handlers, no foreign frames', async () => {
    const res = await call(t.app, o.editorCity.cookie, {
      method: 'POST',
      url: '/api/documents',
      payload: {
        kind: 'news',
        category: 'provincial',
        unitId: o.city1.id,
        title: 'Tin thời sự trong tỉnh',
        bodyHtml:
          '<p onclick="steal()">Tin <b>mới</b><script>alert(1)</script></p><iframe src="https://evil.example/x"></iframe><img src="https://tracker.example/p.gif" onerror="x()"><a href="javascript:alert(1)">xem</a>',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const html = (res.json() as { document: { bodyHtml: string } }).document.bodyHtml;
    expect(html).toContain('<b>mới</b>');
    for (const bad of ['script', 'onclick', 'onerror', 'evil.example', 'tracker.example', 'javascript:'])
      expect(html).not.toContain(bad);
    expect(
      (
        await call(t.app, o.editorCity.cookie, {
          method: 'POST',
          url: '/api/documents',
          payload: { kind: 'news', unitId: o.city1.id, title: 'Không chuyên mục' },
        })
      ).statusCode,
    ).toBe(400);
  });
});
