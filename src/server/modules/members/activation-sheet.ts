/**
 * Bulk accounts for a cell or a unit and the printed activation sheet: one PDF, a section per
 * cell, each member with a fresh one-time activation code and its QR code, for secretaries who
 * activate elderly members at home. Codes are only ever shown here: the database keeps hashes.
 */
import { createRequire } from 'node:module';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { formatDateVi } from '../../../common/members/dates.ts';
import { activationCodes, auditLog, members, units, users } from '../../db/schema.ts';
import { newActivationCode, sha256 } from '../../auth/tokens.ts';
import { badRequest } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import { ACTIVATION_TTL_MS } from '../accounts/activation.service.ts';
import { vnDateTimeText } from '../../../common/time/vietnam.ts';
import { load } from '../../auth/policies.ts';

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');
/** Statuses that get an account (exempted members too: they still read documents). */
const ACCOUNT_STATUSES = ['official', 'probationary', 'exempted'] as const;
const MAX_MEMBERS = 2_000;

interface SheetEntry {
  cellName: string;
  cellPath: string;
  fullName: string;
  dateOfBirth: string | null;
  code: string;
  url: string;
}

export async function issueActivationSheet(ctx: Ctx, unitId: string): Promise<{ pdf: Buffer; issued: number; created: number }> {
  const unit = await load.unit(ctx, unitId, 'accounts.manage');
  const rows = await ctx.db
    .select({
      id: members.id,
      fullName: members.fullName,
      dateOfBirth: members.dateOfBirth,
      phone: members.phone,
      cellId: units.id,
      cellName: units.name,
      cellPath: units.path,
      userId: users.id,
      userStatus: users.status,
    })
    .from(members)
    .innerJoin(units, eq(units.id, members.cellId))
    .leftJoin(users, eq(users.memberId, members.id))
    .where(
      and(
        sql`${units.path} LIKE ${unit.path + '%'}`,
        inArray(members.status, [...ACCOUNT_STATUSES]),
        sql`(${users.id} IS NULL OR ${users.status} = 'pending')`,
      ),
    )
    .orderBy(asc(units.path), asc(members.nameSearch));
  if (rows.length === 0) throw badRequest('activation_sheet.none', 'Mọi đảng viên trong đơn vị này đều đã kích hoạt tài khoản.');
  if (rows.length > MAX_MEMBERS)
    throw badRequest(
      'activation_sheet.too_many',
      `Đơn vị có ${rows.length} đảng viên chưa kích hoạt; hãy in theo từng chi bộ hoặc đảng bộ cơ sở (tối đa ${MAX_MEMBERS}).`,
    );
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + ACTIVATION_TTL_MS);
  const entries: SheetEntry[] = [];
  let created = 0;
  await ctx.db.transaction(async (tx) => {
    for (const r of rows) {
      let userId = r.userId;
      if (!userId) {
        const [taken] = r.phone ? await tx.select({ id: users.id }).from(users).where(eq(users.phone, r.phone)) : [];
        const [u] = await tx
          .insert(users)
          .values({ memberId: r.id, displayName: r.fullName, phone: taken ? null : r.phone, status: 'pending', createdAt: now })
          .returning({ id: users.id });
        userId = u!.id;
        created += 1;
        await tx.insert(auditLog).values({
          at: now,
          actorId: ctx.actor.userId,
          requestId: ctx.requestId,
          action: 'account.create',
          targetType: 'user',
          targetId: userId,
          unitId: r.cellId,
          unitPath: r.cellPath,
          changes: {},
        });
      }
      const code = newActivationCode();
      await tx
        .update(activationCodes)
        .set({ usedAt: now })
        .where(and(eq(activationCodes.userId, userId), isNull(activationCodes.usedAt)));
      await tx
        .insert(activationCodes)
        .values({ userId, codeHash: sha256(code), createdAt: now, expiresAt, createdBy: ctx.actor.userId });
      await tx.insert(auditLog).values({
        at: now,
        actorId: ctx.actor.userId,
        requestId: ctx.requestId,
        action: 'account.activation_code',
        targetType: 'user',
        targetId: userId,
        unitId: r.cellId,
        unitPath: r.cellPath,
        changes: { sheet: { old: null, new: unit.id } },
      });
      entries.push({
        cellName: r.cellName,
        cellPath: r.cellPath,
        fullName: r.fullName,
        dateOfBirth: r.dateOfBirth,
        code,
        url: `${ctx.config.publicUrl}/kich-hoat?code=${encodeURIComponent(code)}`,
      });
    }
  });
  return { pdf: await renderSheet(entries, expiresAt), issued: entries.length, created };
}

async function renderSheet(entries: SheetEntry[], expiresAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: 'Phiếu kích hoạt tài khoản Sổ tay Đảng viên' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const byCell = new Map<string, SheetEntry[]>();
  for (const e of entries) byCell.set(e.cellPath, [...(byCell.get(e.cellPath) ?? []), e]);
  const rowHeight = 110;
  let first = true;
  for (const list of byCell.values()) {
    if (!first) doc.addPage();
    first = false;
    const title = () => {
      doc.font('bold').fontSize(14).text(`${list[0]!.cellName}: mã kích hoạt tài khoản`, { align: 'left' });
      doc
        .font('body')
        .fontSize(10)
        .text(
          `Mỗi mã dùng một lần, hết hạn lúc ${vnDateTimeText(expiresAt)}. Quét mã QR bằng điện thoại hoặc nhập mã tại trang Kích hoạt.`,
        );
      doc.moveDown(0.5);
    };
    title();
    for (const e of list) {
      if (doc.y + rowHeight > doc.page.height - doc.page.margins.bottom) {
        doc.addPage();
        title();
      }
      const y = doc.y;
      const qr = await QRCode.toBuffer(e.url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 200 });
      doc.image(qr, doc.page.margins.left, y, { width: 95, height: 95 });
      const x = doc.page.margins.left + 110;
      doc
        .font('bold')
        .fontSize(13)
        .text(e.fullName, x, y + 4);
      doc
        .font('body')
        .fontSize(10)
        .text(e.dateOfBirth ? `Ngày sinh: ${formatDateVi(e.dateOfBirth)}` : 'Ngày sinh: —', x);
      doc
        .font('bold')
        .fontSize(18)
        .text(e.code, x, doc.y + 6, { characterSpacing: 2 });
      doc
        .moveTo(doc.page.margins.left, y + rowHeight - 8)
        .lineTo(doc.page.width - doc.page.margins.right, y + rowHeight - 8)
        .dash(3, { space: 3 })
        .stroke()
        .undash();
      doc.x = doc.page.margins.left;
      doc.y = y + rowHeight;
    }
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
