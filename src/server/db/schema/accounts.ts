import { index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';
import { members } from './members.ts';
import { units } from './org.ts';

/** Accounts, roles, sessions, activation and sign-in throttling. */
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
    /** TOTP (RFC 6238) secret, base32, once two-factor sign-in is on; the pending one during set-up. */
    totpSecret: text('totp_secret'),
    totpPendingSecret: text('totp_pending_secret'),
    totpEnabledAt: ts('totp_enabled_at'),
    /** The last accepted 30-second step: a code is accepted once, never replayed. */
    totpLastStep: integer('totp_last_step'),
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
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role').$type<Role>().notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
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
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
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
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
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

/** Second step of a two-factor sign-in: password checked, code awaited. Only the token's hash is kept. */
export const authChallenges = pgTable('auth_challenges', {
  id: text('id').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
  attempts: integer('attempts').notNull().default(0),
});

/** One-time recovery codes for two-factor sign-in, hashed. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);
