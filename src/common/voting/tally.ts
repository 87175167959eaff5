/**
 * Ballots, tallies and results. A ballot cast on a phone and a tally the counting committee types
 * from paper ballots (or raised cards) end up as the same Tally, and one function turns a Tally
 * into the result by the rule: valid or not (quorum), passed or not, winners with their shares.
 */
import { z } from 'zod';
import {
  CONFIDENCE_LEVELS,
  maxCandidates,
  needed,
  reaches,
  type ConfidenceLevel,
  type VoteKind,
  type VotingRules,
} from './rules.ts';
import type { QuorumCheck } from './denominator.ts';

export const YES_NO_CHOICES = ['for', 'against', 'abstain'] as const;
export type YesNoChoice = (typeof YES_NO_CHOICES)[number];

const id = z.string().uuid();

export const Ballot = z.discriminatedUnion('type', [
  z.object({ type: z.literal('yes_no'), choice: z.enum(YES_NO_CHOICES) }),
  /** The names kept on the ballot (the others are crossed out). */
  z.object({ type: z.literal('election'), keep: z.array(id).max(200) }),
  /** One level per person whose confidence is asked. */
  z.object({ type: z.literal('confidence'), levels: z.record(id, z.enum(CONFIDENCE_LEVELS)) }),
]);
export type Ballot = z.infer<typeof Ballot>;

export type BallotType = Ballot['type'];

export function ballotTypeOf(kind: VoteKind): BallotType {
  if (kind === 'election') return 'election';
  if (kind === 'confidence') return 'confidence';
  return 'yes_no';
}

const count = z.number().int().min(0).max(1_000_000);

export const Tally = z.discriminatedUnion('type', [
  z.object({ type: z.literal('yes_no'), cast: count, invalid: count, for: count, against: count, abstain: count }),
  z.object({ type: z.literal('election'), cast: count, invalid: count, votes: z.record(id, count) }),
  z.object({
    type: z.literal('confidence'),
    cast: count,
    invalid: count,
    levels: z.record(id, z.object({ high: count, trust: count, low: count })),
  }),
]);
export type Tally = z.infer<typeof Tally>;

export interface CandidateRef {
  id: string;
  name: string;
}

export interface BallotContext {
  kind: VoteKind;
  seats: number;
  candidates: CandidateRef[];
  rules: VotingRules;
}

/** Why a ballot is refused (phones) or counted invalid (tallies); null when valid. */
export function ballotProblem(b: Ballot, c: BallotContext): string | null {
  if (b.type !== ballotTypeOf(c.kind)) return 'Phiếu không đúng loại của nội dung biểu quyết.';
  const known = new Set(c.candidates.map((x) => x.id));
  if (b.type === 'election') {
    if (new Set(b.keep).size !== b.keep.length) return 'Một người chỉ được chọn một lần.';
    if (b.keep.some((k) => !known.has(k))) return 'Phiếu có người không nằm trong danh sách bầu cử.';
    if (b.keep.length > c.seats) return `Phiếu bầu thừa: chỉ được giữ lại tối đa ${c.seats} người.`;
    if (b.keep.length === 0 && !c.rules.election.blankBallotValid)
      return 'Phiếu gạch hết tên là phiếu không hợp lệ: hãy giữ lại ít nhất một người.';
    return null;
  }
  if (b.type === 'confidence') {
    const keys = Object.keys(b.levels);
    if (keys.some((k) => !known.has(k))) return 'Phiếu có người không nằm trong danh sách lấy phiếu tín nhiệm.';
    if (keys.length !== known.size) return 'Hãy chọn mức tín nhiệm cho từng người.';
    return null;
  }
  return null;
}

/** One canonical text per ballot content: equal ballots are equal strings (the ballot box is a sorted multiset). */
export function canonicalBallot(b: Ballot): string {
  if (b.type === 'yes_no') return JSON.stringify({ type: b.type, choice: b.choice });
  if (b.type === 'election') return JSON.stringify({ type: b.type, keep: [...b.keep].sort() });
  const levels = Object.fromEntries(Object.entries(b.levels).sort(([a], [z2]) => (a < z2 ? -1 : a > z2 ? 1 : 0)));
  return JSON.stringify({ type: b.type, levels });
}

export function emptyTally(kind: VoteKind, candidates: CandidateRef[]): Tally {
  const t = ballotTypeOf(kind);
  if (t === 'yes_no') return { type: t, cast: 0, invalid: 0, for: 0, against: 0, abstain: 0 };
  if (t === 'election') return { type: t, cast: 0, invalid: 0, votes: Object.fromEntries(candidates.map((c) => [c.id, 0])) };
  return {
    type: t,
    cast: 0,
    invalid: 0,
    levels: Object.fromEntries(candidates.map((c) => [c.id, { high: 0, trust: 0, low: 0 }])),
  };
}

