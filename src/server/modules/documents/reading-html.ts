/**
 * Reading HTML out of a file's bytes: PDF through pdf.js positions and reflow.ts, DOCX through
 * mammoth cleaned to a short allow-list. No database here: inspect.ts calls it at upload and
 * reading-view.ts for files stored before reading views existed.
 */
import mammoth from 'mammoth';
import sanitizeHtml from 'sanitize-html';
import { blocksToHtml, linesToBlocks, pageLines, type PdfTextItem, type TextLine } from './reflow.ts';

/** Collects a PDF's lines page by page (fed from the text pass inspect.ts makes anyway). */
export class PdfLines {
  private readonly lines: TextLine[] = [];
  add(items: readonly unknown[], page: number, width: number, height: number): void {
    const textItems = items.filter((it): it is PdfTextItem => typeof (it as PdfTextItem).str === 'string');
    this.lines.push(...pageLines(textItems, page, width, height));
  }
  html(): string {
    return blocksToHtml(linesToBlocks(this.lines));
  }
}

const READING_TAGS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'strong', 'em', 'u', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  // The page's title is the h1: the file's own headings step one level down.
  transformTags: { h1: 'h2', h2: 'h3', h3: 'h4', h4: 'h4', h5: 'h4', h6: 'h4', b: 'strong', i: 'em' },
  exclusiveFilter: (frame) => (frame.tag === 'p' || frame.tag === 'li') && !frame.text.trim() && !frame.mediaChildren.length,
};

/** DOCX → reading HTML: Word's headings and lists as they are, the rest as paragraphs. */
export async function docxReadingHtml(bytes: Buffer): Promise<string> {
  const { value } = await mammoth.convertToHtml(
    { buffer: bytes },
    {
      // Word's "Title" style is the kind line ("NGHỊ QUYẾT"); pictures stay in the original (one tap away).
      styleMap: ["p[style-name='Title'] => h1:fresh"],
      convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
    },
  );
  // Dashed paragraphs are the office's way of writing a list.
  const clean = sanitizeHtml(value, READING_TAGS).replace(
    /(?:<p>[-–•+] [^<]*<\/p>)+/g,
    (run) => `<ul>${run.replace(/<p>[-–•+] ([^<]*)<\/p>/g, '<li>$1</li>')}</ul>`,
  );
  // Without heading styles, a short paragraph all in bold is a heading, as it is meant to look.
  if (/<h[2-4]>/.test(clean.replace(/^<h2>[^<]*<\/h2>/, ''))) return clean;
  return clean.replace(/<p><strong>([^<]{1,160})<\/strong><\/p>/g, '<h3>$1</h3>');
}

/** PDF bytes → reading HTML ('' for a scan). Used for files stored before reading views existed. */
export async function pdfReadingHtml(bytes: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    const lines = new PdfLines();
    for (let i = 1; i <= Math.min(doc.numPages, 3000); i++) {
      const page = await doc.getPage(i);
      const vp = page.getViewport({ scale: 1 });
      lines.add((await page.getTextContent()).items, i, vp.width, vp.height);
      page.cleanup();
    }
    return lines.html();
  } finally {
    await doc.destroy();
  }
}

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The reading view of any stored file by its (sniffed) type: 'scan' for a PDF without text, 'none' for other kinds. */
export async function readingOfBytes(mime: string, bytes: Buffer): Promise<{ status: 'text' | 'scan' | 'none'; html: string }> {
  if (mime === PDF) {
    const html = await pdfReadingHtml(bytes).catch(() => '');
    return { status: html ? 'text' : 'scan', html };
  }
  if (mime === DOCX) {
    const html = await docxReadingHtml(bytes).catch(() => '');
    return { status: html ? 'text' : 'none', html };
  }
  return { status: 'none', html: '' };
}
