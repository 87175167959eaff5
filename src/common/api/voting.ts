/**
 * The voting API's contract, shared by the server (route schemas) and the web (inferred types):
 * a drift between them is a compile error.
 */
import { z } from 'zod';
import { VOTE_KINDS, VOTE_METHODS } from '../voting/rules.ts';
import { Ballot, Tally } from '../voting/tally.ts';
import { EXCLUSION_REASONS } from '../voting/denominator.ts';

export const VOTE_ITEM_STATUSES = ['draft', 'open', 'closed'] as const;
export const VOTE_MODES = ['phones', 'paper'] as const;
export const ELECTION_OFFICES = ['secretary', 'deputy_secretary', 'committee', 'delegates', 'other'] as const;
export const CANDIDATE_SOURCES = ['proposed', 'nominated', 'self'] as const;

const title = z.string().trim().min(1, 'Hãy nhập nội dung biểu quyết.').max(500);
const personName = z.string().trim().min(1, 'Hãy nhập họ tên.').max(200);

export const CandidateInput = z.object({
  name: personName,
  memberId: z.uuid().nullable().optional(),
  source: z.enum(CANDIDATE_SOURCES).default('proposed'),
});
export type CandidateInput = z.input<typeof CandidateInput>;

export const CreateVoteItemBody = z.object({
  kind: z.enum(VOTE_KINDS),
  method: z.enum(VOTE_METHODS),
  mode: z.enum(VOTE_MODES).default('phones'),
  title,
  subjectName: z.string().trim().max(200).default(''),
  subjectMemberId: z.uuid().nullable().optional(),
  office: z.enum(ELECTION_OFFICES).nullable().optional(),
  seats: z.number().int().min(1).max(200).default(1),
  candidates: z.array(CandidateInput).max(300).default([]),
});
export type CreateVoteItemBody = z.input<typeof CreateVoteItemBody>;
export type CreateVoteItemInput = z.infer<typeof CreateVoteItemBody>;

export const UpdateVoteItemBody = CreateVoteItemBody.omit({ kind: true }).partial();
export type UpdateVoteItemBody = z.input<typeof UpdateVoteItemBody>;
export type UpdateVoteItemInput = z.infer<typeof UpdateVoteItemBody>;

export const CastBody = z.object({ clientId: z.uuid(), ballot: Ballot });
export type CastBody = z.infer<typeof CastBody>;

export const TallyBody = z.object({ tally: Tally });
export type TallyBody = z.infer<typeof TallyBody>;

const Counted = z.object({ memberId: z.string(), fullName: z.string(), present: z.boolean() });
const Excluded = z.object({
  memberId: z.string(),
  fullName: z.string(),
  reason: z.enum(EXCLUSION_REASONS),
  reasonText: z.string(),
});
export const RollView = z.object({
  counted: z.array(Counted),
  excluded: z.array(Excluded),
  present: z.number(),
  quorum: z.object({ met: z.boolean(), present: z.number(), counted: z.number(), needed: z.number(), rule: z.string() }),
});
export type RollView = z.infer<typeof RollView>;

const Candidate = z.object({
  id: z.string(),
  name: z.string(),
  memberId: z.string().nullable(),
  source: z.enum(CANDIDATE_SOURCES),
});

const ResultView = z.object({
  valid: z.boolean(),
  base: z.number(),
  baseKind: z.enum(['counted', 'ballots', 'valid']),
  cast: z.number(),
  invalid: z.number(),
  quorum: z.object({ met: z.boolean(), present: z.number(), counted: z.number(), needed: z.number() }),
  outcome: z.union([
    z.object({
      type: z.literal('yes_no'),
      passed: z.boolean(),
      needed: z.number(),
      for: z.number(),
      against: z.number(),
      abstain: z.number(),
      forShare: z.number(),
    }),
    z.object({
      type: z.literal('election'),
      seats: z.number(),
      needed: z.number(),
      tied: z.array(z.string()),
      seatsFilled: z.number(),
      candidates: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          votes: z.number(),
          share: z.number(),
          reached: z.boolean(),
          elected: z.boolean(),
        }),
      ),
    }),
    z.object({
      type: z.literal('confidence'),
      subjects: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          high: z.number(),
          trust: z.number(),
          low: z.number(),
          shares: z.object({ high: z.number(), trust: z.number(), low: z.number() }),
          consequences: z.array(z.string()),
        }),
      ),
    }),
  ]),
});

export const VoteItemView = z.object({
  id: z.string(),
  meetingId: z.string(),
  position: z.number(),
  kind: z.enum(VOTE_KINDS),
  method: z.enum(VOTE_METHODS),
  mode: z.enum(VOTE_MODES),
  title: z.string(),
  subjectName: z.string(),
  office: z.enum(ELECTION_OFFICES).nullable(),
  seats: z.number(),
  status: z.enum(VOTE_ITEM_STATUSES),
  candidates: z.array(Candidate),
  /** The rule in words ("trên 1/2 số đảng viên được tính tán thành") and its regulation. */
  ruleText: z.string(),
  regulation: z.string().nullable(),
  /** Members who have voted so far (phones), never who voted what in a secret ballot. */
  voted: z.number(),
  /** Results in the minutes' words, once closed. */
  minutes: z.array(z.string()),
  result: ResultView.nullable(),
  tally: Tally.nullable(),
  /** The signed-in member: may vote now, has voted (and, for open votes only, how). */
  me: z.object({ canVote: z.boolean(), voted: z.boolean(), why: z.string().nullable(), choice: Ballot.nullable() }),
});
export type VoteItemView = z.infer<typeof VoteItemView>;

export const VoteItemList = z.object({
  items: z.array(VoteItemView),
  /** The denominator from the roll call right now (secretary only; null for members). */
  roll: RollView.nullable(),
  abilities: z.object({ manage: z.boolean() }),
});
export type VoteItemList = z.infer<typeof VoteItemList>;

export const CastResult = z.object({ counted: z.literal(true), replay: z.boolean(), voted: z.number() });
export type CastResult = z.infer<typeof CastResult>;
