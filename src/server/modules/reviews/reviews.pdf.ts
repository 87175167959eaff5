/**
 * The self-review printed as the standard form (Bản kiểm điểm cá nhân, mẫu 2A/2B/2C): the heading,
 * the member and cell, each section with its criteria and the member's own text and score, the
 * self-proposed grade, the pledge and the signature line. Members print it to sign it.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { authorize } from '../../auth/authorize.ts';
import { notFound } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import { GRADE_TEXT } from '../../../common/review/rules.ts';
import { loadEntry } from './reviews.service.ts';

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

export async function selfReviewPdf(ctx: Ctx, id: string): Promise<{ pdf: Buffer; name: string }> {
  const row = await loadEntry(ctx.db, id);
  const own = !!row && !!ctx.actor.memberId && row.e.memberId === ctx.actor.memberId;
  if (!row || (!own && !authorize(ctx.actor, 'reviews.read', row.cellPath))) throw notFound();
  const { e, c } = row;
  const content = e.selfContent;
  const set = c.criteria.find((s) => s.form === e.form) ?? c.criteria[0]!;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `Bản kiểm điểm cá nhân năm ${c.year} — ${row.fullName}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  doc.font('bold').fontSize(11).text('ĐẢNG CỘNG SẢN VIỆT NAM', { align: 'right' });
  doc.font('body').fontSize(10).text(row.cellName, { align: 'left' });
  doc.moveDown();
  doc.font('bold').fontSize(15).text('BẢN KIỂM ĐIỂM CÁ NHÂN', { align: 'center' });
  doc.font('body').fontSize(11).text(`Năm ${c.year} — ${set.title}`, { align: 'center' });
  doc.moveDown();
  doc.text(`Họ và tên: ${row.fullName}`);
  doc.text(`Chi bộ: ${row.cellName}`);
  doc.moveDown();
  const part = (title: string, body: string) => {
    doc.font('bold').fontSize(12).text(title);
    doc
      .font('body')
      .fontSize(11)
      .text(body.trim() || '…', { align: 'justify' });
    doc.moveDown(0.5);
  };
  part('I. Ưu điểm', content?.strengths ?? '');
  part('II. Hạn chế, khuyết điểm', content?.shortcomings ?? '');
  part('III. Kết quả thực hiện nhiệm vụ trong năm', content?.tasks ?? '');
  doc.font('bold').fontSize(12).text('IV. Tự chấm điểm theo tiêu chí');
  for (const sec of set.sections) {
    const score = content?.scores[sec.key];
    doc
      .font('body')
      .fontSize(11)
      .text(`${sec.label}: ${score ?? '…'}/${sec.max} điểm`);
    for (const item of sec.items) doc.fontSize(10).text(`   – ${item.label}`);
  }
  doc.moveDown(0.5);
  if (e.graded) {
    doc.font('bold').fontSize(12).text('V. Tự nhận mức xếp loại');
    doc
      .font('body')
      .fontSize(11)
      .text(content?.selfGrade ? GRADE_TEXT[content.selfGrade] : '…');
    doc.moveDown(0.5);
  }
  part(e.graded ? 'VI. Cam kết, hướng khắc phục' : 'V. Cam kết, hướng khắc phục', content?.pledge ?? '');
  if (e.publishedAt && e.decidedGrade) {
    doc.font('bold').fontSize(12).text('Kết quả xếp loại của cấp có thẩm quyền');
    doc.font('body').fontSize(11).text(GRADE_TEXT[e.decidedGrade]);
    if (e.decisionReason) doc.text(`Lý do: ${e.decisionReason}`);
    doc.moveDown(0.5);
  }
  doc.moveDown();
  doc.text('Người tự kiểm điểm', { align: 'right' });
  doc.fontSize(9).text('(ký, ghi rõ họ tên)', { align: 'right' });
  doc.moveDown(2);
  doc.fontSize(11).text(row.fullName, { align: 'right' });
  doc.end();
  await done;
  return { pdf: Buffer.concat(chunks), name: `ban-kiem-diem-${c.year}.pdf` };
}
