/**
 * The reading view's text from real files: party documents made as PDF (pdfkit) and DOCX (Word
 * XML), and the DOCX turned into a PDF by LibreOffice (a layout no one here wrote), read back into
 * headings, paragraphs and lists.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderDocx, renderPdf, type PartyDocument } from '../../seed/party-document.ts';
import { SOFFICE } from '../../testing/libreoffice.ts';
import { makePdf } from '../../testing/documents.factories.ts';
import { blocksToHtml, linesToBlocks, pageLines, type Block, type PdfTextItem } from './reflow.ts';
import { docxReadingHtml, pdfReadingHtml } from './reading-html.ts';

const LONG =
  'Tiếp tục quán triệt sâu sắc quan điểm, mục tiêu, nhiệm vụ và giải pháp của Nghị quyết; nâng cao nhận thức, trách nhiệm của cấp ủy, tổ chức đảng và đảng viên về vị trí, vai trò của công tác này trong tình hình mới.';

const BODY: Block[] = [
  { kind: 'h2', text: 'I. TÌNH HÌNH VÀ NGUYÊN NHÂN' },
  { kind: 'p', text: `${LONG} Kết quả năm qua cho thấy nhiều chi bộ đã đổi mới nội dung sinh hoạt.` },
  { kind: 'h2', text: 'II. MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP' },
  { kind: 'p', text: `1. Mục tiêu chung: ${LONG}` },
  { kind: 'li', text: 'Trên 90% chi bộ sinh hoạt đúng định kỳ, đạt chất lượng tốt.' },
  { kind: 'li', text: `Mỗi quý ít nhất một lần sinh hoạt chuyên đề; ${LONG}` },
  { kind: 'p', text: `2. Nhiệm vụ và giải pháp: ${LONG} ${LONG} ${LONG}` },
  { kind: 'h3', text: 'Điều 1. Phạm vi áp dụng' },
  { kind: 'p', text: `a) Quy định này áp dụng đối với các chi bộ trực thuộc; ${LONG}` },
  { kind: 'p', text: `b) Cấp ủy cơ sở chịu trách nhiệm hướng dẫn, kiểm tra; ${LONG} ${LONG}` },
  // Enough text to run onto the next pages: paragraphs continue across the page break.
  ...Array.from({ length: 9 }, (_, i): Block => ({ kind: 'p', text: `${i + 3}. Nội dung thứ ${i + 3}: ${LONG} ${LONG}` })),
];

const DOC: PartyDocument = {
  issuerLines: ['ĐẢNG BỘ TỈNH MINH HẢI', 'THÀNH ỦY TÂN AN'],
  symbol: '12-NQ/ThU',
  placeDate: 'Tân An, ngày 5 tháng 3 năm 2026',
  kindTitle: 'NGHỊ QUYẾT',
  title: 'về nâng cao chất lượng sinh hoạt chi bộ giai đoạn 2026 – 2030',
  blocks: BODY,
  signature: { lines: ['T/M BAN THƯỜNG VỤ', 'BÍ THƯ'], name: 'Nguyễn Văn An' },
  recipients: ['Ban Thường vụ Tỉnh ủy (để báo cáo)', 'Các chi bộ trực thuộc', 'Lưu Văn phòng Thành ủy'],
};

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Every block of the body appears whole, as its own element, in order. */
function expectBody(html: string) {
  let from = 0;
  for (const b of BODY) {
    const el = b.kind === 'li' ? 'li' : b.kind;
    const needle = `<${el}>${escape(b.text)}</${el}>`;
    const at = html.indexOf(needle, from);
    expect(at, `missing or out of order: ${needle.slice(0, 80)}… in\n${html}`).toBeGreaterThanOrEqual(0);
    from = at + needle.length;
  }
  expect(html).toContain('<ul><li>Trên 90% chi bộ');
}

