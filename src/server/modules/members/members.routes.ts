import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../app.ts';
import { MEMBER_STATUSES, SEXES, USER_STATUSES } from '../../db/schema.ts';
import { ActivationCodeResult, UuidParam } from '../accounts/accounts.schemas.ts';
import { issueActivationCode } from '../accounts/activation.service.ts';
import { listMembers } from './members.service.ts';
import * as S from './members.schemas.ts';
import * as records from './records.service.ts';
import * as std from './standardization.service.ts';
import * as transfers from './transfers.service.ts';
import { exportMembers, importUpload } from './import.service.ts';
import { importTemplateXlsx } from './export.ts';
import { vnDate } from '../../../common/time/vietnam.ts';
import { issueActivationSheet } from './activation-sheet.ts';
import { myCard, verifyCard } from './ecard.service.ts';
import { dismissPair, listDuplicates } from './duplicates.service.ts';
import * as photos from './photo.service.ts';
import { transferTargets } from './transfer-targets.service.ts';
import { sendStoredFile } from '../../files/download.ts';

const MemberListQuery = z.object({
  unitId: z.uuid().optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

const MemberList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      fullName: z.string(),
      dateOfBirth: z.string().nullable(),
      sex: z.enum(SEXES).nullable(),
      cellId: z.string(),
      cellName: z.string(),
      status: z.enum(MEMBER_STATUSES),
      phoneMasked: z.string().nullable(),
      cccdMasked: z.string().nullable(),
      accountStatus: z.enum(['none', ...USER_STATUSES]),
      standardized: z.boolean().nullable(),
    }),
  ),
  total: z.number(),
});

const ImportQuery = z.object({
  unitId: z.uuid(),
  dryRun: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});
