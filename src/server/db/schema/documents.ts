import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';
import { units } from './org.ts';
import { members } from './members.ts';
import { users } from './accounts.ts';
import { storedFiles } from './files.ts';

/**
 * The library (thư viện): documents (văn bản), current-affairs news (tin thời sự) and static unit
 * pages share one table, one editorial workflow and one targeting rule, so one search covers them.
 */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** What a library item is. */
export const LIBRARY_KINDS = ['document', 'news', 'page'] as const;
export type LibraryKind = (typeof LIBRARY_KINDS)[number];

/** Editorial workflow: draft → submitted → published → unpublished / archived. */
export const DOCUMENT_STATUSES = ['draft', 'submitted', 'published', 'unpublished', 'archived'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** Current-affairs sections (DOMAIN.md) for news, and the two kinds of static page. */
export const NEWS_CATEGORIES = ['international', 'national', 'provincial', 'local', 'policy'] as const;
export const PAGE_CATEGORIES = ['history', 'help'] as const;

/** Text layer of a file: extracted, a scan with no text (needs OCR), or a kind we do not read. */
export const TEXT_STATUSES = ['extracted', 'no_text_layer', 'none'] as const;
export type TextStatus = (typeof TEXT_STATUSES)[number];

export const FILE_KINDS = ['pdf', 'docx', 'xlsx', 'image', 'video'] as const;
export type LibraryFileKind = (typeof FILE_KINDS)[number];

/** Document types with the code used in symbols (NQ, CT, HD, ...). Data: admins add more. */
export const documentTypes = pgTable('document_types', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** Issuing bodies with their symbol code (TW, TU, BTCTW, ...). Data: admins add more. */
export const documentIssuers = pgTable('document_issuers', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<LibraryKind>().notNull().default('document'),
    /** The unit whose editorial board owns the item; its editors and approvers manage it. */
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    /** Số ký hiệu as entered, e.g. "57-NQ/TW", and its parts. */
    symbol: text('symbol'),
    symbolNumber: text('symbol_number'),
    /** Folded canonical symbol "57-nq/tw", for exact symbol matches and duplicate checks. */
    symbolKey: text('symbol_key'),
    typeCode: text('type_code').references(() => documentTypes.code),
    issuerCode: text('issuer_code').references(() => documentIssuers.code),
    issueDate: date('issue_date', { mode: 'string' }),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    topics: jsonb('topics').$type<string[]>().notNull().default([]),
    /** News section or page kind; null for documents. */
    category: text('category'),
    /** News and pages: sanitized HTML (sanitize-html at save). */
    bodyHtml: text('body_html').notNull().default(''),
    coverFileId: uuid('cover_file_id').references(() => storedFiles.id),
    status: text('status').$type<DocumentStatus>().notNull().default('draft'),
    /** Publication time; a future time is a scheduled publication, visible only from then on. */
    publishAt: ts('publish_at'),
    publishedBy: uuid('published_by'),
    /** The approver's comment when sending back. */
    reviewComment: text('review_comment'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    /** Extracted text of the current files (NFC, single spaces), source of snippets. */
    bodyText: text('body_text').notNull().default(''),
    /** bodyText folded character by character: same length, so a position found here is a position there. */
    bodyFolded: text('body_folded').notNull().default(''),
    /** Worst text status of the current PDF/DOCX files ('no_text_layer' when a scan needs OCR). */
    textStatus: text('text_status').$type<TextStatus>().notNull().default('none'),
    /** Folded symbol parts, type and issuer names, title, topics: the "head" that ranks first. */
    searchHead: text('search_head').notNull().default(''),
    /** Stripped tsvector ('simple' over folded text) of head, summary and body. */
    searchTsv: tsvector('search_tsv'),
    /** Head and summary only (stripped): a small vector that ranks title matches without reading the body's. */
    searchHeadTsv: tsvector('search_head_tsv'),
    /** The library's "newest first": issue date, else publication time. Stored so an index can walk it. */
    sortAt: ts('sort_at').generatedAlwaysAs(sql`coalesce((issue_date::timestamp AT TIME ZONE 'UTC'), publish_at)`),
    /**
     * The item's targets (document_targets) as an array, kept by triggers on that table (migration
     * 0019): the visibility test becomes an overlap with the reader's units on the row itself,
     * where a semi-join per candidate row cost a search more than the search.
     */
    targetUnitIds: uuid('target_unit_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
  },
  (t) => [
    index('documents_unit_idx').on(t.unitId, t.status),
    index('documents_status_idx').on(t.kind, t.status, t.publishAt),
    index('documents_symbol_idx').on(t.symbolKey),
    index('documents_type_idx').on(t.typeCode, t.issueDate),
    // fastupdate off: a search must not scan a pending list of unmerged entries (up to 4 MB after
    // a bulk import); items are written rarely and read constantly.
    index('documents_tsv_idx').using('gin', t.searchTsv).with({ fastupdate: false }),
    index('documents_head_tsv_idx').using('gin', t.searchHeadTsv).with({ fastupdate: false }),
    // Search walks published items newest first and stops after one page (see search.service.ts).
    index('documents_published_sort_idx')
      .on(t.sortAt.desc(), t.publishAt.desc(), t.id)
      .where(sql`status = 'published'`),
    index('documents_symbol_number_idx').on(t.symbolNumber, t.typeCode),
  ],
);

/** Units a published item is addressed to; each one's whole subtree may read it. */
export const documentTargets = pgTable(
  'document_targets',
  {
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.unitId] }), index('document_targets_unit_idx').on(t.unitId, t.documentId)],
);

