/**
 * Voting in meetings (biểu quyết, bầu cử, tín nhiệm). A meeting has vote items; each item keeps the
 * rule version it was opened under, the denominator taken from the roll call at that moment, and,
 * once closed, its tally and result (frozen with the meeting's finalization).
 *
 * Secret ballots: who voted (vote_participation) and what was voted (vote_ballot_boxes) share no
 * column, no id and no timestamp. The box is ONE row per item holding the ballots as a sorted
 * multiset, rewritten in the same transaction that records the voter, so neither the order of
 * rows, nor their ids, nor the transaction ids of the current rows tell which ballot is whose
 * (see SECURITY.md, "Secret ballots", and voting/secrecy.test.ts).
 */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';
import { meetings } from './meetings.ts';
import { members } from './members.ts';
import type { VoteKind, VoteMethod } from '../../../common/voting/rules.ts';
import type { Ballot, Tally, VoteResult } from '../../../common/voting/tally.ts';
import type { Denominator } from '../../../common/voting/denominator.ts';
import type { CANDIDATE_SOURCES, ELECTION_OFFICES, VOTE_ITEM_STATUSES, VOTE_MODES } from '../../../common/api/voting.ts';

export type VoteItemStatus = (typeof VOTE_ITEM_STATUSES)[number];
export type VoteMode = (typeof VOTE_MODES)[number];
export type ElectionOffice = (typeof ELECTION_OFFICES)[number];
export type CandidateSource = (typeof CANDIDATE_SOURCES)[number];

/** The denominator as taken when the item opened, with each excluded member's reason. */
export type RollSnapshot = Denominator & { takenAt: string };

export const voteItems = pgTable(
  'vote_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    kind: text('kind').$type<VoteKind>().notNull(),
    method: text('method').$type<VoteMethod>().notNull(),
    mode: text('mode').$type<VoteMode>().notNull(),
    title: text('title').notNull(),
    /** The person admitted, recognized or removed (a person to be admitted is not a member yet). */
    subjectName: text('subject_name').notNull().default(''),
    subjectMemberId: uuid('subject_member_id').references(() => members.id),
    office: text('office').$type<ElectionOffice>(),
    seats: integer('seats').notNull().default(1),
    status: text('status').$type<VoteItemStatus>().notNull().default('draft'),
    /** The versioned rule the item was opened under (its id and a copy of its payload). */
    ruleVersionId: uuid('rule_version_id'),
    ruleRegulation: text('rule_regulation'),
    rules: jsonb('rules'),
    roll: jsonb('roll').$type<RollSnapshot>(),
    tally: jsonb('tally').$type<Tally>(),
    result: jsonb('result').$type<VoteResult>(),
    openedAt: ts('opened_at'),
    closedAt: ts('closed_at'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('vote_items_meeting_idx').on(t.meetingId, t.position)],
);

/** Candidates of an election, or the people whose confidence is asked. */
export const voteCandidates = pgTable(
  'vote_candidates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => voteItems.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    memberId: uuid('member_id').references(() => members.id),
    name: text('name').notNull(),
    source: text('source').$type<CandidateSource>().notNull().default('proposed'),
  },
  (t) => [index('vote_candidates_item_idx').on(t.itemId, t.position)],
);

/**
 * Who has voted on an item: one row per member (a second ballot is refused, a replay of the same
 * client id answers as the first). No time is kept. `choice` is filled only for open (show of
 * hands) votes, whose choices are public in the room anyway; for secret ballots it stays null.
 */
export const voteParticipation = pgTable(
  'vote_participation',
  {
    itemId: uuid('item_id')
      .notNull()
      .references(() => voteItems.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    clientId: uuid('client_id').notNull().unique(),
    choice: jsonb('choice').$type<Ballot>(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.memberId] })],
);

/** The secret ballots of an item: a sorted multiset, one row per item, with its count. */
export const voteBallotBoxes = pgTable(
  'vote_ballot_boxes',
  {
    itemId: uuid('item_id')
      .primaryKey()
      .references(() => voteItems.id, { onDelete: 'cascade' }),
    ballots: jsonb('ballots')
      .$type<Ballot[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    cast: integer('cast').notNull().default(0),
  },
  () => [],
);