describe('reading view of party documents', () => {
  it('reflows a PDF into its headings, paragraphs (across lines and pages) and lists, without page numbers', async () => {
    const pdf = await renderPdf(DOC, { title: 'Nghị quyết 12' });
    const html = await pdfReadingHtml(pdf);
    expectBody(html);
    expect(html).toContain('<h2>NGHỊ QUYẾT</h2>');
    expect(html).toContain(`<p>${DOC.title}</p>`);
    // The head's two columns are read left then right, not interleaved line by line.
    expect(html.indexOf('ĐẢNG BỘ TỈNH MINH HẢI')).toBeLessThan(html.indexOf('THÀNH ỦY TÂN AN'));
    expect(html.indexOf('THÀNH ỦY TÂN AN')).toBeLessThan(html.indexOf('ĐẢNG CỘNG SẢN VIỆT NAM'));
    // The signature block: "Nơi nhận" with its list, then the signer.
    expect(html).toMatch(/<p>Nơi nhận:<\/p><ul><li>Ban Thường vụ Tỉnh ủy \(để báo cáo\)<\/li><li>Các chi bộ trực thuộc<\/li>/);
    expect(html.indexOf('Nguyễn Văn An')).toBeGreaterThan(html.indexOf('Lưu Văn phòng Thành ủy'));
    // Page numbers (2, 3 … at the foot) are not text of the document.
    expect(html).not.toMatch(/<p>\d+<\/p>/);
    expect(html).not.toContain('<p>*</p>');
  });

  it('reads a DOCX with heading styles as headings, dashed paragraphs as a list', async () => {
    const html = await docxReadingHtml(await renderDocx(DOC));
    expect(html).toContain('<h2>NGHỊ QUYẾT</h2>');
    expect(html).toContain('<h2>I. TÌNH HÌNH VÀ NGUYÊN NHÂN</h2>');
    expect(html).toContain('<h3>Điều 1. Phạm vi áp dụng</h3>');
    expect(html).toContain('<ul><li>Trên 90% chi bộ sinh hoạt đúng định kỳ, đạt chất lượng tốt.</li><li>Mỗi quý');
    expect(html).toContain(`<p>${escape(BODY[6]!.text)}</p>`);
    expect(html).not.toMatch(/<(script|img|style)/);
  });

  it('reflows the PDF LibreOffice makes of the DOCX', { timeout: 180_000 }, async () => {
    if (!SOFFICE)
      throw new Error('LibreOffice is not installed (apt-get install libreoffice-writer-nogui): this test does not skip.');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotay-reflow-'));
    try {
      fs.writeFileSync(path.join(dir, 'nghi-quyet.docx'), await renderDocx(DOC));
      await promisify(execFile)(
        SOFFICE,
        [
          `-env:UserInstallation=file://${dir}/lo`,
          '--headless',
          '--norestore',
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          `${dir}/nghi-quyet.docx`,
        ],
        { timeout: 170_000 },
      );
      const html = await pdfReadingHtml(fs.readFileSync(path.join(dir, 'nghi-quyet.pdf')));
      // LibreOffice sets its own line breaks, spacing and fonts: the paragraphs still come back whole.
      for (const b of BODY.filter((x) => x.kind === 'p')) expect(html).toContain(`<p>${escape(b.text)}</p>`);
      expect(html).toContain('<h2>I. TÌNH HÌNH VÀ NGUYÊN NHÂN</h2>');
      expect(html).toContain('<li>Trên 90% chi bộ sinh hoạt đúng định kỳ, đạt chất lượng tốt.</li>');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives a scan (no text layer) no reading text', async () => {
    expect(await pdfReadingHtml(await makePdf([], { image: true }))).toBe('');
  });
});

describe('reflow rules', () => {
  const item = (str: string, x: number, y: number, size = 12, width = str.length * size * 0.5): PdfTextItem => ({
    str,
    transform: [size, 0, 0, size, x, y],
    width,
    height: size,
  });

  it('joins the pieces of a line with spaces where they are apart, and splits two columns on one baseline', () => {
    const lines = pageLines(
      [
        item('Nghị', 50, 700, 12, 28),
        item('quyết', 82, 700, 12, 34),
        item('số', 120, 700, 12, 14),
        item('ĐẢNG CỘNG SẢN', 320, 700.5),
      ],
      1,
      595,
      842,
    );
    expect(lines.map((l) => [l.text, l.inColumns])).toEqual([
      ['Nghị quyết số', true],
      ['ĐẢNG CỘNG SẢN', true],
    ]);
  });

  it('escapes the text it writes', () => {
    expect(blocksToHtml([{ kind: 'p', text: '<script>alert(1)</script> & "x"' }])).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;</p>',
    );
  });

  it('keeps a short line that ends a sentence apart from the next, and a numbered line opens a paragraph', () => {
    const line = (text: string, y: number, width = 480, x = 60) => ({
      text,
      x,
      y,
      width,
      size: 12,
      page: 1,
      pageWidth: 595,
      pageHeight: 842,
    });
    const blocks = linesToBlocks([
      line('Đoạn thứ nhất kéo dài hết dòng này và còn tiếp sang', 100),
      line('dòng sau thì kết thúc.', 116, 150),
      line('Đoạn thứ hai bắt đầu ở đây và cũng kéo dài hết dòng', 132),
      line('1. Mục một kéo dài hết dòng này và còn tiếp sang dòng', 148),
      line('sau.', 164, 30),
    ]);
    expect(blocks).toEqual([
      { kind: 'p', text: 'Đoạn thứ nhất kéo dài hết dòng này và còn tiếp sang dòng sau thì kết thúc.' },
      { kind: 'p', text: 'Đoạn thứ hai bắt đầu ở đây và cũng kéo dài hết dòng' },
      { kind: 'p', text: '1. Mục một kéo dài hết dòng này và còn tiếp sang dòng sau.' },
    ]);
  });
});
