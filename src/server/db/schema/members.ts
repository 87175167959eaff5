import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, customType, date, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';
import { decryptCccd, encryptCccd } from '../../privacy/cccd-crypto.ts';
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

/**
 * The CCCD encrypted at rest (AES-256-GCM, privacy/cccd-crypto.ts): encrypted on write, decrypted
 * on read, in JS. Never compare it with a value in SQL: look up by `cccd_hash`.
 */
const encryptedCccd = customType<{ data: string; driverData: string }>({
  dataType: () => 'text',
  toDriver: (value) => encryptCccd(value),
  fromDriver: (value) => decryptCccd(value),
});

/** Party members (Đảng viên). Issue 3 extends the record with the full 7-HSĐV columns. */
export const members = pgTable(
  'members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cellId: uuid('cell_id')
      .notNull()
      .references(() => units.id),
    fullName: text('full_name').notNull(),
    nameSearch: text('name_search').notNull(),
    dateOfBirth: date('date_of_birth', { mode: 'string' }),
    sex: text('sex').$type<Sex>(),
    /** Decrypted in the app; every write also sets cccdHash and cccdMasked (withCccdCompanions). */
    cccd: encryptedCccd('cccd_enc'),
    /** HMAC-SHA-256 of the normalized CCCD (keyed): exact lookups without the number in clear. */
    cccdHash: text('cccd_hash'),
    /** Display form for lists ('0*********23'): the first digit and the last two, nothing else in clear. */
    cccdMasked: text('cccd_masked'),
    /** Plaintext CCCD of databases before encryption: emptied at start by privacy/cccd-backfill.ts. */
    legacyCccd: text('cccd'),
    phone: text('phone'),
    partyCardNumber: text('party_card_number'),
    admissionDate: date('admission_date', { mode: 'string' }),
    officialDate: date('official_date', { mode: 'string' }),
    status: text('status').$type<MemberStatus>().notNull().default('official'),
    ethnicity: text('ethnicity'),
    religion: text('religion'),
    hometown: text('hometown'),
    occupation: text('occupation'),
    // Further columns of the standard member list (form 7-HSĐV).
    birthName: text('birth_name'),
    education: text('education'),
    politicalTheory: text('political_theory'),
    professionalQualification: text('professional_qualification'),
    foreignLanguage: text('foreign_language'),
    partyPosition: text('party_position'),
    recordNumber: text('record_number'),
    badgeNumber: text('badge_number'),
    notes: text('notes'),
    /** Date of the latest status change (exemption, transfer, removal, death...); history in member_status_changes. */
    statusDate: date('status_date', { mode: 'string' }),
    /** Duplicate-check key: nameKey(fullName), tone placement and case ignored. */
    nameKey: text('name_key'),
    /** Standardization problems found by the checker (common/members/checks.ts), kept current on every write. */
    problems: jsonb('problems').$type<Array<{ code: string; field: string }>>(),
    /** No problems. Null until the record was first checked (rows loaded before the checker existed). */
    standardized: boolean('standardized'),
    /** The day of the last check: probation overdue depends on the date, so records are rechecked daily. */
    checkedOn: date('checked_on', { mode: 'string' }),
    /** Personal data erased after the retention period (privacy/erasure): the row stays for anonymous statistics. */
    erasedAt: ts('erased_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('members_cell_idx').on(t.cellId),
    uniqueIndex('members_cccd_hash_uq').on(t.cccdHash),
    // A writer that forgets the companions fails loudly instead of leaving a CCCD unsearchable.
    check(
      'members_cccd_companions',
      sql`(${t.cccd} IS NULL) = (${t.cccdHash} IS NULL) AND (${t.cccd} IS NULL) = (${t.cccdMasked} IS NULL)`,
    ),
    index('members_phone_idx').on(t.phone),
    index('members_name_trgm_idx').using('gin', sql`${t.nameSearch} gin_trgm_ops`),
    index('members_name_key_dob_idx').on(t.nameKey, t.dateOfBirth),
  ],
);

/** Which cell a member belonged to over time, so statistics count them in the right cell per period. */
export const memberCellPeriods = pgTable(
  'member_cell_periods',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    cellId: uuid('cell_id')
      .notNull()
      .references(() => units.id),
    validFrom: ts('valid_from').notNull(),
    validTo: ts('valid_to'),
    reason: text('reason').notNull().default(''),
  },
  (t) => [
    index('member_cell_periods_member_idx').on(t.memberId, t.validFrom),
    index('member_cell_periods_cell_idx').on(t.cellId),
  ],
);

/** Every status change with its date (admission, official, exemption, transfer, removal, death). */
export const memberStatusChanges = pgTable(
  'member_status_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    fromStatus: text('from_status').$type<MemberStatus>(),
    toStatus: text('to_status').$type<MemberStatus>().notNull(),
    /** The day the change takes effect (decision date), not when it was typed in. */
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    note: text('note').notNull().default(''),
    actorId: uuid('actor_id'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('member_status_changes_member_idx').on(t.memberId, t.effectiveDate)],
);

export const CORRECTION_STATES = ['pending', 'accepted', 'rejected'] as const;
export type CorrectionState = (typeof CORRECTION_STATES)[number];

/** A member asks for a correction of one field of their record; the secretary or unit admin decides. */
export const memberCorrectionRequests = pgTable(
  'member_correction_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    field: text('field').notNull(),
    currentValue: text('current_value'),
    proposedValue: text('proposed_value').notNull(),
    note: text('note').notNull().default(''),
    state: text('state').$type<CorrectionState>().notNull().default('pending'),
    requestedBy: uuid('requested_by'),
    requestedAt: ts('requested_at').notNull().defaultNow(),
    decidedBy: uuid('decided_by'),
    decidedAt: ts('decided_at'),
    decisionNote: text('decision_note').notNull().default(''),
  },
  (t) => [index('member_correction_requests_member_idx').on(t.memberId, t.state)],
);

export const TRANSFER_STATES = ['requested', 'accepted', 'rejected', 'cancelled', 'returned'] as const;
export type TransferState = (typeof TRANSFER_STATES)[number];

/** Chuyển sinh hoạt between cells: requested by the sending side, accepted by the receiving side. */
export const memberTransfers = pgTable(
  'member_transfers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    fromCellId: uuid('from_cell_id')
      .notNull()
      .references(() => units.id),
    toCellId: uuid('to_cell_id')
      .notNull()
      .references(() => units.id),
    /** The day the member starts in the receiving cell. */
    startDate: date('start_date', { mode: 'string' }).notNull(),
    /** Temporary transfers (chuyển sinh hoạt tạm thời) end here and the member returns. */
    endDate: date('end_date', { mode: 'string' }),
    temporary: boolean('temporary').notNull().default(false),
    reason: text('reason').notNull().default(''),
    state: text('state').$type<TransferState>().notNull().default('requested'),
    requestedBy: uuid('requested_by'),
    requestedAt: ts('requested_at').notNull().defaultNow(),
    decidedBy: uuid('decided_by'),
    decidedAt: ts('decided_at'),
    decisionNote: text('decision_note').notNull().default(''),
  },
  (t) => [
    index('member_transfers_member_idx').on(t.memberId),
    index('member_transfers_to_idx').on(t.toCellId, t.state),
    index('member_transfers_from_idx').on(t.fromCellId, t.state),
  ],
);