/**
 * Attachments with versions: a `slot` is one attachment; replacing its file adds a version and
 * stamps the old one with who replaced it and when, so nothing is lost.
 */
export const documentFiles = pgTable(
  'document_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    slot: uuid('slot').notNull(),
    version: integer('version').notNull().default(1),
    storedFileId: uuid('stored_file_id')
      .notNull()
      .references(() => storedFiles.id),
    kind: text('kind').$type<LibraryFileKind>().notNull(),
    textStatus: text('text_status').$type<TextStatus>().notNull().default('none'),
    extractedText: text('extracted_text').notNull().default(''),
    /**
     * The reading view: the text as headings, paragraphs and lists (reflow.ts; DOCX through
     * mammoth), escaped or sanitized HTML. null: not made yet (files stored before it existed are
     * converted on their first opening); '' for a scan or a kind with no text.
     */
    readingHtml: text('reading_html'),
    pageCount: integer('page_count'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
    replacedAt: ts('replaced_at'),
    replacedBy: uuid('replaced_by'),
  },
  (t) => [
    index('document_files_doc_idx').on(t.documentId, t.slot, t.version),
    uniqueIndex('document_files_slot_version_uq').on(t.slot, t.version),
  ],
);

/** Read receipts: one row per reader and document, the first and the latest opening. */
export const documentReads = pgTable(
  'document_reads',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    memberId: uuid('member_id').references(() => members.id),
    firstReadAt: ts('first_read_at').notNull(),
    lastReadAt: ts('last_read_at').notNull(),
    readCount: integer('read_count').notNull().default(1),
  },
  (t) => [
    uniqueIndex('document_reads_uq').on(t.documentId, t.userId),
    index('document_reads_member_idx').on(t.memberId, t.documentId),
    index('document_reads_history_idx').on(t.userId, t.lastReadAt),
  ],
);

/** "Xem sau": a member's bookmarks. */
export const documentBookmarks = pgTable(
  'document_bookmarks',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.documentId] })],
);

/**
 * One row: a number raised by triggers whenever documents or their targets change (migration
 * 0020). The search keeps ranked candidate lists in memory per query (search-cache.ts) and reads
 * this number in the same statement as each page, so a list built before a change is never used
 * after it, in this process or another one.
 */
export const libraryState = pgTable('library_state', {
  id: integer('id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
});
