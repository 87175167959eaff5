/**
 * Disciplinary records and suspensions of members. Needed by the rules (a member disciplined in
 * the year is graded at most "không hoàn thành"; suspended or detained members are left out of
 * the vote's denominator and of grading) and shown only to the roles that need them
 * (`discipline.read`: the cell's secretary and deputy, the committees above, the unit admin).
 */
import { date, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';
import { members } from './members.ts';
import { storedFiles } from './files.ts';

/** Forms of party discipline (Điều lệ Đảng): khiển trách, cảnh cáo, cách chức, khai trừ. */
export const DISCIPLINE_FORMS = ['reprimand', 'warning', 'dismissal', 'expulsion'] as const;
export type DisciplineForm = (typeof DISCIPLINE_FORMS)[number];

export const memberDisciplines = pgTable(
  'member_disciplines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    /** The day of the decision: "disciplined during the year" reads this. */
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
    form: text('form').$type<DisciplineForm>().notNull(),
    /** The body that decided, in words ("Ban Thường vụ Đảng ủy phường 1"). */
    decidedBy: text('decided_by').notNull(),
    /** The decision's number and symbol ("12-QĐ/ĐU"). */
    documentNumber: text('document_number').notNull().default(''),
    fileId: uuid('file_id').references(() => storedFiles.id),
    reason: text('reason').notNull().default(''),
    recordedBy: uuid('recorded_by'),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [index('member_disciplines_member_idx').on(t.memberId, t.decidedOn)],
);

/** Suspension of party activity (đình chỉ sinh hoạt đảng) or detention, from a day, until a day or open. */
export const SUSPENSION_KINDS = ['suspended', 'detained'] as const;
export type SuspensionKind = (typeof SUSPENSION_KINDS)[number];

export const memberSuspensions = pgTable(
  'member_suspensions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    kind: text('kind').$type<SuspensionKind>().notNull(),
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    /** Exclusive; null while it lasts. */
    toDate: date('to_date', { mode: 'string' }),
    decidedBy: text('decided_by').notNull().default(''),
    documentNumber: text('document_number').notNull().default(''),
    note: text('note').notNull().default(''),
    recordedBy: uuid('recorded_by'),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [index('member_suspensions_member_idx').on(t.memberId, t.fromDate)],
);
