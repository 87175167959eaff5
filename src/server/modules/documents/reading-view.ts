/**
 * The reading view of an attached file: its text as HTML a phone reflows at the member's text
 * size. PDF: pdf.js positions → reflow.ts; DOCX: mammoth's HTML (headings, lists, bold) cleaned to
 * a short allow-list. Made at upload (inspect.ts) and, for files stored before it existed, on the
 * first opening (then kept). A scan has no text: the viewer shows its pages instead.
 */
import { eq } from 'drizzle-orm';
import { documentFiles, storedFiles } from '../../db/schema.ts';
import type { Ctx } from '../../context.ts';
import type { Storage } from '../../storage/storage.ts';
import { notFound } from '../../http/errors.ts';
import { docxReadingHtml, pdfReadingHtml } from './reading-html.ts';
import { readable } from './documents.service.ts';

export interface ReadingView {
  fileId: string;
  name: string;
  kind: string;
  /** 'text': html holds the text; 'scan': no text layer, show the pages; 'none': nothing to read (images, video, xlsx). */
  status: 'text' | 'scan' | 'none';
  html: string;
  pageCount: number | null;
}

/** The reading view of a current attachment the actor may read; made and kept on first use. */
export async function readingView(ctx: Ctx, storage: Storage, fileId: string): Promise<ReadingView> {
  const [f] = await ctx.db
    .select({
      documentId: documentFiles.documentId,
      kind: documentFiles.kind,
      textStatus: documentFiles.textStatus,
      readingHtml: documentFiles.readingHtml,
      pageCount: documentFiles.pageCount,
      replacedAt: documentFiles.replacedAt,
      storageKey: storedFiles.storageKey,
      name: storedFiles.originalName,
    })
    .from(documentFiles)
    .innerJoin(storedFiles, eq(storedFiles.id, documentFiles.storedFileId))
    .where(eq(documentFiles.id, fileId));
  if (!f) throw notFound();
  const doc = await readable(ctx, f.documentId);
  if (f.replacedAt && !doc.manager) throw notFound();
  const base = { fileId, name: f.name, kind: f.kind, pageCount: f.pageCount };
  if (f.kind !== 'pdf' && f.kind !== 'docx') return { ...base, status: 'none', html: '' };
  if (f.textStatus === 'no_text_layer') return { ...base, status: 'scan', html: '' };
  let html = f.readingHtml;
  if (html === null) {
    const bytes = await readAll(storage, f.storageKey);
    html = f.kind === 'pdf' ? await pdfReadingHtml(bytes) : await docxReadingHtml(bytes);
    await ctx.db.update(documentFiles).set({ readingHtml: html }).where(eq(documentFiles.id, fileId));
  }
  return { ...base, status: html ? 'text' : 'none', html };
}

export async function readAll(storage: Storage, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of storage.read(key)) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}
