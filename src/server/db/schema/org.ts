import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';

/** The organization tree and its restructuring history. */
import type { UnitChangeKind, UnitStatus, UnitType } from '../../../common/api/org.ts';

// The enums are the API contract's (common/api/org.ts); the tables store them as text.
export { UNIT_CHANGE_KINDS, UNIT_STATUSES, UNIT_TYPES } from '../../../common/api/org.ts';
export type { UnitChangeKind, UnitStatus, UnitType };

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
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
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

/** Restructuring record: who changed the tree, when and why. */
export const unitChanges = pgTable(
  'unit_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').$type<UnitChangeKind>().notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    actorId: uuid('actor_id'),
    at: ts('at').notNull(),
    reason: text('reason').notNull().default(''),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('unit_changes_unit_idx').on(t.unitId, t.at)],
);
