/**
 * The shared zip inspection (issue 17 finding 3), on real archives: Office files made by exceljs,
 * by our DOCX builder and by LibreOffice pass; bombs built as an attacker builds them (a real
 * .xlsx whose sheet inflates to 400 MB from about 400 KB, or to 2 GB from 2 MB while declaring 1 KB),
 * archives with too many entries, an encrypted entry and broken ones are refused. A counting byte
 * source shows how far each refusal read: a bomb that states its size is stopped by the directory
 * alone; one that lies is stopped a few chunks into its data.
 *
 * Then every zip input of the app, on each engine: the member import (web and command line), a
 * meeting material, a library attachment.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { bufferSource, inspectZip, ZipRejected, type ByteSource } from './zip-inspect.ts';
import { bombOf, inflatingEntry, rawEntries, SHEET_HEAD, SHEET_TAIL, writeZip } from '../testing/zip-bombs.ts';
import { buildXlsx, MEMBER_SHEET_HEADER, multipart as memberMultipart } from '../testing/members.factories.ts';
import { makeDocx, multipart } from '../testing/documents.factories.ts';
import { convertWithLibreOffice, fods } from '../testing/libreoffice.ts';
import { readSheet } from '../modules/members/import/read-sheet.ts';
import { AppError } from '../http/errors.ts';
import { ENGINES } from '../testing/databases.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { call, makeUnit } from '../testing/factories.ts';
import { makeWorld, type World } from '../testing/world.ts';
import { members, storedFiles } from '../db/schema.ts';

const SHEET = 'xl/worksheets/sheet1.xml';

/** A byte source that counts what it hands out, to show where a refusal stopped reading. */
function counting(buf: Buffer): ByteSource & { bytesRead: () => number } {
  const inner = bufferSource(buf);
  let n = 0;
  return {
    size: inner.size,
    read: async (s, e) => {
      const b = await inner.read(s, e);
      n += b.length;
      return b;
    },
    stream: (s, e) => {
      const r = inner.stream(s, e);
      r.on('data', (c: Buffer) => (n += c.length));
      return r;
    },
    bytesRead: () => n,
  };
}

async function refusal(src: ByteSource): Promise<ZipRejected> {
  const err = await inspectZip(src).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ZipRejected);
  return err as ZipRejected;
}

let xlsx: Buffer;
let honestBomb: Buffer;
let lyingBomb: Buffer;
let docxBomb: Buffer;

beforeAll(async () => {
  xlsx = await buildXlsx(MEMBER_SHEET_HEADER, [['1', 'Nguyễn Văn An']]);
  honestBomb = await bombOf(xlsx, SHEET, { megabytes: 400, head: SHEET_HEAD, tail: SHEET_TAIL });
  lyingBomb = await bombOf(xlsx, SHEET, { megabytes: 2000, lie: true, head: SHEET_HEAD, tail: SHEET_TAIL });
  docxBomb = await bombOf(await makeDocx(['Bình thường']), 'word/document.xml', {
    megabytes: 400,
    head: '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>',
    tail: '</w:body></w:document>',
  });
});

