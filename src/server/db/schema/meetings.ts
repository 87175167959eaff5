/** Cell meetings (sinh hoạt chi bộ): schedule, materials, invitations, roll call, minutes, evaluation. */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
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
} from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';
import { units } from './org.ts';
import { members } from './members.ts';
import { storedFiles } from './files.ts';
import { users } from './accounts.ts';
import type { AttendanceStatus, MeetingKind } from '../../../common/meetings/rules.ts';
import type { RatingCode, RubricDefinition } from '../../../common/meetings/rubric.ts';

export const MEETING_STATUSES = ['scheduled', 'finalized'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const RSVP_ANSWERS = ['pending', 'attend', 'absent'] as const;
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];
export const CHECK_IN_METHODS = ['qr', 'code', 'manual', 'closing'] as const;
export type CheckInMethod = (typeof CHECK_IN_METHODS)[number];
export const MEETING_FILE_PURPOSES = ['material', 'signed_copy'] as const;
export type MeetingFilePurpose = (typeof MEETING_FILE_PURPOSES)[number];

/** Evaluation rubrics as data; the default is seeded by migration. */
export const meetingRubrics = pgTable('meeting_rubrics', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  definition: jsonb('definition').$type<RubricDefinition>().notNull(),
  isDefault: boolean('is_default').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const meetings = pgTable(
  'meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cellId: uuid('cell_id')
      .notNull()
      .references(() => units.id),
    /** 'YYYY-MM' of the start in Vietnam time: the month the meeting counts for. */
    month: text('month').notNull(),
    kind: text('kind').$type<MeetingKind>().notNull(),
    /** A regular meeting combined with a thematic session (120 minutes minimum). */
    withThematic: boolean('with_thematic').notNull().default(false),
    topic: text('topic').notNull().default(''),
    startsAt: ts('starts_at').notNull(),
    plannedEndAt: ts('planned_end_at').notNull(),
    place: text('place').notNull(),
    chairMemberId: uuid('chair_member_id').references(() => members.id),
    minutesTakerMemberId: uuid('minutes_taker_member_id').references(() => members.id),
    status: text('status').$type<MeetingStatus>().notNull().default('scheduled'),
    registeredAt: ts('registered_at').notNull(),
    registrationDeadline: ts('registration_deadline').notNull(),
    registeredLate: boolean('registered_late').notNull(),
    invitedAt: ts('invited_at'),
    draftResolution: text('draft_resolution').notNull().default(''),
    /** First publication of the materials to members; the "< 1 day before" flag reads this. */
    materialsPostedAt: ts('materials_posted_at'),
    materialsUpdatedAt: ts('materials_updated_at'),
    actualStartAt: ts('actual_start_at'),
    actualEndAt: ts('actual_end_at'),
    /** Other minutes content: party fees, criticism and self-criticism, reading of the minutes. */
    minutesNotes: text('minutes_notes').notNull().default(''),
    resolutionText: text('resolution_text').notNull().default(''),
    /** When the final documents were posted (at the first finalization); "> 2 days" is flagged. */
    finalPostedAt: ts('final_posted_at'),
    finalizedAt: ts('finalized_at'),
    finalizedBy: uuid('finalized_by').references(() => users.id),
    rubricId: uuid('rubric_id').references(() => meetingRubrics.id),
    manualScores: jsonb('manual_scores').$type<Record<string, number>>().notNull().default({}),
    totalScore: doublePrecision('total_score'),
    rating: text('rating').$type<RatingCode>(),
    evaluatedAt: ts('evaluated_at'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('meetings_cell_start_idx').on(t.cellId, t.startsAt),
    index('meetings_month_idx').on(t.month, t.cellId),
    // One regular meeting per cell and month; thematic and extraordinary ones may add to it.
    uniqueIndex('meetings_regular_month_uq')
      .on(t.cellId, t.month)
      .where(sql`kind = 'regular'`),
    // The reminder scan (every 15 minutes) looks for not-yet-finalized meetings by start and by end:
    // small partial indexes instead of reading every meeting of every year.
    index('meetings_scheduled_start_idx')
      .on(t.startsAt)
      .where(sql`status = 'scheduled'`),
    index('meetings_scheduled_end_idx')
      .on(sql`coalesce(actual_end_at, planned_end_at)`)
      .where(sql`status = 'scheduled' AND final_posted_at IS NULL`),
  ],
);

export const meetingAgendaItems = pgTable(
  'meeting_agenda_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    conclusion: text('conclusion').notNull().default(''),
  },
  (t) => [index('meeting_agenda_items_meeting_idx').on(t.meetingId, t.position)],
);

