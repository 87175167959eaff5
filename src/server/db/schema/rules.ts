/**
 * Versioned rules (common/rules): one row per version of a rule kind, with its regulation, the
 * day it takes effect and its payload (checked by the kind's zod schema before it is written).
 * A version is never edited or deleted: a mistake is withdrawn (kept, with who and why) and a new
 * version added, so what was in force on any past day can always be shown.
 */
import { sql } from 'drizzle-orm';
import { boolean, date, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';
import { units } from './org.ts';
import { users } from './accounts.ts';

export const ruleSets = pgTable(
  'rule_sets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    version: text('version').notNull(),
    regulation: text('regulation').notNull(),
    /** First Vietnamese calendar day it applies. */
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    /** Optional end (exclusive) for a rule that lapses; otherwise it applies until the next version. */
    effectiveTo: date('effective_to', { mode: 'string' }),
    payload: jsonb('payload').notNull(),
    /** Figures that are only an example (not the regulation in force). */
    example: boolean('example').notNull().default(false),
    note: text('note').notNull().default(''),
    /**
     * A version for one unit's subtree (kinds that allow it); null: the whole installation. The
     * unit's path is read from units when resolving, so a moved unit keeps its own rules.
     */
    unitId: uuid('unit_id').references(() => units.id),
    /** Seeded from the code's defaults (no author) or added by a system admin. */
    seeded: boolean('seeded').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    withdrawnAt: ts('withdrawn_at'),
    withdrawnBy: uuid('withdrawn_by').references(() => users.id),
    withdrawReason: text('withdraw_reason'),
  },
  (t) => [
    // One version name per kind and scope; one live version per first day and scope.
    uniqueIndex('rule_sets_version_uq').on(t.kind, sql`coalesce(${t.unitId}::text, '')`, t.version),
    uniqueIndex('rule_sets_from_uq')
      .on(t.kind, sql`coalesce(${t.unitId}::text, '')`, t.effectiveFrom)
      .where(sql`${t.withdrawnAt} IS NULL`),
    index('rule_sets_kind_idx').on(t.kind, t.effectiveFrom),
  ],
);
