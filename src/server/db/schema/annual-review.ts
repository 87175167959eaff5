/**
 * The year's review and grading of members (kiểm điểm, đánh giá, xếp loại đảng viên). A committee
 * opens a cycle for its subtree and year; every member of the subtree gets one entry, which carries
 * the steps: the member's self-review, the residence cell's comment, the cell's proposal and the
 * upper committee's decision. The rules and criteria in force at the opening are copied onto the
 * cycle, so a later version never changes a year already under way.
 */
import {
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
  boolean,
} from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';
import { units } from './org.ts';
import { members } from './members.ts';
import type { Grade, MemberForm, ReviewRules } from '../../../common/review/rules.ts';
import type { CriteriaSet, ExtraCriteria, SelfReviewContent } from '../../../common/review/criteria.ts';

export interface ReviewDeadlines {
  /** Last day of each step, 'YYYY-MM-DD' (Vietnam calendar). */
  selfReview: string;
  residence: string;
  cellSession: string;
  decision: string;
}

export const reviewCycles = pgTable(
  'review_cycles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    year: integer('year').notNull(),
    /** The day "under 6 months" and "disciplined during the year" are measured at. */
    referenceDate: date('reference_date', { mode: 'string' }).notNull(),
    deadlines: jsonb('deadlines').$type<ReviewDeadlines>().notNull(),
    ruleVersionId: uuid('rule_version_id'),
    regulation: text('regulation').notNull(),
    rules: jsonb('rules').$type<ReviewRules>().notNull(),
    criteriaVersionId: uuid('criteria_version_id'),
    /** The criteria sets with the opening committee's own criteria applied. */
    criteria: jsonb('criteria').$type<CriteriaSet[]>().notNull(),
    extraCriteria: jsonb('extra_criteria').$type<ExtraCriteria>().notNull(),
    openedBy: uuid('opened_by'),
    openedAt: ts('opened_at').notNull(),
  },
  (t) => [uniqueIndex('review_cycles_unit_year_uq').on(t.unitId, t.year), index('review_cycles_year_idx').on(t.year)],
);

export const SELF_STATUSES = ['not_started', 'draft', 'submitted', 'returned'] as const;
export type SelfStatus = (typeof SELF_STATUSES)[number];
export const RESIDENCE_STATUSES = ['not_needed', 'needed', 'requested', 'answered'] as const;
export type ResidenceStatus = (typeof RESIDENCE_STATUSES)[number];
export const LEFT_OUT_REASONS = ['exempted', 'suspended'] as const;

export const reviewEntries = pgTable(
  'review_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => reviewCycles.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    /** The member's cell when the cycle opened (a later transfer does not move the entry). */
    cellId: uuid('cell_id')
      .notNull()
      .references(() => units.id),
    form: text('form').$type<MemberForm>().notNull(),
    /** Left out (exempted, suspended): shown with the reason, no steps. */
    included: boolean('included').notNull(),
    graded: boolean('graded').notNull(),
    /** Why not included or not graded ('exempted', 'suspended', 'new_member'). */
    reason: text('reason'),
    selfStatus: text('self_status').$type<SelfStatus>().notNull().default('not_started'),
    selfContent: jsonb('self_content').$type<SelfReviewContent>(),
    selfScore: doublePrecision('self_score'),
    selfGrade: text('self_grade').$type<Grade>(),
    selfSavedAt: ts('self_saved_at'),
    selfSubmittedAt: ts('self_submitted_at'),
    returnReason: text('return_reason').notNull().default(''),
    residenceStatus: text('residence_status').$type<ResidenceStatus>().notNull().default('not_needed'),
    residenceCellId: uuid('residence_cell_id').references(() => units.id),
    residenceComment: text('residence_comment').notNull().default(''),
    residenceBy: uuid('residence_by'),
    residenceAt: ts('residence_at'),
    discussion: text('discussion').notNull().default(''),
    proposedGrade: text('proposed_grade').$type<Grade>(),
    proposedScore: doublePrecision('proposed_score'),
    conditionsConfirmed: integer('conditions_confirmed').notNull().default(0),
    proposedBy: uuid('proposed_by'),
    proposedAt: ts('proposed_at'),
    decidedGrade: text('decided_grade').$type<Grade>(),
    /** Required when the decision differs from the cell's proposal. */
    decisionReason: text('decision_reason').notNull().default(''),
    decidedBy: uuid('decided_by'),
    decidedAt: ts('decided_at'),
    /** Final once published: the member sees the grade and the comments. */
    publishedAt: ts('published_at'),
  },
  (t) => [
    uniqueIndex('review_entries_cycle_member_uq').on(t.cycleId, t.memberId),
    index('review_entries_cell_idx').on(t.cellId, t.cycleId),
    index('review_entries_member_idx').on(t.memberId),
    index('review_entries_residence_idx').on(t.residenceCellId),
  ],
);

/** The cell's own collective self-grade for the year, and the upper committee's decision on it. */
export const reviewCollectives = pgTable(
  'review_collectives',
  {
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => reviewCycles.id, { onDelete: 'cascade' }),
    cellId: uuid('cell_id')
      .notNull()
      .references(() => units.id),
    selfGrade: text('self_grade').$type<Grade>(),
    note: text('note').notNull().default(''),
    decidedGrade: text('decided_grade').$type<Grade>(),
    updatedBy: uuid('updated_by'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.cycleId, t.cellId] })],
);
