import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call } from '../../testing/factories.ts';
import { libraryOrg, makeDocx, makePdf, multipart } from '../../testing/documents.factories.ts';
import { documentFiles } from '../../db/schema.ts';
import { renderPdf } from '../../seed/party-document.ts';

type Org = Awaited<ReturnType<typeof libraryOrg>>;
interface Reading {
  fileId: string;
  status: 'text' | 'scan' | 'none';
  html: string;
  pageCount: number | null;
}

describe.each(ENGINES)('GET /api/library/files/:id/reading on %s', (engine) => {
  let t: TestApp;
  let o: Org;
  let docId: string;
  const files: Record<string, string> = {};

  const upload = async (name: string, bytes: Buffer) => {
    const res = await call(t.app, o.editorCity.cookie, {
      method: 'POST',
      url: `/api/documents/${docId}/files`,
      ...(await multipart(name, bytes)),
    });
    expect(res.statusCode, res.body).toBe(200);
    const f = (res.json() as { document: { files: Array<{ id: string; name: string }> } }).document.files.find(
      (x) => x.name === name,
    );
    files[name] = f!.id;
  };
  const reading = (cookie: string, id: string) => call(t.app, cookie, { method: 'GET', url: `/api/library/files/${id}/reading` });

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2026-03-01T08:00:00Z'));
    o = await libraryOrg(t);
    const res = await call(t.app, o.editorCity.cookie, {
      method: 'POST',
      url: '/api/documents',
      payload: { unitId: o.city1.id, title: 'Nghị quyết về sinh hoạt chi bộ' },
    });
    docId = (res.json() as { document: { id: string } }).document.id;
    await upload(
      'nghi-quyet.pdf',
      await renderPdf(
        {
          issuerLines: ['ĐẢNG BỘ TỈNH', 'THÀNH ỦY MỘT'],
          symbol: '05-NQ/ThU',
          placeDate: 'Thành phố Một, ngày 1 tháng 3 năm 2026',
          kindTitle: 'NGHỊ QUYẾT',
          title: 'về nâng cao chất lượng sinh hoạt chi bộ',
          blocks: [
            { kind: 'h2', text: 'I. MỤC TIÊU' },
            {
              kind: 'p',
              text: '1. Chi bộ sinh hoạt đúng định kỳ hằng tháng, nội dung thiết thực, gắn với nhiệm vụ chính trị của địa phương.',
            },
            { kind: 'li', text: 'Đảng viên dự họp đầy đủ.' },
          ],
          signature: { lines: ['T/M BAN THƯỜNG VỤ'], name: 'Trần Văn Bí' },
          recipients: ['Như trên'],
        },
        { title: 'NQ 05' },
      ),
    );
    await upload('ban-quet.pdf', await makePdf([], { image: true }));
    await upload('huong-dan.docx', await makeDocx(['Hướng dẫn thực hiện', 'Chi bộ tổ chức học tập trong tháng.']));
    await call(t.app, o.approverCity.cookie, { method: 'POST', url: `/api/documents/${docId}/publish`, payload: {} });
  });
  afterAll(async () => t?.close());

  it('gives a member the PDF reflowed into headings, paragraphs and lists', async () => {
    const res = await reading(o.memberA.cookie, files['nghi-quyet.pdf']!);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as Reading;
    expect(r.status).toBe('text');
    expect(r.pageCount).toBe(1);
    expect(r.html).toContain('<h2>I. MỤC TIÊU</h2>');
    expect(r.html).toContain(
      '<p>1. Chi bộ sinh hoạt đúng định kỳ hằng tháng, nội dung thiết thực, gắn với nhiệm vụ chính trị của địa phương.</p>',
    );
    expect(r.html).toContain('<ul><li>Đảng viên dự họp đầy đủ.</li></ul>');
    expect(res.headers['cache-control']).toContain('private');
  });

  it('marks a scan as such (its pages are shown instead) and reads a DOCX', async () => {
    expect((await reading(o.memberA.cookie, files['ban-quet.pdf']!)).json()).toMatchObject({ status: 'scan', html: '' });
    const docx = (await reading(o.memberA.cookie, files['huong-dan.docx']!)).json() as Reading;
    expect(docx.status).toBe('text');
    expect(docx.html).toContain('<p>Chi bộ tổ chức học tập trong tháng.</p>');
  });

  it('makes the reading view of a file stored before reading views existed, once, and keeps it', async () => {
    const id = files['nghi-quyet.pdf']!;
    await t.database.db.update(documentFiles).set({ readingHtml: null }).where(eq(documentFiles.id, id));
    const r = (await reading(o.memberA.cookie, id)).json() as Reading;
    expect(r.html).toContain('<h2>I. MỤC TIÊU</h2>');
    const [row] = await t.database.db
      .select({ html: documentFiles.readingHtml })
      .from(documentFiles)
      .where(eq(documentFiles.id, id));
    expect(row!.html).toBe(r.html);
  });

  it('answers 404 to a reader the document is not for, and 401 without a session', async () => {
    expect((await reading(o.memberB.cookie, files['nghi-quyet.pdf']!)).statusCode).toBe(404);
    expect((await reading(undefined as unknown as string, files['nghi-quyet.pdf']!)).statusCode).toBe(401);
    expect((await reading(o.memberA.cookie, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});
