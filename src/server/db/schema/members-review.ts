import { date, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';
import { storedFiles } from './files.ts';
import { members } from './members.ts';

/**
 * A pair of records with the same name key and date of birth that a person looked at and found to
 * be two different people ("không trùng"). The pair is stored in a fixed order (member_a < member_b)
 * so it is found whichever side is asked about; the name key and date are kept as they were when
 * reviewed, so a later edit of either record that changes them brings the pair back to review.
 */
export const memberDuplicateDismissals = pgTable(
  'member_duplicate_dismissals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberA: uuid('member_a')
      .notNull()
      .references(() => members.id),
    memberB: uuid('member_b')
      .notNull()
      .references(() => members.id),
    nameKey: text('name_key').notNull(),
    dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
    note: text('note').notNull().default(''),
    dismissedBy: uuid('dismissed_by'),
    dismissedAt: ts('dismissed_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('member_duplicate_dismissals_pair_uq').on(t.memberA, t.memberB),
    index('member_duplicate_dismissals_b_idx').on(t.memberB),
  ],
);

/**
 * The member's photo on the e-card: a re-encoded JPEG (EXIF and GPS dropped) and a thumbnail,
 * one row per member (a new upload replaces the old one). Never shown on the public verification page.
 */
export const memberPhotos = pgTable('member_photos', {
  memberId: uuid('member_id')
    .primaryKey()
    .references(() => members.id),
  fileId: uuid('file_id')
    .notNull()
    .references(() => storedFiles.id),
  thumbFileId: uuid('thumb_file_id')
    .notNull()
    .references(() => storedFiles.id),
  uploadedBy: uuid('uploaded_by'),
  uploadedAt: ts('uploaded_at').notNull().defaultNow(),
});
