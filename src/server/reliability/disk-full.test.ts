/**
 * The file store fails while a file is uploaded (disk full at a chosen byte, or an I/O error):
 * the user gets a clear Vietnamese problem (507 / 503, never 500), and neither a database row nor
 * a file (whole or partial) is left behind. Covers a meeting attachment, a library document's file
 * and a signed-copy photo,
 * whose upload writes three objects (the original, the re-encoded photo and its thumbnail).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, like, sql } from 'drizzle-orm';
import sharp from 'sharp';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { fixedClock } from '../clock.ts';
import { testConfig } from '../config.ts';
import { auditLog, documentFiles, meetingFiles, storedFiles } from '../db/schema.ts';
import { ENGINES, createTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { call, makeUnit, makeUser, sessionCookie } from '../testing/factories.ts';
import { makeDocument } from '../testing/documents.factories.ts';
import { makeMeetingWorld, registerBody, registerMeeting } from '../testing/meetings.factories.ts';
import { FullDiskStorage, type PlannedFailure } from './full-disk-storage.ts';

function multipart(filename: string, content: Buffer, mime: string) {
  const boundary = `----sotay${randomUUID()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, content, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A PDF of about 300 KB, so a failure "at byte 64 KiB" lands in the middle of it. */
function bigPdf(): Buffer {
  const filler = Buffer.alloc(300_000, 'BT /F1 12 Tf (Nghi quyet) Tj ET\n');
  return Buffer.concat([
    Buffer.from('%PDF-1.4\n1 0 obj<<>>stream\n'),
    filler,
    Buffer.from('\nendstream endobj\ntrailer<<>>\n%%EOF\n'),
  ]);
}

