import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';

/** The organization tree and its restructuring history. */
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

export const UNIT_CHANGE_KINDS = ['create', 'rename', 'move', 'merge', 'dissolve'] as const;
export type UnitChangeKind = (typeof UNIT_CHANGE_KINDS)[number];

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
