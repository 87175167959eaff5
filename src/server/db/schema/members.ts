import { sql } from 'drizzle-orm';
import { bigserial, date, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';
import { units } from './org.ts';

/** Member records (Đảng viên) and their cell history. */
export const MEMBER_STATUSES = [
  'probationary', // dự bị
  'official', // chính thức
  'exempted', // miễn công tác và sinh hoạt đảng
  'transferred_out_temporary',
  'transferred_out',
  'removed', // xóa tên
  'expelled', // khai trừ
  'resigned',
  'deceased',
] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];

/** Party members (Đảng viên). Issue 3 extends the record with the full 7-HSĐV columns. */
export const members = pgTable(
  'members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cellId: uuid('cell_id').notNull().references(() => units.id),
    fullName: text('full_name').notNull(),
    nameSearch: text('name_search').notNull(),
    dateOfBirth: date('date_of_birth', { mode: 'string' }),
    sex: text('sex').$type<Sex>(),
    cccd: text('cccd'),
    phone: text('phone'),
    partyCardNumber: text('party_card_number'),
    admissionDate: date('admission_date', { mode: 'string' }),
    officialDate: date('official_date', { mode: 'string' }),
    status: text('status').$type<MemberStatus>().notNull().default('official'),
    ethnicity: text('ethnicity'),
    religion: text('religion'),
    hometown: text('hometown'),
    occupation: text('occupation'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('members_cell_idx').on(t.cellId),
    uniqueIndex('members_cccd_uq').on(t.cccd),
    index('members_phone_idx').on(t.phone),
    index('members_name_trgm_idx').using('gin', sql`${t.nameSearch} gin_trgm_ops`),
  ],
);

/** Which cell a member belonged to over time, so statistics count them in the right cell per period. */
export const memberCellPeriods = pgTable(
  'member_cell_periods',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: uuid('member_id').notNull().references(() => members.id),
    cellId: uuid('cell_id').notNull().references(() => units.id),
    validFrom: ts('valid_from').notNull(),
    validTo: ts('valid_to'),
    reason: text('reason').notNull().default(''),
  },
  (t) => [index('member_cell_periods_member_idx').on(t.memberId, t.validFrom), index('member_cell_periods_cell_idx').on(t.cellId)],
);
