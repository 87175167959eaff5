import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleDeps } from '../../app.ts';
import { holdsAnywhere, unitsInScope } from '../../auth/authorize.ts';
import { UuidParam } from '../accounts/accounts.schemas.ts';
import * as docs from './documents.service.ts';
import * as files from './files.service.ts';
import { readingView } from './reading-view.ts';
import * as reading from './reading.service.ts';
import { search, listLibrary } from './search.service.ts';
import { addCode, loadCatalog } from './codes.service.ts';
import {
  CodeBody,
  CodeItem,
  Codes,
  CreateDocumentBody,
  DocumentEnvelope,
  DocumentList,
  DownloadQuery,
  EditorialQuery,
  LibraryAbilities,
  ListQuery,
  Ok,
  PublishBody,
  ReadersQuery,
  Readers,
  ReadingList,
  ReadingViewOut,
  ReadStats,
  ReasonBody,
  SearchQuery,
  SearchResult,
  SendBackBody,
  UpdateDocumentBody,
} from './documents.schemas.ts';

export async function documentsRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['library'];
  const signedIn = { permission: 'authenticated' as const };
  const edit = { permission: 'documents.edit' as const };
  const approve = { permission: 'documents.approve' as const };
  const stats = { permission: 'documents.readStats' as const };

  r.get(
    '/api/library/abilities',
    { config: signedIn, schema: { tags, summary: 'Quyền của người dùng trong thư viện', response: { 200: LibraryAbilities } } },
    async (req) => {
      const actor = deps.ctx(req).actor;
      const unitsFor = (action: 'documents.edit' | 'documents.readStats') =>
        unitsInScope(actor, action).map(({ id, name }) => ({ id, name }));
      return {
        edit: holdsAnywhere(actor, 'documents.edit'),
        approve: holdsAnywhere(actor, 'documents.approve'),
        readStats: holdsAnywhere(actor, 'documents.readStats'),
        manageCodes: holdsAnywhere(actor, 'documents.codes'),
        editUnits: unitsFor('documents.edit'),
        readStatsUnits: unitsFor('documents.readStats'),
      };
    },
  );
  r.get(
    '/api/library/codes',
    { config: signedIn, schema: { tags, summary: 'Danh mục loại văn bản và cơ quan ban hành', response: { 200: Codes } } },
    async (req) => loadCatalog(deps.ctx(req).db),
  );
  r.post(
    '/api/library/codes/types',
    {
      config: { permission: 'documents.codes' },
      schema: { tags, summary: 'Thêm loại văn bản', body: CodeBody, response: { 201: CodeItem } },
    },
    async (req, reply) => reply.status(201).send(await addCode(deps.ctx(req), 'type', req.body)),
  );
  r.post(
    '/api/library/codes/issuers',
    {
      config: { permission: 'documents.codes' },
      schema: { tags, summary: 'Thêm cơ quan ban hành', body: CodeBody, response: { 201: CodeItem } },
    },
    async (req, reply) => reply.status(201).send(await addCode(deps.ctx(req), 'issuer', req.body)),
  );

  r.get(
    '/api/library',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Văn bản, tin tức được đọc (mới nhất trước)',
        querystring: ListQuery,
        response: { 200: DocumentList },
      },
    },
    async (req) => listLibrary(deps.ctx(req), req.query),
  );
  r.get(
    '/api/library/search',
    {
      config: { ...signedIn, rateLimit: 'search' },
      schema: {
        tags,
        summary: 'Tìm văn bản và tin tức (không dấu, số ký hiệu viết tắt, gõ dở)',
        querystring: SearchQuery,
        response: { 200: SearchResult },
      },
    },
    async (req) => search(deps.ctx(req), req.query.q, req.query),
  );
  r.get(
    '/api/library/bookmarks',
    { config: signedIn, schema: { tags, summary: 'Văn bản "Xem sau"', response: { 200: ReadingList } } },
    async (req) => reading.readingList(deps.ctx(req), 'bookmarks'),
  );
  r.get(
    '/api/library/history',
    { config: signedIn, schema: { tags, summary: 'Lịch sử đọc', response: { 200: ReadingList } } },
    async (req) => reading.readingList(deps.ctx(req), 'history'),
  );
  r.get(
    '/api/library/editorial',
    {
      config: edit,
      schema: {
        tags,
        summary: 'Văn bản do Ban Biên tập quản lý (nháp, chờ duyệt...)',
        querystring: EditorialQuery,
        response: { 200: DocumentList },
      },
    },
    async (req) => docs.listEditorial(deps.ctx(req), req.query),
  );
  r.get(
    '/api/library/files/:id',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Xem (inline, hỗ trợ Range) hoặc tải tệp đính kèm',
        params: UuidParam,
        querystring: DownloadQuery,
      },
    },
    async (req, reply) => {
      const ctx = deps.ctx(req);
      return files.serveFile(ctx, deps.storage, req, reply, req.params.id, !!req.query.download);
    },
  );

  r.get(
    '/api/library/files/:id/reading',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Bản đọc trên điện thoại của tệp đính kèm: văn bản dàn lại (tiêu đề, đoạn, danh sách) hoặc "bản quét"',
        params: UuidParam,
        response: { 200: ReadingViewOut },
      },
    },
    async (req, reply) => {
      // The text of a stored file never changes under its id: the phone may keep it.
      reply.header('cache-control', 'private, max-age=86400');
      return readingView(deps.ctx(req), deps.storage, req.params.id);
    },
  );

  r.post(
    '/api/documents',
    {
      config: edit,
      schema: {
        tags,
        summary: 'Tạo bản nháp văn bản / tin / trang',
        body: CreateDocumentBody,
        response: { 201: DocumentEnvelope },
      },
    },
    async (req, reply) => reply.status(201).send(await docs.createDocument(deps.ctx(req), req.body)),
  );
  r.get(
    '/api/documents/:id',
    { config: signedIn, schema: { tags, summary: 'Chi tiết văn bản', params: UuidParam, response: { 200: DocumentEnvelope } } },
    async (req) => docs.getDocument(deps.ctx(req), req.params.id),
  );
  r.patch(
    '/api/documents/:id',
    {
      config: edit,
      schema: {
        tags,
        summary: 'Sửa thông tin văn bản',
        params: UuidParam,
        body: UpdateDocumentBody,
        response: { 200: DocumentEnvelope },
      },
    },
    async (req) => docs.updateDocument(deps.ctx(req), req.params.id, req.body),
  );
  r.post(
    '/api/documents/:id/files',
    {
      config: edit,
      schema: {
        tags,
        summary: 'Tải tệp lên (PDF, DOCX, XLSX, ảnh, MP4); trường "replaces" để thay phiên bản, "purpose=cover" cho ảnh bìa',
        params: UuidParam,
        response: { 200: DocumentEnvelope },
      },
    },
    async (req) => files.uploadFile(deps.ctx(req), deps.storage, req, req.params.id),
  );
  r.post(
    '/api/documents/:id/submit',
    { config: edit, schema: { tags, summary: 'Gửi duyệt', params: UuidParam, response: { 200: DocumentEnvelope } } },
    async (req) => docs.transition(deps.ctx(req), req.params.id, 'submit'),
  );
  r.post(
    '/api/documents/:id/publish',
    {
      config: approve,
      schema: {
        tags,
        summary: 'Xuất bản (ngay hoặc hẹn giờ publishAt)',
        params: UuidParam,
        body: PublishBody,
        response: { 200: DocumentEnvelope },
      },
    },
    async (req) => docs.transition(deps.ctx(req), req.params.id, 'publish', { publishAt: req.body.publishAt }),
  );
  r.post(
    '/api/documents/:id/send-back',
    {
      config: approve,
      schema: { tags, summary: 'Trả lại kèm ý kiến', params: UuidParam, body: SendBackBody, response: { 200: DocumentEnvelope } },
    },
    async (req) => docs.transition(deps.ctx(req), req.params.id, 'sendBack', { comment: req.body.comment }),
  );
  r.post(
    '/api/documents/:id/unpublish',
    {
      config: approve,
      schema: { tags, summary: 'Gỡ xuất bản', params: UuidParam, body: ReasonBody, response: { 200: DocumentEnvelope } },
    },
    async (req) => docs.transition(deps.ctx(req), req.params.id, 'unpublish', { reason: req.body.reason }),
  );
  r.post(
    '/api/documents/:id/archive',
    {
      config: approve,
      schema: { tags, summary: 'Lưu trữ', params: UuidParam, body: ReasonBody, response: { 200: DocumentEnvelope } },
    },
    async (req) => docs.transition(deps.ctx(req), req.params.id, 'archive', { reason: req.body.reason }),
  );
  r.post(
    '/api/documents/:id/read',
    { config: signedIn, schema: { tags, summary: 'Ghi nhận đã đọc (khi mở văn bản)', params: UuidParam, response: { 200: Ok } } },
    async (req) => reading.markRead(deps.ctx(req), req.params.id),
  );
  r.post(
    '/api/documents/:id/bookmark',
    { config: signedIn, schema: { tags, summary: 'Thêm vào "Xem sau"', params: UuidParam, response: { 200: Ok } } },
    async (req) => reading.setBookmark(deps.ctx(req), req.params.id, true),
  );
  r.delete(
    '/api/documents/:id/bookmark',
    { config: signedIn, schema: { tags, summary: 'Bỏ khỏi "Xem sau"', params: UuidParam, response: { 200: Ok } } },
    async (req) => reading.setBookmark(deps.ctx(req), req.params.id, false),
  );
  r.get(
    '/api/documents/:id/cover',
    { config: signedIn, schema: { tags, summary: 'Ảnh bìa', params: UuidParam } },
    async (req, reply) => files.serveCover(deps.ctx(req), deps.storage, req, reply, req.params.id),
  );
  r.get(
    '/api/documents/:id/readers',
    {
      config: stats,
      schema: {
        tags,
        summary: 'Ai trong chi bộ đã đọc, ai chưa',
        params: UuidParam,
        querystring: ReadersQuery,
        response: { 200: Readers },
      },
    },
    async (req) => reading.readers(deps.ctx(req), req.params.id, req.query.unitId),
  );
  r.get(
    '/api/documents/:id/read-stats',
    {
      config: stats,
      schema: {
        tags,
        summary: 'Tỷ lệ đã đọc theo đơn vị trực thuộc',
        params: UuidParam,
        querystring: ReadersQuery,
        response: { 200: ReadStats },
      },
    },
    async (req) => reading.readStats(deps.ctx(req), req.params.id, req.query.unitId),
  );
}