/** Each speaker's remarks on an agenda item, by name, for the minutes. */
export const meetingRemarks = pgTable(
  'meeting_remarks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    agendaItemId: uuid('agenda_item_id')
      .notNull()
      .references(() => meetingAgendaItems.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    speakerMemberId: uuid('speaker_member_id').references(() => members.id),
    speakerName: text('speaker_name').notNull(),
    remark: text('remark').notNull(),
  },
  (t) => [index('meeting_remarks_meeting_idx').on(t.meetingId, t.position)],
);

export const meetingTasks = pgTable(
  'meeting_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    ownerMemberId: uuid('owner_member_id').references(() => members.id),
    ownerName: text('owner_name').notNull(),
    dueDate: date('due_date', { mode: 'string' }),
  },
  // The member's home lists "my tasks" by owner and deadline.
  (t) => [
    index('meeting_tasks_meeting_idx').on(t.meetingId, t.position),
    index('meeting_tasks_owner_idx').on(t.ownerMemberId, t.dueDate),
  ],
);

export const meetingGuests = pgTable(
  'meeting_guests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    title: text('title').notNull().default(''),
  },
  (t) => [index('meeting_guests_meeting_idx').on(t.meetingId)],
);

/** Materials (attachments) and photos of the signed paper copies. */
export const meetingFiles = pgTable(
  'meeting_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    purpose: text('purpose').$type<MeetingFilePurpose>().notNull(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => storedFiles.id),
    thumbFileId: uuid('thumb_file_id').references(() => storedFiles.id),
    createdAt: ts('created_at').notNull(),
    createdBy: uuid('created_by'),
  },
  (t) => [index('meeting_files_meeting_idx').on(t.meetingId, t.purpose)],
);

/** One invitation per non-exempted member of the cell, with the member's answer. */
export const meetingInvitations = pgTable(
  'meeting_invitations',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    rsvp: text('rsvp').$type<RsvpAnswer>().notNull().default('pending'),
    rsvpReason: text('rsvp_reason').notNull().default(''),
    respondedAt: ts('responded_at'),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.memberId] }), index('meeting_invitations_member_idx').on(t.memberId)],
);

export const meetingOpinions = pgTable(
  'meeting_opinions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    /** null: an opinion on the draft resolution. */
    agendaItemId: uuid('agenda_item_id').references(() => meetingAgendaItems.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('meeting_opinions_meeting_idx').on(t.meetingId, t.createdAt)],
);

/**
 * The roll call: at most one row per (meeting, member), so a check-in replayed from an offline
 * phone updates the same row and is never counted twice.
 */
export const meetingAttendance = pgTable(
  'meeting_attendance',
  {
    // No foreign key to meetings on the two check-in tables: every concurrent check-in of one
    // meeting would share-lock the same meetings row (multixacts), which halved check-in throughput
    // in a measurement. Rows are only written after the meeting was loaded, and meetings are never deleted.
    meetingId: uuid('meeting_id').notNull(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    status: text('status').$type<AttendanceStatus>().notNull(),
    reason: text('reason').notNull().default(''),
    method: text('method').$type<CheckInMethod>().notNull(),
    checkedInAt: ts('checked_in_at'),
    updatedAt: ts('updated_at').notNull(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.memberId] }), index('meeting_attendance_member_idx').on(t.memberId, t.status)],
);

/** Client-generated ids of check-ins and roll-call changes already applied (offline replay). */
export const meetingClientOps = pgTable(
  'meeting_client_ops',
  {
    clientId: uuid('client_id').primaryKey(),
    // No foreign key: see meeting_attendance.
    meetingId: uuid('meeting_id').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('meeting_client_ops_meeting_idx').on(t.meetingId)],
);

/** Private calendar (ICS) tokens; only the hash is kept. */
export const meetingCalendarTokens = pgTable('meeting_calendar_tokens', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: ts('created_at').notNull(),
});

/**
 * The month's guidance materials published once by an upper-level unit; every cell below sees
 * them in its meeting of that month. (Stand-in until the documents area offers monthly materials.)
 */
export const meetingGuidance = pgTable(
  'meeting_guidance',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    month: text('month').notNull(),
    title: text('title').notNull(),
    url: text('url'),
    fileId: uuid('file_id').references(() => storedFiles.id),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('meeting_guidance_month_idx').on(t.month, t.unitId)],
);