describe('the zip inspection', () => {
  it('passes Office files from exceljs, from the DOCX builder and from LibreOffice, counting every byte', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotay-zip-'));
    try {
      const lo = await convertWithLibreOffice(dir, 'ds', fods('DANH SÁCH', MEMBER_SHEET_HEADER, [['1', 'Lê Thị Bình']]), [
        'xlsx',
      ]);
      for (const file of [xlsx, await makeDocx(['Nghị quyết 57-NQ/TW']), lo.xlsx!]) {
        const report = await inspectZip(bufferSource(file));
        expect(report.entries.map((e) => e.name)).toContain('[Content_Types].xml');
        const raw = await rawEntries(file);
        expect(report.totalSize).toBe(raw.reduce((s, e) => s + e.size, 0));
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops a bomb that declares its size at the central directory, before inflating anything', async () => {
    expect(honestBomb.length).toBeLessThan(600 * 1024);
    const src = counting(honestBomb);
    const err = await refusal(src);
    expect(err.fault).toBe('bomb');
    expect(err.why).toMatch(/declares/);
    // The tail with the directory, nothing of the 400 KB of data.
    expect(src.bytesRead()).toBeLessThan(70 * 1024);
  });

  it('stops a bomb that lies about its size a few chunks into the entry, reading it as a stream', async () => {
    const src = counting(lyingBomb);
    const started = process.memoryUsage().rss;
    const err = await refusal(src);
    expect(err.fault).toBe('bomb');
    expect(err.why).toMatch(/inflates past its declared 1024 bytes/);
    // The inflater was stopped after ~1 KB of output, not 2 GB: of the 2 MB of deflated data only the
    // pieces read ahead of it (a few 64 KiB reads) left the source.
    expect(lyingBomb.length).toBeGreaterThan(2 * 1000 * 1000);
    expect(src.bytesRead()).toBeLessThan(lyingBomb.length / 8);
    expect(process.memoryUsage().rss - started).toBeLessThan(100 * 1024 * 1024);
  });

  it('refuses an archive inflating 200 times its size even below the absolute limit', async () => {
    const small = await bombOf(xlsx, SHEET, { megabytes: 100, head: SHEET_HEAD, tail: SHEET_TAIL });
    expect((await refusal(bufferSource(small))).fault).toBe('bomb');
  });

  it('refuses too many entries, an encrypted entry, ZIP64 markers and broken archives', async () => {
    const tiny = inflatingEntry('a.xml', '<a/>', 0, '');
    const many = writeZip(Array.from({ length: 5001 }, (_, i) => ({ ...tiny, name: `x/${i}.xml` })));
    expect((await refusal(bufferSource(many))).why).toMatch(/5001 entries/);

    const encrypted = Buffer.from(xlsx);
    const cd = encrypted.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    encrypted.writeUInt16LE(encrypted.readUInt16LE(cd + 8) | 1, cd + 8);
    expect((await refusal(bufferSource(encrypted))).fault).toBe('encrypted');

    const zip64 = Buffer.from(xlsx);
    zip64.writeUInt32LE(0xffffffff, zip64.length - 22 + 16);
    expect((await refusal(bufferSource(zip64))).fault).toBe('broken');

    expect((await refusal(bufferSource(xlsx.subarray(0, 400)))).fault).toBe('broken');
    const corrupt = Buffer.from(xlsx);
    corrupt.fill(0x55, 200, 600); // inside the first entry's deflated data
    expect((await refusal(bufferSource(corrupt))).fault).toBe('broken');
  });

  it('is what the command-line member import meets first', async () => {
    for (const bomb of [honestBomb, lyingBomb]) {
      const err = await readSheet(bomb, { name: 'danh-sach.xlsx' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('upload.zip_bomb');
    }
  });
});

describe.each(ENGINES)('every zip upload is inspected on %s', (engine) => {
  let t: TestApp;
  let world: World;
  beforeAll(async () => {
    t = await createTestApp(engine);
    world = await makeWorld(t, {
      parent: await makeUnit(t.database.db, { type: 'province' }),
      names: { ward: 'Phường Nén', cell: 'Chi bộ Nén', person: 'Nén Chặt', title: 'Nén Chặt' },
      phone: '0988222333',
      cccd: '001180022222',
    });
  }, 120_000);
  afterAll(async () => t.close());

  const storedCount = async () => (await t.database.db.select({ n: count() }).from(storedFiles))[0]!.n;

  it('refuses the bomb sheets in the member import (dry run and real) and keeps nothing', async () => {
    const membersBefore = (await t.database.db.select({ n: count() }).from(members))[0]!.n;
    const filesBefore = await storedCount();
    for (const [bomb, dryRun] of [
      [honestBomb, true],
      [lyingBomb, true],
      [lyingBomb, false],
    ] as const) {
      const res = await call(t.app, world.cookies.secretary, {
        method: 'POST',
        url: `/api/members/import?unitId=${world.ids.unit}&dryRun=${dryRun}`,
        ...memberMultipart({ name: 'danh-sach.xlsx', content: bomb }),
      });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json()).toMatchObject({ code: 'upload.zip_bomb', title: expect.stringMatching(/giải nén ra quá lớn/) });
    }
    expect((await t.database.db.select({ n: count() }).from(members))[0]!.n).toBe(membersBefore);
    expect(await storedCount()).toBe(filesBefore);
  });

  it('refuses a bomb as a meeting material and as a library attachment', async () => {
    const filesBefore = await storedCount();
    const material = await call(t.app, world.cookies.secretary, {
      method: 'POST',
      url: `/api/meetings/${world.ids.meeting}/materials`,
      ...(await multipart('tai-lieu.docx', docxBomb)),
    });
    expect(material.statusCode, material.body).toBe(422);
    expect(material.json()).toMatchObject({ code: 'upload.zip_bomb' });
    const draft = await call(t.app, world.cookies.editor, {
      method: 'POST',
      url: '/api/documents',
      payload: { unitId: world.ids.parent, title: 'Có tệp nén', targetUnitIds: [world.ids.unit] },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const attach = await call(t.app, world.cookies.editor, {
      method: 'POST',
      url: `/api/documents/${(draft.json() as { document: { id: string } }).document.id}/files`,
      ...(await multipart('bang.xlsx', lyingBomb)),
    });
    expect(attach.statusCode, attach.body).toBe(422);
    expect(attach.json()).toMatchObject({ code: 'upload.zip_bomb' });
    expect(await storedCount()).toBe(filesBefore);
  });
});
