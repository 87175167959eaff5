/**
 * The database schema (Drizzle, pg-core). One schema for PGlite and PostgreSQL.
 * Migrations are generated from this file with `npm run db:generate` and committed.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Unit types of the organization tree (DOMAIN.md, "Organization tree"). */
export const UNIT_TYPES = [
  'province', // Đảng bộ tỉnh
  'upper_level', // Đảng bộ huyện / thành phố (cấp trên cơ sở)
  'grassroots', // Đảng bộ cơ sở
  'grassroots_cell', // Chi bộ cơ sở
  'sub_unit', // Đảng bộ bộ phận
  'cell', // Chi bộ trực thuộc
] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

export const UNIT_STATUSES = ['active', 'merged', 'dissolved'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

/**
 * Units. `path` is the chain of ancestor ids ending with the unit's own id, as
 * "/<root>/<child>/.../<self>/", so "everything under X" is `path LIKE X.path || '%'`,
 * one range scan on the text_pattern_ops index, whatever the depth.
 */
export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    /** Name folded by foldVietnamese(): no diacritics, one tone style, lower case. */
    nameSearch: text('name_search').notNull(),
    type: text('type').$type<UnitType>().notNull(),
    parentId: uuid('parent_id'),
    path: text('path').notNull(),
    depth: integer('depth').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    status: text('status').$type<UnitStatus>().notNull().default('active'),
    createdAt: ts('created_at').notNull().defaultNow(),
    endedAt: ts('ended_at'),
  },
  (t) => [
    uniqueIndex('units_code_uq').on(t.code),
    index('units_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
    index('units_parent_idx').on(t.parentId, t.sortOrder),
    index('units_name_trgm_idx').using('gin', sql`${t.nameSearch} gin_trgm_ops`),
  ],
);

/**
 * Where each unit sat in the tree over time. A restructuring closes the current rows of
 * the affected units and opens new ones, so a query "as of" a date finds the tree of that
 * day with the same one-range-scan on `path`.
 */
export const unitPlacements = pgTable(
  'unit_placements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    unitId: uuid('unit_id').notNull().references(() => units.id),
    parentId: uuid('parent_id'),
    path: text('path').notNull(),
    validFrom: ts('valid_from').notNull(),
    validTo: ts('valid_to'),
  },
  (t) => [
    index('unit_placements_unit_idx').on(t.unitId, t.validFrom),
    index('unit_placements_path_idx').using('btree', sql`${t.path} text_pattern_ops`, t.validFrom),
  ],
);

export const UNIT_CHANGE_KINDS = ['create', 'rename', 'move', 'merge', 'dissolve'] as const;
export type UnitChangeKind = (typeof UNIT_CHANGE_KINDS)[number];

/** Restructuring record: who changed the tree, when and why. */
export const unitChanges = pgTable(
  'unit_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').$type<UnitChangeKind>().notNull(),
    unitId: uuid('unit_id').notNull().references(() => units.id),
    actorId: uuid('actor_id'),
    at: ts('at').notNull(),
    reason: text('reason').notNull().default(''),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('unit_changes_unit_idx').on(t.unitId, t.at)],
);

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

export const USER_STATUSES = ['pending', 'active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** Accounts. A member account links to its member record; staff accounts may have none. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id').references(() => members.id),
    username: text('username'),
    phone: text('phone'),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash'),
    /** A 6-digit PIN chosen at assisted activation; used together with the date of birth. */
    pinHash: text('pin_hash'),
    status: text('status').$type<UserStatus>().notNull().default('pending'),
    locale: text('locale').notNull().default('vi'),
    createdAt: ts('created_at').notNull().defaultNow(),
    activatedAt: ts('activated_at'),
    lastSeenAt: ts('last_seen_at'),
  },
  (t) => [
    uniqueIndex('users_username_uq').on(t.username),
    uniqueIndex('users_phone_uq').on(t.phone),
    uniqueIndex('users_member_uq').on(t.memberId),
  ],
);

export const ROLES = [
  'member',
  'cell_secretary',
  'cell_deputy',
  'committee_member',
  'unit_admin',
  'editor',
  'approver',
  'system_admin',
] as const;
export type Role = (typeof ROLES)[number];

/** A role held at a unit, valid for the unit's whole subtree. */
export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id),
    role: text('role').$type<Role>().notNull(),
    unitId: uuid('unit_id').notNull().references(() => units.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [uniqueIndex('role_assignments_uq').on(t.userId, t.role, t.unitId), index('role_assignments_unit_idx').on(t.unitId)],
);

/** Server-side sessions; the cookie carries a random token, the table keeps only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    ip: text('ip').notNull().default(''),
    userAgent: text('user_agent').notNull().default(''),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** One-time activation codes for assisted activation; only a hash of the code is kept. */
export const activationCodes = pgTable(
  'activation_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id),
    codeHash: text('code_hash').notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    createdBy: uuid('created_by'),
  },
  (t) => [uniqueIndex('activation_codes_hash_uq').on(t.codeHash), index('activation_codes_user_idx').on(t.userId)],
);

/** Failure counters for sign-in and activation, per account and per address. */
export const authThrottle = pgTable('auth_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStart: ts('window_start').notNull(),
  lockedUntil: ts('locked_until'),
});

/** Audit log: every write, with actor, target, unit and changed fields. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    unitId: uuid('unit_id'),
    /** The unit's path at the time of the write, so scoping the log stays one range scan. */
    unitPath: text('unit_path'),
    requestId: text('request_id'),
    changes: jsonb('changes').$type<Record<string, { old: unknown; new: unknown }>>().notNull().default({}),
  },
  (t) => [
    index('audit_log_unit_path_idx').using('btree', sql`${t.unitPath} text_pattern_ops`, t.at),
    index('audit_log_at_idx').on(t.at),
    index('audit_log_target_idx').on(t.targetType, t.targetId),
  ],
);

/** Key-value settings kept by the installation (secrets generated in embedded mode live in files instead). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