/** Counts every ballot exactly once: invalid ones only in `invalid`. */
export function tallyBallots(ballots: Ballot[], c: BallotContext): Tally {
  const t = emptyTally(c.kind, c.candidates);
  for (const b of ballots) {
    t.cast++;
    if (ballotProblem(b, c)) {
      t.invalid++;
      continue;
    }
    if (t.type === 'yes_no' && b.type === 'yes_no') t[b.choice]++;
    else if (t.type === 'election' && b.type === 'election') for (const k of b.keep) t.votes[k]!++;
    else if (t.type === 'confidence' && b.type === 'confidence')
      for (const [k, level] of Object.entries(b.levels)) t.levels[k]![level as ConfidenceLevel]++;
  }
  return t;
}

/** A tally typed from paper: the parts must add up, and nobody can get more votes than valid ballots. */
export function tallyProblem(t: Tally, c: BallotContext, present: number): string | null {
  if (t.type !== ballotTypeOf(c.kind)) return 'Kết quả không đúng loại của nội dung biểu quyết.';
  if (t.cast > present) return `Số phiếu thu về (${t.cast}) nhiều hơn số đảng viên có mặt được biểu quyết (${present}).`;
  if (t.invalid > t.cast) return 'Số phiếu không hợp lệ lớn hơn số phiếu thu về.';
  const valid = t.cast - t.invalid;
  const ids = new Set(c.candidates.map((x) => x.id));
  if (t.type === 'yes_no') {
    if (t.for + t.against + t.abstain !== valid)
      return `Tán thành + không tán thành + không biểu quyết (${t.for + t.against + t.abstain}) phải bằng số phiếu hợp lệ (${valid}).`;
    return null;
  }
  if (t.type === 'election') {
    const keys = Object.keys(t.votes);
    if (keys.length !== ids.size || keys.some((k) => !ids.has(k)))
      return 'Cần nhập số phiếu của đúng từng người trong danh sách.';
    for (const cand of c.candidates)
      if (t.votes[cand.id]! > valid) return `${cand.name} không thể có nhiều phiếu hơn số phiếu hợp lệ (${valid}).`;
    const sum = Object.values(t.votes).reduce((s, v) => s + v, 0);
    if (sum > valid * c.seats)
      return `Tổng số phiếu bầu (${sum}) vượt quá số phiếu hợp lệ × số người cần bầu (${valid * c.seats}).`;
    return null;
  }
  const keys = Object.keys(t.levels);
  if (keys.length !== ids.size || keys.some((k) => !ids.has(k))) return 'Cần nhập kết quả của đúng từng người được lấy phiếu.';
  for (const cand of c.candidates) {
    const l = t.levels[cand.id]!;
    if (l.high + l.trust + l.low !== valid)
      return `Tổng ba mức tín nhiệm của ${cand.name} (${l.high + l.trust + l.low}) phải bằng số phiếu hợp lệ (${valid}).`;
  }
  return null;
}

/** A candidate list the rule refuses (the 30% surplus, seats of a cell); null when it may be put to the vote. */
export function candidateListProblem(seats: number, candidates: number, rules: VotingRules): string | null {
  if (seats < 1) return 'Số người cần bầu phải từ 1 trở lên.';
  if (candidates < seats) return `Danh sách có ${candidates} người, ít hơn số người cần bầu (${seats}).`;
  const max = maxCandidates(seats, rules.election.surplusPercent);
  if (candidates > max)
    return `Danh sách có ${candidates} người: số dư vượt quá ${rules.election.surplusPercent}% so với ${seats} người cần bầu (tối đa ${max} người).`;
  return null;
}

/** A committee election in a cell: fewer than 9 official members elect a secretary (and a deputy); at most 7 seats. */
export function committeeSeatsProblem(seats: number, officialMembers: number, rules: VotingRules): string | null {
  const e = rules.election;
  if (officialMembers < e.committeeFromMembers)
    return `Chi bộ có ${officialMembers} đảng viên chính thức (dưới ${e.committeeFromMembers}): bầu bí thư (và phó bí thư), không bầu chi ủy.`;
  if (seats > e.committeeMaxSeats) return `Chi ủy có tối đa ${e.committeeMaxSeats} ủy viên.`;
  return null;
}

