/**
 * A party document as real files: an A4 PDF (pdfkit, DejaVu Serif for the Vietnamese marks) and a
 * DOCX (Word's XML, with heading styles and a numbering-free list), laid out as party offices set
 * them (Quy định về thể thức văn bản của Đảng): the issuer and "ĐẢNG CỘNG SẢN VIỆT NAM" side by
 * side, the symbol and the place and date, the kind in capitals, the title, the body, the signature
 * and "Nơi nhận". The demo library is made of these; the reading-view tests read them back.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import JSZip from 'jszip';
import type { Block } from '../modules/documents/reflow.ts';

const FONTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../node_modules/dejavu-fonts-ttf/ttf');
const SERIF = path.join(FONTS, 'DejaVuSerif.ttf');
const SERIF_BOLD = path.join(FONTS, 'DejaVuSerif-Bold.ttf');
const SERIF_ITALIC = path.join(FONTS, 'DejaVuSerif-Italic.ttf');

export interface PartyDocument {
  /** Top left, in capitals: the upper body and the issuer ("ĐẢNG BỘ TỈNH MINH HẢI", "THÀNH ỦY TÂN AN"). */
  issuerLines: string[];
  /** "12-NQ/ThU"; null for papers without a number (a meeting's materials). */
  symbol: string | null;
  /** "Tân An, ngày 5 tháng 3 năm 2026". */
  placeDate: string;
  /** "NGHỊ QUYẾT", "KẾ HOẠCH", …; null for a paper without a kind line. */
  kindTitle: string | null;
  /** The subject line under the kind ("về tăng cường công tác …"). */
  title: string;
  blocks: Block[];
  signature: { lines: string[]; name: string } | null;
  recipients: string[];
}

/** The body as the reading view shows it (the head is on the page above it already: symbol, issuer, date). */
export function readingBlocks(d: PartyDocument): Block[] {
  const head: Block[] = d.kindTitle ? [{ kind: 'h2', text: d.kindTitle }] : [];
  return [...head, { kind: 'p', text: d.title }, ...d.blocks];
}

/** The plain text, as the search index keeps it. */
export function plainText(d: PartyDocument): string {
  return [
    ...d.issuerLines,
    'ĐẢNG CỘNG SẢN VIỆT NAM',
    d.symbol ? `Số ${d.symbol}` : '',
    d.placeDate,
    d.kindTitle ?? '',
    d.title,
    ...d.blocks.map((b) => (b.kind === 'li' ? `- ${b.text}` : b.text)),
    ...(d.signature ? [...d.signature.lines, d.signature.name] : []),
    d.recipients.length ? 'Nơi nhận:' : '',
    ...d.recipients.map((r) => `- ${r}`),
  ]
    .filter(Boolean)
    .join(' ');
}

