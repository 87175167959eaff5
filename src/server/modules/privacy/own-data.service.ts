/**
 * A member downloads everything the installation keeps about them: the record (CCCD and phone in
 * full: it is their own data), account, correction requests, meeting attendance and opinions,
 * documents read and bookmarked, questions sent, and the access log. JSON for machines, PDF for
 * people (DejaVu, the activation sheet's font, so Vietnamese diacritics render). Each download is
 * audited (`member.self_export`).
 */
import { createRequire } from 'node:module';
import { desc, eq } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import { FIELD_LABELS_VI } from '../../../common/members/headers.ts';
import { formatDateVi } from '../../../common/members/dates.ts';
import {
  documentBookmarks,
  documentReads,
  documents,
  feedbackItems,
  meetingAttendance,
  meetingOpinions,
  meetings,
  units,
  users,
} from '../../db/schema.ts';
import { notFound } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import { getOwnMember, ownCorrections } from '../members/records.service.ts';
import { STATUS_LABELS_VI } from '../members/export.ts';
import { accessLogOf, type AccessEntry } from './access-log.service.ts';
import { vnDateTimeText } from '../../../common/time/vietnam.ts';

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');
const MAX_ROWS = 5_000;

export async function collectOwnData(ctx: Ctx) {
  if (!ctx.actor.memberId) throw notFound('Tài khoản này không gắn với hồ sơ đảng viên.');
  const memberId = ctx.actor.memberId;
  const { member } = await getOwnMember(ctx);
  const { abilities: _abilities, ...record } = member;
  const [account] = await ctx.db
    .select({
      username: users.username,
      phone: users.phone,
      displayName: users.displayName,
      status: users.status,
      locale: users.locale,
      createdAt: users.createdAt,
      activatedAt: users.activatedAt,
      lastSeenAt: users.lastSeenAt,
      twoFactorSince: users.totpEnabledAt,
    })
    .from(users)
    .where(eq(users.id, ctx.actor.userId));
  const attendance = await ctx.db
    .select({
      month: meetings.month,
      topic: meetings.topic,
      startsAt: meetings.startsAt,
      status: meetingAttendance.status,
      reason: meetingAttendance.reason,
      checkedInAt: meetingAttendance.checkedInAt,
    })
    .from(meetingAttendance)
    .innerJoin(meetings, eq(meetings.id, meetingAttendance.meetingId))
    .where(eq(meetingAttendance.memberId, memberId))
    .orderBy(desc(meetings.startsAt))
    .limit(MAX_ROWS);
  const opinions = await ctx.db
    .select({ month: meetings.month, topic: meetings.topic, body: meetingOpinions.body, createdAt: meetingOpinions.createdAt })
    .from(meetingOpinions)
    .innerJoin(meetings, eq(meetings.id, meetingOpinions.meetingId))
    .where(eq(meetingOpinions.memberId, memberId))
    .orderBy(desc(meetingOpinions.createdAt))
    .limit(MAX_ROWS);
  const reads = await ctx.db
    .select({
      title: documents.title,
      firstReadAt: documentReads.firstReadAt,
      lastReadAt: documentReads.lastReadAt,
      readCount: documentReads.readCount,
    })
    .from(documentReads)
    .innerJoin(documents, eq(documents.id, documentReads.documentId))
    .where(eq(documentReads.userId, ctx.actor.userId))
    .orderBy(desc(documentReads.lastReadAt))
    .limit(MAX_ROWS);
  const bookmarks = await ctx.db
    .select({ title: documents.title, createdAt: documentBookmarks.createdAt })
    .from(documentBookmarks)
    .innerJoin(documents, eq(documents.id, documentBookmarks.documentId))
    .where(eq(documentBookmarks.userId, ctx.actor.userId))
    .limit(MAX_ROWS);
  const feedback = await ctx.db
    .select({
      kind: feedbackItems.kind,
      subject: feedbackItems.subject,
      body: feedbackItems.body,
      status: feedbackItems.status,
      createdAt: feedbackItems.createdAt,
    })
    .from(feedbackItems)
    .where(eq(feedbackItems.authorUserId, ctx.actor.userId))
    .orderBy(desc(feedbackItems.createdAt))
    .limit(MAX_ROWS);
  const { items: accessLog } = await accessLogOf(ctx.db, memberId, { limit: MAX_ROWS, offset: 0 });
  const { items: corrections } = await ownCorrections(ctx);
  return {
    exportedAt: ctx.clock.now(),
    record,
    account: account ?? null,
    corrections,
    attendance,
    opinions,
    reads,
    bookmarks,
    feedback,
    accessLog,
  };
}

export type OwnData = Awaited<ReturnType<typeof collectOwnData>>;

async function audited(ctx: Ctx, format: 'json' | 'pdf', data: OwnData) {
  const { cellId } = data.record;
  const [cell] = await ctx.db.select({ path: units.path }).from(units).where(eq(units.id, cellId));
  await recordAudit(ctx.db, sourceOf(ctx), {
    action: 'member.self_export',
    targetType: 'member',
    targetId: ctx.actor.memberId,
    unitId: cellId,
    unitPath: cell?.path ?? null,
    changes: { format: { old: null, new: format } },
  });
}

export async function ownDataJson(ctx: Ctx): Promise<{ body: string; fileName: string }> {
  const data = await collectOwnData(ctx);
  await audited(ctx, 'json', data);
  return { body: JSON.stringify(data, null, 2), fileName: `du-lieu-ca-nhan-${data.exportedAt.toISOString().slice(0, 10)}.json` };
}