const pct = (n: number, base: number) => (base > 0 ? Math.round((n / base) * 10_000) / 100 : 0);

export interface YesNoResult {
  type: 'yes_no';
  passed: boolean;
  needed: number;
  for: number;
  against: number;
  abstain: number;
  forShare: number;
}

export interface ElectionResult {
  type: 'election';
  seats: number;
  candidates: Array<{ id: string; name: string; votes: number; share: number; reached: boolean; elected: boolean }>;
  needed: number;
  /** Tied at the last seat(s): these need another round. */
  tied: string[];
  seatsFilled: number;
}

export interface ConfidenceResult {
  type: 'confidence';
  subjects: Array<{
    id: string;
    name: string;
    high: number;
    trust: number;
    low: number;
    shares: Record<ConfidenceLevel, number>;
    consequences: string[];
  }>;
}

export interface VoteResult {
  /** The vote stands only when the quorum was present. */
  valid: boolean;
  quorum: QuorumCheck;
  /** The number every threshold was measured against, and what it is. */
  base: number;
  baseKind: VotingRules['resolution']['base'];
  cast: number;
  invalid: number;
  outcome: YesNoResult | ElectionResult | ConfidenceResult;
}

function baseOf(kind: VotingRules['resolution']['base'], counted: number, t: Tally): number {
  if (kind === 'counted') return counted;
  if (kind === 'ballots') return t.cast;
  return t.cast - t.invalid;
}

/** The result of a vote by its rule. */
export function resultOf(t: Tally, c: BallotContext, q: QuorumCheck): VoteResult {
  const r = c.rules;
  if (t.type === 'election') {
    const rule = r.election;
    const base = baseOf(rule.base, q.counted, t);
    const rows = c.candidates
      .map((cand) => {
        const votes = t.votes[cand.id] ?? 0;
        return {
          id: cand.id,
          name: cand.name,
          votes,
          share: pct(votes, base),
          reached: reaches(votes, base, rule.winner),
          elected: false,
        };
      })
      .sort((a, b) => b.votes - a.votes || a.name.localeCompare(b.name, 'vi'));
    const reached = rows.filter((x) => x.reached);
    let tied: string[] = [];
    if (reached.length <= c.seats) reached.forEach((x) => (x.elected = true));
    else {
      const cut = reached[c.seats - 1]!.votes;
      const above = reached.filter((x) => x.votes > cut);
      const atCut = reached.filter((x) => x.votes === cut);
      above.forEach((x) => (x.elected = true));
      const left = c.seats - above.length;
      if (atCut.length <= left) atCut.forEach((x) => (x.elected = true));
      else tied = atCut.map((x) => x.id);
    }
    const valid = q.met;
    if (!valid) rows.forEach((x) => (x.elected = false));
    return {
      valid,
      quorum: q,
      base,
      baseKind: rule.base,
      cast: t.cast,
      invalid: t.invalid,
      outcome: {
        type: 'election',
        seats: c.seats,
        candidates: rows,
        needed: needed(base, rule.winner),
        tied: valid ? tied : [],
        seatsFilled: rows.filter((x) => x.elected).length,
      },
    };
  }
  if (t.type === 'confidence') {
    const rule = r.confidence;
    const base = baseOf(rule.base, q.counted, t);
    const subjects = c.candidates.map((cand) => {
      const l = t.levels[cand.id] ?? { high: 0, trust: 0, low: 0 };
      return {
        id: cand.id,
        name: cand.name,
        ...l,
        shares: { high: pct(l.high, base), trust: pct(l.trust, base), low: pct(l.low, base) },
        consequences: q.met ? rule.consequences.filter((x) => reaches(l.low, base, x.low)).map((x) => x.code) : [],
      };
    });
    return {
      valid: q.met,
      quorum: q,
      base,
      baseKind: rule.base,
      cast: t.cast,
      invalid: t.invalid,
      outcome: { type: 'confidence', subjects },
    };
  }
  const rule = r[c.kind as 'resolution' | 'admission' | 'official_recognition' | 'removal'];
  const base = baseOf(rule.base, q.counted, t);
  return {
    valid: q.met,
    quorum: q,
    base,
    baseKind: rule.base,
    cast: t.cast,
    invalid: t.invalid,
    outcome: {
      type: 'yes_no',
      passed: q.met && reaches(t.for, base, rule.pass),
      needed: needed(base, rule.pass),
      for: t.for,
      against: t.against,
      abstain: t.abstain,
      forShare: pct(t.for, base),
    },
  };
}

export function ruleOf(kind: VoteKind, rules: VotingRules) {
  return rules[kind];
}
