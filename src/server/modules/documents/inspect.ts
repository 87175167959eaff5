/**
 * Checks an uploaded file's content beyond its type and pulls out its text for search:
 * PDF text with pdf.js (legacy build for Node), DOCX text with mammoth after the shared zip inspection,
 * images decoded by sharp. A PDF that opens but has no text layer is a scan: kept, marked so.
 * Every refusal is a Vietnamese AppError; the caller removes the stored bytes.
 */
import mammoth from 'mammoth';
import sharp from 'sharp';
import type { FileKind } from '../../files/upload.ts';
import type { LibraryFileKind, TextStatus } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { normalizeExtracted } from '../../../common/documents/search-text.ts';
import { bufferSource, inspectZipOrReject } from '../../files/zip-inspect.ts';
import { docxReadingHtml, PdfLines } from './reading-html.ts';

export interface Inspection {
  kind: LibraryFileKind;
  text: string;
  textStatus: TextStatus;
  pageCount: number | null;
  /** The reading view (reading-html.ts); null for kinds without text. */
  readingHtml?: string | null;
}

const MAX_PAGES = 3000;
const MAX_TEXT = 5_000_000;
/** Fewer letters than this over the whole PDF: it is a scan without a text layer. */
const MIN_LETTERS = 20;

const reject = (code: string, title: string) => new AppError(422, code, title);

export function libraryKind(kind: FileKind): LibraryFileKind {
  if (kind === 'csv') throw new AppError(415, 'upload.type', 'Không nhận tệp CSV làm tệp đính kèm.');
  return kind;
}

export async function inspectFile(kind: LibraryFileKind, bytes: Buffer): Promise<Inspection> {
  switch (kind) {
    case 'pdf':
      return inspectPdf(bytes);
    case 'docx':
      return inspectDocx(bytes);
    case 'xlsx':
      await zipOrReject(bytes, 'Excel');
      return { kind, text: '', textStatus: 'none', pageCount: null };
    case 'image':
      try {
        const meta = await sharp(bytes).metadata();
        if (!meta.width || !meta.height) throw new Error('no size');
      } catch {
        throw reject('upload.image_broken', 'Tệp ảnh bị hỏng hoặc không đọc được.');
      }
      return { kind, text: '', textStatus: 'none', pageCount: null };
    case 'video':
      return { kind, text: '', textStatus: 'none', pageCount: null };
  }
}

/** The shared zip inspection (files/zip-inspect.ts); the names of the entries when it passes. */
async function zipOrReject(bytes: Buffer, label: string): Promise<string[]> {
  return (await inspectZipOrReject(bufferSource(bytes), `Tệp ${label}`)).entries.map((e) => e.name);
}

async function inspectDocx(bytes: Buffer): Promise<Inspection> {
  const names = await zipOrReject(bytes, 'Word');
  if (!names.includes('word/document.xml')) throw reject('upload.office_broken', 'Tệp Word bị hỏng hoặc không đọc được.');
  let raw: string;
  try {
    raw = (await mammoth.extractRawText({ buffer: bytes })).value;
  } catch {
    throw reject('upload.office_broken', 'Tệp Word bị hỏng hoặc không đọc được.');
  }
  const text = normalizeExtracted(raw).slice(0, MAX_TEXT);
  const readingHtml = text ? await docxReadingHtml(bytes).catch(() => null) : '';
  return { kind: 'docx', text, textStatus: text ? 'extracted' : 'none', pageCount: null, readingHtml };
}

interface TextItemLike {
  str?: string;
  hasEOL?: boolean;
}

async function inspectPdf(bytes: Buffer): Promise<Inspection> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'PasswordException')
      throw reject('upload.pdf_encrypted', 'Tệp PDF được đặt mật khẩu (mã hóa). Hãy gỡ mật khẩu rồi tải lên lại.');
    throw reject('upload.pdf_broken', 'Tệp PDF bị hỏng hoặc không đọc được.');
  }
  try {
    const pages: string[] = [];
    const lines = new PdfLines();
    let length = 0;
    const n = Math.min(doc.numPages, MAX_PAGES);
    for (let i = 1; i <= n && length < MAX_TEXT; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      const vp = page.getViewport({ scale: 1 });
      lines.add(content.items, i, vp.width, vp.height);
      const text = (content.items as TextItemLike[]).map((it) => (it.str ?? '') + (it.hasEOL ? ' ' : '')).join('');
      pages.push(text);
      length += text.length;
      page.cleanup();
    }
    const text = normalizeExtracted(pages.join(' ')).slice(0, MAX_TEXT);
    const letters = (text.match(/\p{L}/gu) ?? []).length;
    return {
      kind: 'pdf',
      text: letters >= MIN_LETTERS ? text : '',
      textStatus: letters >= MIN_LETTERS ? 'extracted' : 'no_text_layer',
      pageCount: doc.numPages,
      readingHtml: letters >= MIN_LETTERS ? lines.html() : '',
    };
  } catch {
    throw reject('upload.pdf_broken', 'Tệp PDF bị hỏng hoặc không đọc được.');
  } finally {
    await doc.destroy();
  }
}
