import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import JSZip from 'jszip';
import sharp from 'sharp';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call } from '../../testing/factories.ts';
import { libraryOrg, makeDocx, makePdf, multipart } from '../../testing/documents.factories.ts';
import { documentFiles, documents, storedFiles } from '../../db/schema.ts';
import { testConfig } from '../../config.ts';

type Org = Awaited<ReturnType<typeof libraryOrg>>;

describe.each(ENGINES)('library uploads on %s', (engine) => {
  let t: TestApp;
  let o: Org;
  let docId: string;

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2025-03-01T08:00:00Z'));
    // A small upload limit so "oversized" is cheap to test; the real default is 50 MB.
    Object.assign(t.config, testConfig({ FILES_DIR: t.config.filesDir, UPLOAD_MAX_MB: '0.5', VIDEO_MAX_MB: '1' }));
    o = await libraryOrg(t);
    const res = await call(t.app, o.editorCity.cookie, {
      method: 'POST',
      url: '/api/documents',
      payload: { unitId: o.city1.id, title: 'Văn bản có tệp' },
    });
    docId = (res.json() as { document: { id: string } }).document.id;
  });
  afterAll(async () => t.close());

  const storedCount = () =>
    fs
      .readdirSync(t.config.filesDir, { recursive: true })
      .filter((f) => !fs.statSync(path.join(t.config.filesDir, String(f))).isDirectory()).length;
  const rowCounts = async () => {
    const db = t.database.db;
    const [s] = await db.select({ n: count() }).from(storedFiles);
    const [f] = await db.select({ n: count() }).from(documentFiles);
    return { stored: s!.n, files: f!.n, disk: storedCount() };
  };
  const upload = async (name: string, bytes: Buffer, fields: Record<string, string> = {}) => {
    // Uploads happen one after another, as an editor makes them: files are listed in that order.
    t.clock.set(new Date(t.clock.now().getTime() + 1000));
    return call(t.app, o.editorCity.cookie, {
      method: 'POST',
      url: `/api/documents/${docId}/files`,
      ...(await multipart(name, bytes, fields)),
    });
  };

  it('extracts text from a PDF and a DOCX at upload, searchable without diacritics', async () => {
    const pdf = await upload(
      'nghi-quyet.pdf',
      await makePdf(['Nghị quyết về phát triển kinh tế tư nhân', 'Khơi thông mọi nguồn lực']),
    );
    expect(pdf.statusCode, pdf.body).toBe(200);
    const docx = await upload(
      'huong-dan.docx',
      await makeDocx(['Hướng dẫn thực hiện sinh hoạt chi bộ chuyên đề', 'Đảm bảo chất lượng']),
    );
    expect(docx.statusCode, docx.body).toBe(200);
    const files = (
      docx.json() as {
        document: { files: Array<{ kind: string; textStatus: string; pageCount: number | null }>; textStatus: string };
      }
    ).document;
    expect(files.files.map((f) => [f.kind, f.textStatus])).toEqual([
      ['pdf', 'extracted'],
      ['docx', 'extracted'],
    ]);
    const [row] = await t.database.db
      .select({ folded: documents.bodyFolded, text: documents.bodyText })
      .from(documents)
      .where(eq(documents.id, docId));
    expect(row!.text).toContain('Khơi thông mọi nguồn lực');
    expect(row!.text).toContain('sinh hoạt chi bộ chuyên đề');
    expect(row!.folded).toContain('khoi thong moi nguon luc');
    expect([...row!.folded].length).toBe([...row!.text].length);
  });

  it('keeps a scanned PDF (no text layer) and marks it so', async () => {
    const scan = await upload('ban-quet.pdf', await makePdf([], { image: true }));
    expect(scan.statusCode, scan.body).toBe(200);
    const d = (scan.json() as { document: { files: Array<{ name: string; textStatus: string }>; textStatus: string } }).document;
    expect(d.files.find((f) => f.name === 'ban-quet.pdf')!.textStatus).toBe('no_text_layer');
    expect(d.textStatus).toBe('no_text_layer');
  });

  it('accepts images, spreadsheets and MP4 video', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#c00' } })
      .png()
      .toBuffer();
    expect((await upload('anh.png', png)).statusCode).toBe(200);
    const cover = await upload('bia.png', png, { purpose: 'cover' });
    expect((cover.json() as { document: { hasCover: boolean } }).document.hasCover).toBe(true);
    // ftyp box of an ISO MP4.
    const mp4 = Buffer.concat([Buffer.from('00000018667479706d703432000000006d70343269736f6d', 'hex'), Buffer.alloc(2000)]);
    expect((await upload('huong-dan-cai-dat.mp4', mp4)).statusCode).toBe(200);
  });

  const bad: Array<
    [string, () => Promise<{ name: string; bytes: Buffer; fields?: Record<string, string> }>, number, string, RegExp]
  > = [
    [
      'bytes that do not match the type',
      async () => ({ name: 'nghi-quyet.pdf', bytes: Buffer.from('MZ\x90\x00 chương trình chạy được, không phải PDF') }),
      415,
      'upload.type',
      /không phải loại được chấp nhận/,
    ],
    [
      'an oversized file',
      async () => ({ name: 'lon.pdf', bytes: Buffer.concat([await makePdf(['x']), Buffer.alloc(600 * 1024, 32)]) }),
      413,
      'upload.too_large',
      /quá lớn/,
    ],
    [
      'an encrypted PDF',
      async () => ({ name: 'mat.pdf', bytes: await makePdf(['Bí mật'], { userPassword: 'abc123' }) }),
      422,
      'upload.pdf_encrypted',
      /mật khẩu/,
    ],
    [
      'a broken PDF',
      async () => ({ name: 'hong.pdf', bytes: Buffer.from('%PDF-1.7\n1 0 obj <<< rác >>\nstartxref\n999999\n%%EOF') }),
      422,
      'upload.pdf_broken',
      /bị hỏng/,
    ],
    [
      'a DOCX bomb',
      async () => ({
        name: 'bom.docx',
        bytes: await makeDocx(['Bình thường'], (zip: JSZip) => zip.file('word/media/bom.xml', ' '.repeat(4 * 1024 * 1024))),
      }),
      422,
      'upload.zip_bomb',
      /giải nén ra quá lớn/,
    ],
    [
      'a broken DOCX',
      async () => ({ name: 'hong.docx', bytes: (await makeDocx(['Hỏng'])).subarray(0, 400) }),
      422,
      'upload.office_broken',
      /bị hỏng/,
    ],
    [
      'a name with path separators',
      async () => ({ name: '../../etc/nghi-quyet.pdf', bytes: await makePdf(['Nội dung bình thường đủ dài để có chữ']) }),
      400,
      'upload.path_in_name',
      /không được chứa dấu/,
    ],
    [
      'a name with backslashes',
      async () => ({ name: 'C:\\Users\\a\\nghi-quyet.pdf', bytes: await makePdf(['Nội dung bình thường đủ dài để có chữ']) }),
      400,
      'upload.path_in_name',
      /không được chứa dấu/,
    ],
    [
      'a non-image cover',
      async () => ({
        name: 'bia.pdf',
        bytes: await makePdf(['Không phải ảnh bìa nhưng có chữ đủ dài']),
        fields: { purpose: 'cover' },
      }),
      415,
      'upload.type',
      /Ảnh bìa/,
    ],
  ];

  it.each(bad)('refuses %s with a Vietnamese message and stores nothing', async (_label, make, status, code, message) => {
    const before = await rowCounts();
    const { name, bytes, fields } = await make();
    const res = await upload(name, bytes, fields ?? {});
    expect(res.statusCode, res.body).toBe(status);
    const body = res.json() as { code: string; title: string };
    expect(body.code).toBe(code);
    expect(body.title).toMatch(message);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses uploads from outside the editorial scope before storing anything', async () => {
    const before = await rowCounts();
    const res = await call(t.app, o.editorWard.cookie, {
      method: 'POST',
      url: `/api/documents/${docId}/files`,
      ...(await multipart('x.pdf', await makePdf(['Nội dung có chữ đủ dài cho kiểm tra']))),
    });
    expect(res.statusCode).toBe(404);
    expect(
      (
        await call(t.app, o.memberA.cookie, {
          method: 'POST',
          url: `/api/documents/${docId}/files`,
          ...(await multipart('x.pdf', await makePdf(['y']))),
        })
      ).statusCode,
    ).toBe(403);
    expect(await rowCounts()).toEqual(before);
  });

  it('serves files inline with ranges and as downloads', async () => {
    await call(t.app, o.approverCity.cookie, { method: 'POST', url: `/api/documents/${docId}/publish`, payload: {} });
    const d = (await call(t.app, o.memberA.cookie, { method: 'GET', url: `/api/documents/${docId}` })).json() as {
      document: { files: Array<{ id: string; kind: string; size: number }> };
    };
    const video = d.document.files.find((f) => f.kind === 'video')!;
    const part = await call(t.app, o.memberA.cookie, {
      method: 'GET',
      url: `/api/library/files/${video.id}`,
      headers: { range: 'bytes=0-99' },
    });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-99/${video.size}`);
    expect(part.headers['content-type']).toBe('video/mp4');
    const pdf = d.document.files.find((f) => f.kind === 'pdf')!;
    const dl = await call(t.app, o.memberA.cookie, { method: 'GET', url: `/api/library/files/${pdf.id}?download=1` });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-disposition']).toMatch(/^attachment; filename="nghi-quyet.pdf"/);
    // The app-wide CSP replaces download.ts's sandbox policy (http/security.ts onSend); either way scripts stay off.
    expect(dl.headers['content-security-policy']).toMatch(/sandbox|script-src 'self'/);
    expect(
      (await call(t.app, o.memberA.cookie, { method: 'GET', url: `/api/documents/${docId}/cover` })).headers['content-type'],
    ).toBe('image/png');
  });
});
