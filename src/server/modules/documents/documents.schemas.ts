import { z } from 'zod';
import { DOCUMENT_STATUSES, FILE_KINDS, LIBRARY_KINDS, TEXT_STATUSES } from '../../db/schema.ts';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD');
const code = z.string().trim().min(1).max(20);

export const DocumentFields = z.object({
  symbol: z.string().trim().max(60).nullable().optional(),
  typeCode: code.nullable().optional(),
  issuerCode: code.nullable().optional(),
  issueDate: IsoDate.nullable().optional(),
  title: z.string().trim().min(3, 'Tiêu đề quá ngắn').max(500),
  summary: z.string().trim().max(5000).optional(),
  topics: z.array(z.string().trim().min(1).max(80)).max(20).optional(),
  category: z.string().max(30).nullable().optional(),
  /** News and pages: HTML, sanitized on save. */
  bodyHtml: z.string().max(500_000).optional(),
  /** Units the item is published to (each one's whole subtree reads it); default the owner unit. */
  targetUnitIds: z.array(z.uuid()).max(200).optional(),
});

export const CreateDocumentBody = DocumentFields.extend({ kind: z.enum(LIBRARY_KINDS).default('document'), unitId: z.uuid() });
export const UpdateDocumentBody = DocumentFields.partial();
export const PublishBody = z.object({ publishAt: z.coerce.date().optional() });
export const SendBackBody = z.object({ comment: z.string().trim().min(3, 'Hãy ghi lý do trả lại').max(2000) });
export const ReasonBody = z.object({ reason: z.string().trim().max(1000).default('') });

const Unit = z.object({ id: z.string(), name: z.string() });

export const DocumentSummary = z.object({
  id: z.string(),
  kind: z.enum(LIBRARY_KINDS),
  title: z.string(),
  symbol: z.string().nullable(),
  typeCode: z.string().nullable(),
  typeName: z.string().nullable(),
  issuerCode: z.string().nullable(),
  issuerName: z.string().nullable(),
  issueDate: z.string().nullable(),
  category: z.string().nullable(),
  summary: z.string(),
  status: z.enum(DOCUMENT_STATUSES),
  publishAt: z.date().nullable(),
  textStatus: z.enum(TEXT_STATUSES),
  hasCover: z.boolean(),
  unitName: z.string(),
});

const FileVersion = z.object({
  id: z.string(),
  version: z.number(),
  name: z.string(),
  mime: z.string(),
  size: z.number(),
  createdAt: z.date(),
  createdByName: z.string().nullable(),
  replacedAt: z.date().nullable(),
  replacedByName: z.string().nullable(),
});

export const DocumentFile = FileVersion.extend({
  slot: z.string(),
  kind: z.enum(FILE_KINDS),
  textStatus: z.enum(TEXT_STATUSES),
  pageCount: z.number().nullable(),
  versions: z.array(FileVersion),
});

export const DocumentDetail = DocumentSummary.extend({
  topics: z.array(z.string()),
  bodyHtml: z.string(),
  reviewComment: z.string().nullable(),
  unitId: z.string(),
  targets: z.array(Unit),
  files: z.array(DocumentFile),
  bookmarked: z.boolean(),
  readAt: z.date().nullable(),
  abilities: z.object({
    edit: z.boolean(),
    submit: z.boolean(),
    publish: z.boolean(),
    sendBack: z.boolean(),
    unpublish: z.boolean(),
    archive: z.boolean(),
    readStats: z.boolean(),
  }),
});

export const DocumentEnvelope = z.object({ document: DocumentDetail });
/** total is exact up to search.service's TOTAL_CAP (200); totalCapped says there are more ("200+"). */
export const DocumentList = z.object({ items: z.array(DocumentSummary), total: z.number(), totalCapped: z.boolean() });

export const ListQuery = z.object({
  kind: z.enum(LIBRARY_KINDS).optional(),
  type: code.optional(),
  issuer: code.optional(),
  year: z.coerce.number().int().min(1930).max(2200).optional(),
  unitId: z.uuid().optional(),
  category: z.string().max(30).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export const SearchQuery = ListQuery.extend({ q: z.string().max(200).default('') });
export const EditorialQuery = z.object({
  status: z.enum(DOCUMENT_STATUSES).optional(),
  kind: z.enum(LIBRARY_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

const SnippetPart = z.object({ text: z.string(), mark: z.boolean() });
export const SearchResult = z.object({
  items: z.array(
    DocumentSummary.extend({ snippet: z.array(SnippetPart), matchedIn: z.enum(['symbol', 'title', 'text', 'none']) }),
  ),
  total: z.number(),
  totalCapped: z.boolean(),
  tookMs: z.number(),
});

export const DocFileParams = z.object({ id: z.uuid(), fileId: z.uuid() });
export const DownloadQuery = z.object({ download: z.enum(['1', 'true']).optional() });

export const CodeItem = z.object({ code: z.string(), name: z.string() });
export const Codes = z.object({ types: z.array(CodeItem), issuers: z.array(CodeItem) });
export const CodeBody = z.object({
  code: z
    .string()
    .trim()
    .min(1)
    .max(12)
    .regex(/^[\p{L}0-9]+$/u, 'Mã chỉ gồm chữ và số'),
  name: z.string().trim().min(2).max(200),
});

export const LibraryAbilities = z.object({
  edit: z.boolean(),
  approve: z.boolean(),
  readStats: z.boolean(),
  manageCodes: z.boolean(),
  editUnits: z.array(Unit),
  readStatsUnits: z.array(Unit),
});

export const ReadersQuery = z.object({ unitId: z.uuid().optional() });
export const Readers = z.object({
  unit: Unit,
  total: z.number(),
  read: z.number(),
  items: z.array(z.object({ memberId: z.string(), fullName: z.string(), readAt: z.date().nullable() })),
});
export const ReadStats = z.object({
  unit: Unit,
  total: z.number(),
  read: z.number(),
  items: z.array(z.object({ unitId: z.string(), name: z.string(), total: z.number(), read: z.number(), percent: z.number() })),
});

export const ReadingList = z.object({ items: z.array(DocumentSummary.extend({ at: z.date() })) });
export const Ok = z.object({ ok: z.boolean() });

/** GET /api/library/files/:id/reading (reading-view.ts). */
export const ReadingViewOut = z.object({
  fileId: z.uuid(),
  name: z.string(),
  kind: z.string(),
  status: z.enum(['text', 'scan', 'none']),
  html: z.string(),
  pageCount: z.number().nullable(),
});