export async function ownDataPdf(ctx: Ctx): Promise<{ body: Buffer; fileName: string }> {
  const data = await collectOwnData(ctx);
  const body = await renderPdf(data);
  await audited(ctx, 'pdf', data);
  return { body, fileName: `du-lieu-ca-nhan-${data.exportedAt.toISOString().slice(0, 10)}.pdf` };
}

const ACCESS_KIND_VI: Record<AccessEntry['kind'], string> = {
  view: 'Xem hồ sơ',
  export: 'Xuất danh sách',
  import: 'Nhập danh sách',
};
const ROLE_VI: Record<string, string> = {
  member: 'Đảng viên',
  cell_secretary: 'Bí thư chi bộ',
  cell_deputy: 'Phó bí thư chi bộ',
  committee_member: 'Cấp ủy viên',
  unit_admin: 'Tổ quản trị',
  editor: 'Ban Biên tập',
  approver: 'Trưởng Ban Biên tập',
  system_admin: 'Quản trị hệ thống',
};

const vnTime = (d: Date | null | undefined) => (d ? vnDateTimeText(d) : '—');
const vnDate = (s: string | null | undefined) => (s ? formatDateVi(s) : '—');

async function renderPdf(data: OwnData): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: 'Dữ liệu cá nhân — Sổ tay Đảng viên' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const r = data.record;
  const heading = (text: string) =>
    doc.moveDown(0.8).font('bold').fontSize(13).text(text).moveDown(0.3).font('body').fontSize(10);
  const line = (label: string, value: string | number | null | undefined) =>
    doc
      .font('bold')
      .text(`${label}: `, { continued: true })
      .font('body')
      .text(value === null || value === undefined || value === '' ? '—' : String(value));

  doc.font('bold').fontSize(16).text('DỮ LIỆU CÁ NHÂN CỦA TÔI', { align: 'center' });
  doc
    .font('body')
    .fontSize(10)
    .text(`${r.fullName} — xuất lúc ${vnTime(data.exportedAt)}`, { align: 'center' });

  heading('Hồ sơ đảng viên');
  const fields = [
    'fullName',
    'birthName',
    'dateOfBirth',
    'sex',
    'cccd',
    'phone',
    'ethnicity',
    'religion',
    'hometown',
    'education',
    'politicalTheory',
    'professionalQualification',
    'foreignLanguage',
    'occupation',
    'partyPosition',
    'admissionDate',
    'officialDate',
    'partyCardNumber',
    'recordNumber',
    'badgeNumber',
    'notes',
  ] as const;
  for (const f of fields) {
    const v = r[f];
    const shown =
      f === 'sex'
        ? v === 'male'
          ? 'Nam'
          : v === 'female'
            ? 'Nữ'
            : null
        : f.endsWith('Date') || f === 'dateOfBirth'
          ? vnDate(v)
          : v;
    line(FIELD_LABELS_VI[f], shown);
  }
  line('Chi bộ', r.cellName);
  line('Tình trạng', STATUS_LABELS_VI[r.status]);

  heading('Quá trình');
  for (const s of r.statusHistory)
    doc.text(
      `${vnDate(s.effectiveDate)}: ${s.fromStatus ? `${STATUS_LABELS_VI[s.fromStatus]} → ` : ''}${STATUS_LABELS_VI[s.toStatus]}${s.note ? ` (${s.note})` : ''}`,
    );
  for (const c of r.cellHistory)
    doc.text(`Sinh hoạt tại ${c.cellName} từ ${vnTime(c.validFrom)}${c.validTo ? ` đến ${vnTime(c.validTo)}` : ''}`);

  heading('Tài khoản');
  line('Tên đăng nhập', data.account?.username);
  line('Số điện thoại đăng nhập', data.account?.phone);
  line('Kích hoạt lúc', vnTime(data.account?.activatedAt));
  line('Xác thực hai bước từ', vnTime(data.account?.twoFactorSince));

  heading(`Sinh hoạt chi bộ (${data.attendance.length} buổi)`);
  for (const a of data.attendance)
    doc.text(`${a.month} — ${a.topic || 'Sinh hoạt thường kỳ'}: ${a.status}${a.reason ? ` (${a.reason})` : ''}`);
  heading(`Ý kiến đã gửi (${data.opinions.length})`);
  for (const o of data.opinions) doc.text(`${vnTime(o.createdAt)} — ${o.topic || o.month}: ${o.body}`);
  heading(`Tài liệu đã đọc (${data.reads.length}) và đã lưu (${data.bookmarks.length})`);
  for (const d of data.reads) doc.text(`${d.title} — ${d.readCount} lần, lần cuối ${vnTime(d.lastReadAt)}`);
  for (const b of data.bookmarks) doc.text(`Đã lưu: ${b.title}`);
  heading(`Câu hỏi, kiến nghị (${data.feedback.length})`);
  for (const f of data.feedback) doc.text(`${vnTime(f.createdAt)} — ${f.subject}: ${f.body}`);
  heading(`Đề nghị sửa hồ sơ (${data.corrections.length})`);
  for (const c of data.corrections) doc.text(`${vnTime(c.requestedAt)} — ${c.field}: ${c.proposedValue} (${c.state})`);
  heading(`Ai đã xem hồ sơ của tôi (${data.accessLog.length})`);
  for (const e of data.accessLog)
    doc.text(
      `${vnTime(e.at)} — ${ACCESS_KIND_VI[e.kind]}: ${e.actorName}${e.role ? `, ${ROLE_VI[e.role] ?? e.role}` : ''}${e.unitName ? `, ${e.unitName}` : ''}`,
    );

  doc.end();
  await done;
  return Buffer.concat(chunks);
}
