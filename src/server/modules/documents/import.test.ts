import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { makeUnit } from '../../testing/factories.ts';
import { makeDocx, makePdf } from '../../testing/documents.factories.ts';
import { documents, storedFiles } from '../../db/schema.ts';
import { LocalStorage } from '../../storage/storage.ts';
import { importFolder } from './import.ts';

describe.each(ENGINES)('documents:import on %s', (engine) => {
  let t: TestApp;
  let folder: string;

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2025-04-01T00:00:00Z'));
    await makeUnit(t.database.db, { type: 'province', code: 'TINH-NHAP', name: 'Tỉnh nhập' });
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sotay-import-'));
    fs.writeFileSync(path.join(folder, 'nq57.pdf'), await makePdf(['Nghị quyết về đột phá phát triển khoa học công nghệ']));
    fs.writeFileSync(path.join(folder, 'hd42.docx'), await makeDocx(['Hướng dẫn nâng cao chất lượng sinh hoạt chi bộ']));
    fs.writeFileSync(path.join(folder, 'gia.pdf'), 'đây không phải PDF');
    fs.writeFileSync(path.join(folder, 'mat.pdf'), await makePdf(['Bí mật'], { userPassword: 'x' }));
    fs.writeFileSync(
      path.join(folder, 'documents.csv'),
      [
        'file,symbol,type,issuer,issue date,title,topics',
        'nq57.pdf,57-NQ/TW,NQ,TW,22/12/2024,Nghị quyết về đột phá phát triển khoa học,khoa học; chuyển đổi số',
        'hd42.docx,42-HD/BTCTW,Hướng dẫn,BTCTW,2025-10-28,Hướng dẫn sinh hoạt chi bộ,',
        'thieu.pdf,1-TB/TU,TB,TU,2025-01-01,Tệp không có,',
        'gia.pdf,2-TB/TU,TB,TU,2025-01-01,Tệp giả,',
        'mat.pdf,3-TB/TU,TB,TU,2025-01-01,Tệp có mật khẩu,',
        '../ngoai.pdf,4-TB/TU,TB,TU,2025-01-01,Ra ngoài thư mục,',
        'nq57.pdf,5-XYZ/TW,XYZ,TW,2025-01-01,Loại lạ,',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const run = () =>
    importFolder(t.database.db, new LocalStorage(t.config.filesDir), {
      folder,
      unitCode: 'TINH-NHAP',
      publish: true,
      maxBytes: 50 * 1024 * 1024,
      videoMaxBytes: 500 * 1024 * 1024,
      now: t.clock.now(),
    });

  it('imports what it can, says why for the rest, and is safe to run twice', async () => {
    const first = await run();
    expect(first.imported.map((i) => i.file)).toEqual(['nq57.pdf', 'hd42.docx']);
    const reasons = Object.fromEntries(first.failed.map((f) => [f.file, f.reason]));
    expect(reasons['thieu.pdf']).toMatch(/Không tìm thấy tệp/);
    expect(reasons['gia.pdf']).toMatch(/không phải PDF/);
    expect(reasons['mat.pdf']).toMatch(/mật khẩu/);
    expect(reasons['../ngoai.pdf']).toMatch(/đường dẫn/);
    expect(reasons['nq57.pdf']).toMatch(/Loại văn bản "XYZ"/);
    const [nq] = await t.database.db.select().from(documents).where(eq(documents.symbol, '57-NQ/TW'));
    expect(nq).toMatchObject({
      status: 'published',
      typeCode: 'NQ',
      issuerCode: 'TW',
      issueDate: '2024-12-22',
      topics: ['khoa học', 'chuyển đổi số'],
    });
    expect(nq!.bodyFolded).toContain('dot pha phat trien khoa hoc cong nghe');

    const [filesBefore] = await t.database.db.select({ n: count() }).from(storedFiles);
    const second = await run();
    expect(second.imported).toEqual([]);
    expect(second.skipped.map((s) => s.file)).toEqual(['nq57.pdf', 'hd42.docx']);
    const [filesAfter] = await t.database.db.select({ n: count() }).from(storedFiles);
    expect(filesAfter!.n).toBe(filesBefore!.n);
  });
});
