/**
 * Voting rules as data (DOMAIN.md "Voting"): every threshold, quorum, surplus and denominator
 * exclusion is a field of a versioned rule payload, never a constant in code. The payload is
 * stored with its regulation and effective date (the versioned-rules module); these functions
 * take it as a parameter so the same code applies the 2024 rules and whatever replaces them.
 */
import { z } from 'zod';

/** "More than num/den" (strict) or "at least num/den" of a base. */
export const Fraction = z.object({
  num: z.number().int().min(0),
  den: z.number().int().positive(),
  strict: z.boolean(),
});
export type Fraction = z.infer<typeof Fraction>;

export const VOTE_KINDS = ['resolution', 'election', 'confidence', 'admission', 'official_recognition', 'removal'] as const;
export type VoteKind = (typeof VOTE_KINDS)[number];

export const VOTE_METHODS = ['show_of_hands', 'secret'] as const;
export type VoteMethod = (typeof VOTE_METHODS)[number];

/**
 * What a threshold is measured against: the members counted (the denominator of DOMAIN.md),
 * the members who cast a ballot, or the valid ballots.
 */
export const THRESHOLD_BASES = ['counted', 'ballots', 'valid'] as const;
export type ThresholdBase = (typeof THRESHOLD_BASES)[number];

const note = z.string().max(500).default('');

const YesNoKind = z.object({
  methods: z.array(z.enum(VOTE_METHODS)).min(1),
  /** Share of the counted members that must be present for the vote to be taken. */
  quorum: Fraction,
  pass: Fraction,
  base: z.enum(THRESHOLD_BASES),
  note,
});

export const ElectionKind = z.object({
  methods: z.array(z.enum(VOTE_METHODS)).min(1),
  quorum: Fraction,
  /** A winner needs this share of the base. */
  winner: Fraction,
  base: z.enum(THRESHOLD_BASES),
  /** Candidates may exceed the seats by at most this percentage (rounded down). */
  surplusPercent: z.number().min(0).max(100),
  /** A ballot keeping no name at all counts as valid. */
  blankBallotValid: z.boolean(),
  /** A cell with fewer official members than this elects a secretary (and a deputy), not a committee. */
  committeeFromMembers: z.number().int().positive(),
  committeeMaxSeats: z.number().int().positive(),
  note,
});

export const CONFIDENCE_LEVELS = ['high', 'trust', 'low'] as const;
export type ConfidenceLevel = (typeof CONFIDENCE_LEVELS)[number];

export const ConfidenceKind = z.object({
  methods: z.array(z.enum(VOTE_METHODS)).min(1),
  quorum: Fraction,
  base: z.enum(THRESHOLD_BASES),
  /** Stated consequences of a share of "low" votes, most severe last. */
  consequences: z.array(z.object({ code: z.string().regex(/^[a-z_]{1,40}$/), label: z.string().min(1), low: Fraction })),
  note,
});

export const VotingRules = z.object({
  /** Which members of the roll call are left out of the denominator. Probationary members never count. */
  exclude: z.object({
    temporaryElsewhere: z.boolean(),
    /** Members here on temporary activity vote in their official cell, not here. */
    temporaryHere: z.boolean(),
    exemptedAbsent: z.boolean(),
    suspended: z.boolean(),
    detained: z.boolean(),
    absentExcused: z.boolean(),
  }),
  resolution: YesNoKind,
  election: ElectionKind,
  confidence: ConfidenceKind,
  admission: YesNoKind,
  official_recognition: YesNoKind,
  removal: YesNoKind,
});
export type VotingRules = z.infer<typeof VotingRules>;
export type VotingRulesInput = z.input<typeof VotingRules>;

/** Does `count` reach the fraction of `base`? Exact integer arithmetic (no 0.6666… rounding). */
export function reaches(count: number, base: number, f: Fraction): boolean {
  const lhs = count * f.den;
  const rhs = f.num * base;
  return f.strict ? lhs > rhs : lhs >= rhs;
}

/** The smallest count that reaches the fraction of `base` (what the screen announces as "needed"). */
export function needed(base: number, f: Fraction): number {
  const q = Math.floor((f.num * base) / f.den);
  if (f.strict) return q + 1;
  return q * f.den === f.num * base ? q : q + 1;
}

export function fractionText(f: Fraction): string {
  const share = f.num === 1 && f.den === 2 ? '1/2' : `${f.num}/${f.den}`;
  return f.strict ? `trên ${share}` : `từ ${share} trở lên`;
}

/** Candidates allowed for `seats`: seats plus the surplus, rounded down. */
export function maxCandidates(seats: number, surplusPercent: number): number {
  return seats + Math.floor((seats * surplusPercent) / 100 + 1e-9);
}
