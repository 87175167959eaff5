import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { LocalStorage } from '../storage/storage.ts';
import { registerErrorHandler } from '../http/problem.ts';
import { cleanFileName, receiveFile } from './upload.ts';
import { sendStoredFile } from './download.ts';

/** A real multipart body, built the way a browser would. */
async function multipartBody(name: string, bytes: Buffer | string, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), name);
  const req = new Request('http://x/', { method: 'POST', body: form });
  return { payload: Buffer.from(await req.arrayBuffer()), headers: { 'content-type': req.headers.get('content-type')! } };
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('uploads and downloads', () => {
  let root: string;
  let storage: LocalStorage;
  let app: FastifyInstance;
  const saved = new Map<string, { storageKey: string; originalName: string; mime: string; size: number }>();

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sotay-upload-'));
    storage = new LocalStorage(root);
    app = Fastify();
    registerErrorHandler(app);
    await app.register(multipart);
    app.post('/up', async (req) => {
      const f = await receiveFile(req, storage, {
        accept: ['pdf', 'image', 'csv'],
        defaultMaxBytes: 1024,
        maxBytes: { image: 64 },
        actorId: null,
        now: new Date(),
      });
      saved.set(f.row.id, { storageKey: f.row.storageKey, originalName: f.row.originalName, mime: f.row.mime, size: f.row.size });
      return { id: f.row.id, kind: f.kind, mime: f.row.mime, name: f.row.originalName, fields: f.fields };
    });
    app.get('/down/:id', async (req, reply) =>
      sendStoredFile(req, reply, storage, saved.get((req.params as { id: string }).id)!, {
        download: 'dl' in (req.query as object),
      }),
    );
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const stored = () =>
    fs.readdirSync(root, { recursive: true }).filter((f) => !fs.statSync(path.join(root, String(f))).isDirectory());

  it('types a file by its bytes and keeps the cleaned name', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/up',
      ...(await multipartBody('../../etc/Nghị quyết 57.pdf', PDF, { title: 'x' })),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'pdf', mime: 'application/pdf', name: 'Nghị quyết 57.pdf', fields: { title: 'x' } });
  });

  it('rejects a file whose bytes do not match an accepted type, leaving nothing stored', async () => {
    const before = stored().length;
    const res = await app.inject({
      method: 'POST',
      url: '/up',
      ...(await multipartBody('virus.pdf', Buffer.from('MZ\x90\x00 not a pdf at all'))),
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'upload.type' });
    expect(stored().length).toBe(before);
  });

  it('rejects oversized files with 413 and removes the partial file', async () => {
    const before = stored().length;
    const big = Buffer.concat([PDF, Buffer.alloc(5000, 32)]);
    const res = await app.inject({ method: 'POST', url: '/up', ...(await multipartBody('big.pdf', big)) });
    expect(res.statusCode).toBe(413);
    expect((res.json() as { title: string }).title).toMatch(/quá lớn/);
    const img = await app.inject({
      method: 'POST',
      url: '/up',
      ...(await multipartBody('a.png', Buffer.concat([PNG, Buffer.alloc(100)]))),
    });
    expect(img.statusCode).toBe(413);
    expect(stored().length).toBe(before);
  });

  it('rejects empty files and requests without a file', async () => {
    expect(
      (await app.inject({ method: 'POST', url: '/up', ...(await multipartBody('e.pdf', Buffer.alloc(0))) })).json(),
    ).toMatchObject({ code: 'upload.empty' });
    expect((await app.inject({ method: 'POST', url: '/up', payload: { a: 1 } })).statusCode).toBe(415);
  });

  it('serves ranges, attachment names and a sandbox CSP', async () => {
    const up = (await app.inject({ method: 'POST', url: '/up', ...(await multipartBody('Báo cáo.pdf', PDF)) })).json() as {
      id: string;
    };
    const whole = await app.inject({ method: 'GET', url: `/down/${up.id}?dl` });
    expect(whole.rawPayload.equals(PDF)).toBe(true);
    expect(whole.headers['content-disposition']).toBe(
      `attachment; filename="Bao cao.pdf"; filename*=UTF-8''${encodeURIComponent('Báo cáo.pdf')}`,
    );
    expect(String(whole.headers['content-security-policy'])).toContain('sandbox');
    const part = await app.inject({ method: 'GET', url: `/down/${up.id}`, headers: { range: 'bytes=1-3' } });
    expect(part.statusCode).toBe(206);
    expect(part.body).toBe('PDF');
    expect(part.headers['content-range']).toBe(`bytes 1-3/${PDF.length}`);
    const tail = await app.inject({ method: 'GET', url: `/down/${up.id}`, headers: { range: 'bytes=-6' } });
    expect(tail.body).toBe('%%EOF\n');
    const bad = await app.inject({ method: 'GET', url: `/down/${up.id}`, headers: { range: `bytes=${PDF.length + 5}-` } });
    expect(bad.statusCode).toBe(416);
  });

  it('cleans names of directories and control characters', () => {
    expect(cleanFileName('C:\\Users\\a\\..\\tài liệu.docx')).toBe('tài liệu.docx');
    expect(cleanFileName('a\u0000b\nc.pdf')).toBe('abc.pdf');
    expect(cleanFileName('../..')).toBe('tep-tin');
  });
});
