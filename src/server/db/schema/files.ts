/** Files kept in storage; domain tables (documents, meetings, members) point at these rows. */
import { bigint, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';

export const storedFiles = pgTable(
  'stored_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storageKey: text('storage_key').notNull(),
    /** The name the uploader gave, cleaned of path parts; shown and used in Content-Disposition. */
    originalName: text('original_name').notNull(),
    /** Detected from the bytes, never taken from the client. */
    mime: text('mime').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('stored_files_sha_idx').on(t.sha256)],
);