/** A noisy phone photo: every encoded form of it is several KB. */
function photo(): Promise<Buffer> {
  return sharp({
    create: {
      width: 900,
      height: 700,
      channels: 3,
      background: { r: 128, g: 128, b: 128 },
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .jpeg({ quality: 80 })
    .toBuffer();
}

function filesUnder(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(root, f)).isFile());
}

describe.each(ENGINES)('storage failure while uploading, on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let storage: FullDiskStorage;
  let filesDir: string;
  let secretary: string;
  let editor: string;
  let documentId: string;
  let meetingId: string;
  let pdf: Buffer;
  let jpeg: Buffer;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotay-fullfs-'));
    storage = new FullDiskStorage(filesDir);
    const clock = fixedClock('2025-03-01T03:00:00Z');
    app = await buildApp({ database, config: testConfig({ FILES_DIR: filesDir }), clock, storage });
    await app.ready();
    const w = await makeMeetingWorld(database.db, testConfig(), clock.now());
    secretary = w.secretary.cookie;
    meetingId = await registerMeeting(app, secretary, registerBody(w.cellA.id, '2025-03-10T12:30:00Z'));
    const city = await makeUnit(database.db, { type: 'upper_level', name: 'Đảng bộ thành phố Thử' });
    documentId = await makeDocument(database.db, { unit: city, status: 'draft', title: 'Nghị quyết về chuyển đổi số' });
    editor = await sessionCookie(
      database.db,
      testConfig(),
      (await makeUser(database.db, { roles: [{ role: 'editor', unit: city }] })).id,
      clock.now(),
    );
    pdf = bigPdf();
    jpeg = await photo();
    expect(jpeg.length).toBeGreaterThan(40_000);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    fs.rmSync(filesDir, { recursive: true, force: true });
  });

  const state = async () => ({
    files: filesUnder(filesDir).sort(),
    storedFiles: (await database.db.select({ n: sql<number>`count(*)::int` }).from(storedFiles))[0]!.n,
    meetingFiles: (
      await database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(meetingFiles)
        .where(eq(meetingFiles.meetingId, meetingId))
    )[0]!.n,
    documentFiles: (
      await database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(documentFiles)
        .where(eq(documentFiles.documentId, documentId))
    )[0]!.n,
    audits: (
      await database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(auditLog)
        .where(like(auditLog.action, 'meetings.%'))
    )[0]!.n,
    documentAudits: (
      await database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(auditLog)
        .where(eq(auditLog.targetId, documentId))
    )[0]!.n,
  });

  async function uploadFailing(route: 'materials' | 'signed-copies' | 'document', failure: PlannedFailure) {
    const before = await state();
    storage.failOn(failure);
    // The library reads a PDF through (a filler PDF is refused there), so it gets the photo.
    const body =
      route === 'materials'
        ? multipart('Báo cáo quý I.pdf', pdf, 'application/pdf')
        : multipart('IMG_0001.jpg', jpeg, 'image/jpeg');
    const res =
      route === 'document'
        ? await call(app, editor, { method: 'POST', url: `/api/documents/${documentId}/files`, ...body })
        : await call(app, secretary, { method: 'POST', url: `/api/meetings/${meetingId}/${route}`, ...body });
    storage.failOn(undefined);
    expect(await state(), 'no file, partial file or row is left behind').toEqual(before);
    return res;
  }

  it('a disk that fills up in the middle of an attachment answers 507 and keeps nothing', async () => {
    const res = await uploadFailing('materials', { object: 1, afterBytes: 64 * 1024 });
    expect(res.statusCode, res.body).toBe(507);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 507, code: 'storage.full', title: expect.stringContaining('đã đầy') });
  });

  it('a disk that fills up in the middle of a library document file answers 507 and keeps nothing', async () => {
    const res = await uploadFailing('document', { object: 1, afterBytes: 20_000 });
    expect(res.statusCode, res.body).toBe(507);
    expect(res.json()).toMatchObject({ code: 'storage.full' });
  });

  it('an I/O error of the store answers 503 with Retry-After and keeps nothing', async () => {
    const res = await uploadFailing('materials', { object: 1, afterBytes: 1000, code: 'EIO' });
    expect(res.statusCode, res.body).toBe(503);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.json()).toMatchObject({ code: 'storage.unavailable', title: expect.stringContaining('thử lại') });
  });

  // The photo upload writes the original (1), then the re-encoded photo (2) and its thumbnail (3).
  it.each([
    ['the original', 1, 4096],
    ['the re-encoded photo', 2, 2048],
    ['the thumbnail', 3, 100],
  ])(
    'a disk that fills up while writing %s of a signed-copy photo answers 507 and keeps nothing',
    async (_what, object, afterBytes) => {
      const res = await uploadFailing('signed-copies', { object, afterBytes });
      expect(res.statusCode, res.body).toBe(507);
      expect(res.json()).toMatchObject({ code: 'storage.full' });
    },
  );

  it('once space is free again the same uploads succeed and keep exactly their files and rows', async () => {
    const before = await state();
    const a = await call(app, secretary, {
      method: 'POST',
      url: `/api/meetings/${meetingId}/materials`,
      ...multipart('Báo cáo quý I.pdf', pdf, 'application/pdf'),
    });
    expect(a.statusCode, a.body).toBe(201);
    const p = await call(app, secretary, {
      method: 'POST',
      url: `/api/meetings/${meetingId}/signed-copies`,
      ...multipart('IMG_0001.jpg', jpeg, 'image/jpeg'),
    });
    expect(p.statusCode, p.body).toBe(201);
    const d = await call(app, editor, {
      method: 'POST',
      url: `/api/documents/${documentId}/files`,
      ...multipart('IMG_0001.jpg', jpeg, 'image/jpeg'),
    });
    expect(d.statusCode, d.body).toBe(200);
    const after = await state();
    // The attachments are one file each; the photo keeps the re-encoded image and the thumbnail (the original is dropped).
    expect(after.files.length).toBe(before.files.length + 4);
    expect(after.files.some((f) => f.endsWith('.part'))).toBe(false);
    expect(after.storedFiles).toBe(before.storedFiles + 4);
    expect(after.meetingFiles).toBe(before.meetingFiles + 2);
    expect(after.documentFiles).toBe(before.documentFiles + 1);
  });
});
