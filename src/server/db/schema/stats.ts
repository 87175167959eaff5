import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';

/**
 * Statistics figures per unit and period (thống kê theo tháng). One row per unit of the tree as it
 * stood when the figures were taken, with the unit's own path then and its DIRECT figures (the
 * members and meetings of the unit itself when it is a cell; zero for the levels above). A unit's
 * figures are the sum over `path LIKE <its path then>%` in the same period, so:
 *  - a past month keeps the tree of that month: moving or merging a cell later changes nothing here;
 *  - the sum over children equals the parent by construction.
 *
 * `period` is 'YYYY-MM' for a monthly snapshot, or 'live' for the current counts that the dashboard
 * reads (refreshed each minute by a job, and on read when older than a minute).
 * A monthly row is `final` once the month-end job wrote it; a final month is never rewritten.
 */
export const statsUnitFigures = pgTable(
  'stats_unit_figures',
  {
    period: text('period').notNull(),
    unitId: uuid('unit_id').notNull(),
    parentId: uuid('parent_id'),
    path: text('path').notNull(),
    depth: integer('depth').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    // Adoption (members of the cell at the time; exempted apart, as on the dashboard).
    members: integer('members').notNull().default(0),
    probationary: integer('probationary').notNull().default(0),
    exempted: integer('exempted').notNull().default(0),
    accounts: integer('accounts').notNull().default(0),
    activated: integer('activated').notNull().default(0),
    active30: integer('active30').notNull().default(0),
    installed: integer('installed').notNull().default(0),
    standardized: integer('standardized').notNull().default(0),
    // Why counted members are not covered (DOMAIN: probationary, no smartphone, not activated); exempted is above.
    notInstalledProbationary: integer('not_installed_probationary').notNull().default(0),
    noPhone: integer('no_phone').notNull().default(0),
    notActivated: integer('not_activated').notNull().default(0),
    // Meetings of the month (1/0 for a cell, 0 above): same rules as the meetings monitor.
    cells: integer('cells').notNull().default(0),
    registered: integer('registered').notNull().default(0),
    registeredOnTime: integer('registered_on_time').notNull().default(0),
    held: integer('held').notNull().default(0),
    materialsOnTime: integer('materials_on_time').notNull().default(0),
    finalizedOnTime: integer('finalized_on_time').notNull().default(0),
    /** Present (or late) over invited, as a percentage; null when no meeting with invitations. */
    attendanceRate: doublePrecision('attendance_rate'),
    // Reading: read receipts first opened in the period by members of the cell, and distinct readers.
    reads: integer('reads').notNull().default(0),
    readers: integer('readers').notNull().default(0),
    final: boolean('final').notNull().default(false),
    takenAt: ts('taken_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.period, t.unitId] }),
    index('stats_unit_figures_path_idx').using('btree', t.period, sql`${t.path} text_pattern_ops`),
  ],
);