const ImportReport = z.object({
  kind: z.enum(['xlsx', 'csv']),
  headerRow: z.number(),
  rows: z.number(),
  columns: z.array(z.object({ column: z.number(), header: z.string(), target: z.string().nullable() })),
  needsMapping: z.boolean(),
  counts: z.object({ created: z.number(), updated: z.number(), unchanged: z.number(), rejected: z.number() }),
  rejected: z.array(
    z.object({ row: z.number(), name: z.string().nullable(), field: z.string(), code: z.string(), reason: z.string() }),
  ),
  withProblems: z.array(z.object({ row: z.number(), name: z.string(), problems: z.array(S.ProblemOut) })),
  encodings: z.object({ tcvn3: z.number(), vni: z.number() }),
  planHash: z.string(),
  dryRun: z.boolean(),
  written: z.boolean(),
});
const ExportQuery = z.object({ unitId: z.uuid(), format: z.enum(['xlsx', 'csv']).default('xlsx') });
const TransferDecisionBody = z.object({
  decision: z.enum(['accept', 'reject', 'cancel']),
  note: z.string().trim().max(1000).default(''),
});
const UnitIdQuery = z.object({ unitId: z.uuid().optional() });
const Card = z.object({
  fullName: z.string(),
  partyCardNumber: z.string().nullable(),
  cellName: z.string(),
  status: z.enum(MEMBER_STATUSES),
  statusLabel: z.string(),
  photoUrl: z.string().nullable(),
  token: z.string(),
  verifyUrl: z.string(),
  qrSvg: z.string(),
  expiresAt: z.date(),
});
const CardCheck = z.object({
  valid: z.boolean(),
  reason: z.string().nullable(),
  fullName: z.string().nullable(),
  cellName: z.string().nullable(),
});
const TokenParam = z.object({ token: z.string().max(1000) });
const TargetQuery = z.object({ q: z.string().max(100).optional() });
const PhotoQuery = z.object({ thumb: z.enum(['0', '1']).optional(), v: z.string().max(40).optional() });
const PhotoResult = z.object({ photoUrl: z.string() });

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function membersRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['members'];
  const read = { permission: 'members.read' as const };
  const manage = { permission: 'members.manage' as const };
  const self = { permission: 'authenticated' as const };

  r.get(
    '/api/members',
    {
      config: read,
      schema: { tags, summary: 'Danh sách đảng viên trong phạm vi', querystring: MemberListQuery, response: { 200: MemberList } },
    },
    async (req) => listMembers(deps.ctx(req), req.query),
  );
  r.post(
    '/api/members/:id/activation-code',
    {
      config: { permission: 'accounts.manage' },
      schema: {
        tags,
        summary: 'Cấp mã kích hoạt (tạo tài khoản nếu chưa có)',
        params: UuidParam,
        response: { 200: ActivationCodeResult },
      },
    },
    async (req) => issueActivationCode(deps.ctx(req), req.params.id),
  );

  // Standardization (chuẩn hóa)
  r.get(
    '/api/members/standardization',
    {
      config: read,
      schema: {
        tags,
        summary: 'Chuẩn hóa hồ sơ: tổng hợp và danh sách cần sửa của một đơn vị',
        querystring: S.SummaryQuery,
        response: { 200: S.Summary },
      },
    },
    async (req) => std.standardizationSummary(deps.ctx(req), req.query),
  );
  r.post(
    '/api/members/standardization/fix-all',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Sửa hàng loạt các lỗi chắc chắn (viết hoa, số điện thoại, Unicode)',
        body: S.UnitBody,
        response: { 200: S.FixResult },
      },
    },
    async (req) => std.fixAll(deps.ctx(req), req.body.unitId),
  );
  r.get(
    '/api/members/duplicates',
    {
      config: read,
      schema: {
        tags,
        summary: 'Hồ sơ trùng (cùng CCCD; cùng họ tên và ngày sinh), trừ các cặp đã xác nhận không trùng',
        querystring: S.UnitQuery,
        response: { 200: S.Duplicates },
      },
    },
    async (req) => listDuplicates(deps.ctx(req), req.query.unitId),
  );
  r.post(
    '/api/members/duplicates/dismiss',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Xác nhận hai hồ sơ cùng họ tên và ngày sinh không trùng',
        body: S.DismissBody,
        response: { 200: S.DismissResult },
      },
    },
    async (req) => dismissPair(deps.ctx(req), req.body),
  );

  // Import / export / printed activation sheet
  r.post(
    '/api/members/import',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Nhập đảng viên từ .xlsx / .csv (chạy thử hoặc nhập thật)',
        querystring: ImportQuery,
        response: { 200: ImportReport },
      },
    },
    async (req) => importUpload(deps.ctx(req), req, deps.storage, req.query),
  );
  r.get(
    '/api/members/import-template',
    { config: manage, schema: { tags, summary: 'Tải bảng tính mẫu để nhập đảng viên (.xlsx)' } },
    async (req, reply) => {
      reply.header('content-type', XLSX_MIME);
      reply.header('content-disposition', attachment('mau-nhap-dang-vien.xlsx'));
      return reply.send(await importTemplateXlsx(vnDate(deps.ctx(req).clock.now())));
    },
  );
  r.get(
    '/api/members/export',
    { config: read, schema: { tags, summary: 'Xuất danh sách đảng viên (.xlsx, .csv)', querystring: ExportQuery } },
    async (req, reply) => {
      const { body, fileName } = await exportMembers(deps.ctx(req), req.query);
      reply.header('content-type', req.query.format === 'xlsx' ? XLSX_MIME : 'text/csv; charset=utf-8');
      reply.header('content-disposition', attachment(fileName));
      reply.header('cache-control', 'no-store');
      return reply.send(body);
    },
  );
  r.post(
    '/api/members/activation-sheet',
    {
      config: { permission: 'accounts.manage' },
      schema: { tags, summary: 'Tạo tài khoản hàng loạt và in phiếu mã kích hoạt (PDF) theo chi bộ', body: S.UnitBody },
    },
    async (req, reply) => {
      const { pdf, issued } = await issueActivationSheet(deps.ctx(req), req.body.unitId);
      reply.header('content-type', 'application/pdf');
      reply.header('content-disposition', attachment('phieu-kich-hoat.pdf'));
      reply.header('x-issued-count', String(issued));
      reply.header('cache-control', 'no-store');
      return reply.send(pdf);
    },
  );

  // Corrections asked by members, decided by the cell
  r.get(
    '/api/members/corrections',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Đề nghị sửa hồ sơ đang chờ xử lý',
        querystring: UnitIdQuery,
        response: { 200: S.CorrectionList },
      },
    },
    async (req) => records.listCorrections(deps.ctx(req), req.query.unitId),
  );
  r.post(
    '/api/members/corrections/:id/decision',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Chấp nhận / từ chối đề nghị sửa hồ sơ',
        params: UuidParam,
        body: S.DecisionBody,
        response: { 200: S.CorrectionEnvelope },
      },
    },
    async (req) => records.decideCorrection(deps.ctx(req), req.params.id, req.body),
  );

  // Transfers (chuyển sinh hoạt)
  r.get(
    '/api/members/transfers',
    {
      config: read,
      schema: { tags, summary: 'Chuyển sinh hoạt đi và đến', querystring: UnitIdQuery, response: { 200: S.TransferList } },
    },
    async (req) => transfers.listTransfers(deps.ctx(req), req.query.unitId),
  );
  r.get(
    '/api/members/transfer-targets',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Tìm chi bộ nhận: theo tên trong phạm vi, theo đúng mã chi bộ ngoài phạm vi',
        querystring: TargetQuery,
        response: { 200: S.TransferTargets },
      },
    },
    async (req) => transferTargets(deps.ctx(req), req.query.q ?? ''),
  );
  r.post(
    '/api/members/transfers/:id/decision',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Nhận / từ chối (bên nhận) hoặc hủy (bên chuyển) đề nghị chuyển sinh hoạt',
        params: UuidParam,
        body: TransferDecisionBody,
        response: { 200: S.TransferEnvelope },
      },
    },
    async (req) => transfers.decideTransfer(deps.ctx(req), req.params.id, req.body.decision, req.body.note),
  );

  // One member
  r.get(
    '/api/members/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'Hồ sơ đảng viên (mỗi lần xem được ghi nhật ký)',
        params: UuidParam,
        response: { 200: S.MemberEnvelope },
      },
    },
    async (req) => records.getMember(deps.ctx(req), req.params.id),
  );
  r.patch(
    '/api/members/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Sửa hồ sơ đảng viên',
        params: UuidParam,
        body: S.UpdateMemberBody,
        response: { 200: S.MemberEnvelope },
      },
    },
    async (req) => records.updateMember(deps.ctx(req), req.params.id, req.body),
  );
  r.post(
    '/api/members/:id/status',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Đổi tình trạng đảng viên (có ngày hiệu lực)',
        params: UuidParam,
        body: S.StatusChangeBody,
        response: { 200: S.MemberEnvelope },
      },
    },
    async (req) => records.changeStatus(deps.ctx(req), req.params.id, req.body),
  );
  r.post(
    '/api/members/:id/fix',
    {
      config: manage,
      schema: { tags, summary: 'Sửa các lỗi chắc chắn của một hồ sơ', params: UuidParam, response: { 200: S.FixResult } },
    },
    async (req) => std.fixMember(deps.ctx(req), req.params.id),
  );
  r.post(
    '/api/members/:id/transfers',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Đề nghị chuyển sinh hoạt (bên chuyển đi)',
        params: UuidParam,
        body: S.TransferBody,
        response: { 200: S.TransferEnvelope },
      },
    },
    async (req) => transfers.requestTransfer(deps.ctx(req), req.params.id, req.body),
  );

  // E-card photo: staff of the member's cell, or the member (below); never on the public check.
  r.get(
    '/api/members/:id/photo',
    { config: read, schema: { tags, summary: 'Ảnh thẻ của đảng viên', params: UuidParam, querystring: PhotoQuery } },
    async (req, reply) =>
      sendStoredFile(
        req,
        reply,
        deps.storage,
        await photos.memberPhotoFile(deps.ctx(req), req.params.id, req.query.thumb === '1'),
      ),
  );
  r.post(
    '/api/members/:id/photo',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Tải ảnh thẻ cho đảng viên (ảnh được kiểm tra, bỏ EXIF, thu nhỏ)',
        params: UuidParam,
        response: { 200: PhotoResult },
      },
    },
    async (req) => photos.uploadMemberPhoto(deps.ctx(req), req, deps.storage, req.params.id),
  );
  r.get(
    '/api/me/card/photo',
    { config: self, schema: { tags, summary: 'Ảnh thẻ của tôi', querystring: PhotoQuery } },
    async (req, reply) =>
      sendStoredFile(req, reply, deps.storage, await photos.ownPhotoFile(deps.ctx(req), req.query.thumb === '1')),
  );
  r.post(
    '/api/me/card/photo',
    { config: self, schema: { tags, summary: 'Tải ảnh thẻ của tôi', response: { 200: PhotoResult } } },
    async (req) => photos.uploadOwnPhoto(deps.ctx(req), req, deps.storage),
  );

  // The member's own record, corrections and e-card
  r.get(
    '/api/me/member',
    { config: self, schema: { tags, summary: 'Hồ sơ của tôi', response: { 200: S.MemberEnvelope } } },
    async (req) => records.getOwnMember(deps.ctx(req)),
  );
  r.get(
    '/api/me/member/corrections',
    { config: self, schema: { tags, summary: 'Đề nghị sửa hồ sơ của tôi', response: { 200: S.CorrectionList } } },
    async (req) => records.ownCorrections(deps.ctx(req)),
  );
  r.post(
    '/api/me/member/corrections',
    {
      config: self,
      schema: {
        tags,
        summary: 'Đề nghị sửa một trường trong hồ sơ của tôi',
        body: S.CorrectionBody,
        response: { 200: S.CorrectionEnvelope },
      },
    },
    async (req) => records.requestCorrection(deps.ctx(req), req.body),
  );
  r.get(
    '/api/me/card',
    { config: self, schema: { tags, summary: 'Thẻ đảng viên điện tử (mã QR có hạn)', response: { 200: Card } } },
    async (req) => myCard(deps.ctx(req)),
  );
  r.get(
    '/api/cards/verify/:token',
    {
      config: { permission: 'public' },
      schema: { tags, summary: 'Xác minh thẻ đảng viên điện tử', params: TokenParam, response: { 200: CardCheck } },
    },
    async (req) => verifyCard({ db: deps.database.db, config: deps.config, clock: deps.clock }, req.params.token),
  );
}