/** An A4 PDF of the document, page numbers at the foot from page 2 on. */
export function renderPdf(d: PartyDocument, meta: { title: string }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: 57, bottom: 57, left: 85, right: 57 },
      bufferPages: true,
      info: { Title: meta.title, Producer: 'Sổ tay Đảng viên (dữ liệu mẫu)' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    const colW = width * 0.5;
    const rightX = left + width - colW;

    // The head: issuer on the left, the party's name on the right, on the same lines.
    const top = doc.y;
    doc.font(SERIF).fontSize(12);
    d.issuerLines.forEach((l, i) => {
      doc.font(i === d.issuerLines.length - 1 ? SERIF_BOLD : SERIF).text(l, left, top + i * 16, { width: colW, align: 'center' });
    });
    doc.text('*', left, top + d.issuerLines.length * 16, { width: colW, align: 'center' });
    doc.font(SERIF_BOLD).fontSize(13).text('ĐẢNG CỘNG SẢN VIỆT NAM', rightX, top, { width: colW, align: 'center' });
    const below = top + (d.issuerLines.length + 1) * 16 + 4;
    doc.font(SERIF).fontSize(12);
    if (d.symbol) doc.text(`Số ${d.symbol}`, left, below, { width: colW, align: 'center' });
    doc.font(SERIF_ITALIC).text(d.placeDate, rightX, below, { width: colW, align: 'center' });
    doc.moveDown(2);
    doc.x = left;

    if (d.kindTitle) doc.font(SERIF_BOLD).fontSize(16).text(d.kindTitle, left, doc.y, { width, align: 'center' });
    doc.font(SERIF_BOLD).fontSize(13).text(d.title, { width, align: 'center' });
    doc.moveDown(1);

    for (const b of d.blocks) {
      if (b.kind === 'h2') doc.moveDown(0.5).font(SERIF_BOLD).fontSize(13).text(b.text, { width, align: 'left' });
      else if (b.kind === 'h3') doc.font(SERIF_BOLD).fontSize(13).text(b.text, { width, align: 'justify', indent: 28 });
      else if (b.kind === 'li') doc.font(SERIF).fontSize(13).text(`- ${b.text}`, { width, align: 'justify', indent: 28 });
      else doc.font(SERIF).fontSize(13).text(b.text, { width, align: 'justify', indent: 28 });
      doc.moveDown(0.35);
    }

    if (d.signature) {
      doc.moveDown(1.5);
      const sigTop = doc.y > doc.page.height - 200 ? (doc.addPage(), doc.y) : doc.y;
      doc.font(SERIF_BOLD).fontSize(12);
      d.signature.lines.forEach((l, i) => doc.text(l, rightX, sigTop + i * 16, { width: colW, align: 'center' }));
      doc.text(d.signature.name, rightX, sigTop + (d.signature.lines.length + 3) * 16, { width: colW, align: 'center' });
      if (d.recipients.length) {
        doc.font(SERIF_BOLD).fontSize(11).text('Nơi nhận:', left, sigTop, { width: colW, underline: true });
        doc.font(SERIF).fontSize(10);
        d.recipients.forEach((r) => doc.text(`- ${r}`, left, doc.y, { width: colW }));
      }
    }

    const range = doc.bufferedPageRange();
    for (let i = range.start + 1; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      // Writing inside the bottom margin must not start a new page.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc
        .font(SERIF)
        .fontSize(11)
        .text(String(i + 1), left, doc.page.height - 40, { width, align: 'center' });
      doc.page.margins.bottom = bottom;
    }
    doc.end();
  });
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const run = (text: string, opts: { bold?: boolean; italic?: boolean; size?: number } = {}) =>
  `<w:r><w:rPr>${opts.bold ? '<w:b/>' : ''}${opts.italic ? '<w:i/>' : ''}${opts.size ? `<w:sz w:val="${opts.size * 2}"/>` : ''}</w:rPr><w:t xml:space="preserve">${xml(text)}</w:t></w:r>`;
const para = (body: string, p: { style?: string; align?: 'center' | 'both' | 'right'; indent?: boolean } = {}) =>
  `<w:p><w:pPr>${p.style ? `<w:pStyle w:val="${p.style}"/>` : ''}${p.indent ? '<w:ind w:firstLine="567"/>' : ''}${p.align ? `<w:jc w:val="${p.align}"/>` : ''}</w:pPr>${body}</w:p>`;

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="28"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:spacing w:after="120"/><w:jc w:val="both"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:ind w:firstLine="567"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
</w:styles>`;

/** A DOCX of the document: Word's own heading styles, so converters (and the reading view) see headings. */
export async function renderDocx(d: PartyDocument): Promise<Buffer> {
  const head = [
    ...d.issuerLines.map((l, i) => para(run(l, { bold: i === d.issuerLines.length - 1, size: 13 }), { align: 'center' })),
    para(run('ĐẢNG CỘNG SẢN VIỆT NAM', { bold: true, size: 14 }), { align: 'center' }),
    d.symbol ? para(run(`Số ${d.symbol}`), { align: 'center' }) : '',
    para(run(d.placeDate, { italic: true }), { align: 'right' }),
  ];
  const title = [
    d.kindTitle ? para(run(d.kindTitle), { style: 'Title' }) : '',
    para(run(d.title, { bold: true }), { align: 'center' }),
  ];
  const body = d.blocks.map((b) =>
    b.kind === 'h2'
      ? para(run(b.text), { style: 'Heading1' })
      : b.kind === 'h3'
        ? para(run(b.text), { style: 'Heading2' })
        : b.kind === 'li'
          ? para(run(`- ${b.text}`), { indent: true, align: 'both' })
          : para(run(b.text), { indent: true, align: 'both' }),
  );
  const sign = d.signature
    ? [
        ...d.signature.lines.map((l) => para(run(l, { bold: true }), { align: 'right' })),
        para(run(d.signature.name, { bold: true }), { align: 'right' }),
      ]
    : [];
  const recipients = d.recipients.length
    ? [para(run('Nơi nhận:', { bold: true, size: 12 })), ...d.recipients.map((r) => para(run(`- ${r}`, { size: 11 })))]
    : [];
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    'word/_rels/document.xml.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
  );
  zip.file('word/styles.xml', STYLES);
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${[
      ...head,
      ...title,
      ...body,
      ...sign,
      ...recipients,
    ].join(
      '',
    )}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701"/></w:sectPr></w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
