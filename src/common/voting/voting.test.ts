import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { VOTING_RULES_2024 } from './defaults.ts';
import { denominator, quorum, type RollMember } from './denominator.ts';
import { fractionText, maxCandidates, needed, reaches, VotingRules } from './rules.ts';
import {
  ballotProblem,
  candidateListProblem,
  canonicalBallot,
  committeeSeatsProblem,
  resultOf,
  tallyBallots,
  tallyProblem,
  type Ballot,
  type BallotContext,
  type CandidateRef,
} from './tally.ts';

const rules = VotingRules.parse(VOTING_RULES_2024.payload);

let n = 0;
const uuid = () => `00000000-0000-4000-8000-${(++n).toString().padStart(12, '0')}`;
function member(over: Partial<RollMember> = {}): RollMember {
  return {
    memberId: uuid(),
    fullName: `Đảng viên ${n}`,
    standing: 'official',
    attendance: 'present',
    temporaryElsewhere: false,
    temporaryHere: false,
    suspended: false,
    detained: false,
    ...over,
  };
}

describe('fractions', () => {
  it('compares exactly: "more than half" and "at least two thirds"', () => {
    const half = { num: 1, den: 2, strict: true };
    const twoThirds = { num: 2, den: 3, strict: false };
    expect(reaches(5, 10, half)).toBe(false);
    expect(reaches(6, 10, half)).toBe(true);
    expect(reaches(6, 9, twoThirds)).toBe(true); // 6/9 is exactly 2/3
    expect(reaches(5, 9, twoThirds)).toBe(false);
    expect(reaches(7, 10, twoThirds)).toBe(true);
    expect(reaches(6, 10, twoThirds)).toBe(false);
    expect(needed(10, half)).toBe(6);
    expect(needed(9, half)).toBe(5);
    expect(needed(9, twoThirds)).toBe(6);
    expect(needed(10, twoThirds)).toBe(7);
    expect(fractionText(half)).toBe('trên 1/2');
    expect(fractionText(twoThirds)).toBe('từ 2/3 trở lên');
  });

  it('needed() is the least count that reaches the fraction', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.boolean(),
        (base, a, b, strict) => {
          const f = { num: Math.min(a, b), den: Math.max(a, b), strict };
          const k = needed(base, f);
          expect(reaches(k, base, f)).toBe(true);
          if (k > 0) expect(reaches(k - 1, base, f)).toBe(false);
        },
      ),
    );
  });
});

describe('who counts (the denominator)', () => {
  it('leaves out, with the reason, exactly the members DOMAIN.md lists', () => {
    const roll = [
      member({ fullName: 'Có mặt' }),
      member({ fullName: 'Đến muộn', attendance: 'late' }),
      member({ fullName: 'Vắng không lý do', attendance: 'absent_unexcused' }),
      member({ fullName: 'Chưa điểm danh', attendance: null }),
      member({ fullName: 'Vắng có lý do', attendance: 'absent_excused' }),
      member({ fullName: 'Dự bị', standing: 'probationary' }),
      member({ fullName: 'Sinh hoạt tạm thời nơi khác', temporaryElsewhere: true, attendance: 'absent_unexcused' }),
      member({ fullName: 'Sinh hoạt tạm thời tại chi bộ', temporaryHere: true }),
      member({ fullName: 'Miễn sinh hoạt, vắng', standing: 'exempted', attendance: 'absent_excused' }),
      member({ fullName: 'Miễn sinh hoạt, có mặt', standing: 'exempted' }),
      member({ fullName: 'Đình chỉ', suspended: true, attendance: 'absent_unexcused' }),
      member({ fullName: 'Tạm giam', detained: true, attendance: null }),
    ];
    const d = denominator(roll, rules.exclude);
    expect(d.counted.map((c) => c.fullName)).toEqual([
      'Có mặt',
      'Đến muộn',
      'Vắng không lý do',
      'Chưa điểm danh',
      'Miễn sinh hoạt, có mặt',
    ]);
    expect(d.present).toBe(3);
    expect(Object.fromEntries(d.excluded.map((e) => [e.fullName, e.reason]))).toEqual({
      'Vắng có lý do': 'absent_excused',
      'Dự bị': 'probationary',
      'Sinh hoạt tạm thời nơi khác': 'temporary_elsewhere',
      'Sinh hoạt tạm thời tại chi bộ': 'temporary_here',
      'Miễn sinh hoạt, vắng': 'exempted_absent',
      'Đình chỉ': 'suspended',
      'Tạm giam': 'detained',
    });
  });

  it('follows the rule data: an exclusion turned off counts the member again', () => {
    const roll = [member({ attendance: 'absent_excused' }), member()];
    expect(denominator(roll, rules.exclude).counted).toHaveLength(1);
    expect(denominator(roll, { ...rules.exclude, absentExcused: false }).counted).toHaveLength(2);
    // Probationary members never vote, whatever the data says.
    const p = [member({ standing: 'probationary' })];
    expect(denominator(p, { ...rules.exclude, absentExcused: false }).counted).toHaveLength(0);
  });

  it('checks the quorum against the counted members', () => {
    // 9 counted, 6 present: exactly 2/3, enough for an election; 5 are not.
    const roll = (present: number) =>
      Array.from({ length: 9 }, (_, i) => member({ attendance: i < present ? 'present' : 'absent_unexcused' }));
    expect(quorum(denominator(roll(6), rules.exclude), rules.election.quorum)).toMatchObject({ met: true, needed: 6 });
    expect(quorum(denominator(roll(5), rules.exclude), rules.election.quorum)).toMatchObject({
      met: false,
      present: 5,
      counted: 9,
    });
    // Nobody counted: no quorum.
    expect(quorum(denominator([], rules.exclude), rules.resolution.quorum).met).toBe(false);
  });
});

function ctx(kind: BallotContext['kind'], candidates: CandidateRef[] = [], seats = 1): BallotContext {
  return { kind, candidates, seats, rules };
}
const q = (present: number, counted: number, f = rules.resolution.quorum) => ({
  met: reaches(present, counted, f),
  present,
  counted,
  needed: needed(counted, f),
});

describe('resolutions and admissions', () => {
  it('a resolution passes with more than half of the members counted, not of those present', () => {
    const c = ctx('resolution');
    // 20 counted, 14 present: 10 "for" is exactly half of 20, not enough.
    const t = (f: number) => ({ type: 'yes_no' as const, cast: 14, invalid: 0, for: f, against: 14 - f, abstain: 0 });
    const res10 = resultOf(t(10), c, q(14, 20));
    expect(res10.outcome).toMatchObject({ type: 'yes_no', passed: false, needed: 11 });
    expect(resultOf(t(11), c, q(14, 20)).outcome).toMatchObject({ passed: true, forShare: 55 });
  });

  it('admission needs at least two thirds of the official members counted', () => {
    const c = ctx('admission');
    const t = (f: number) => ({ type: 'yes_no' as const, cast: 9, invalid: 0, for: f, against: 9 - f, abstain: 0 });
    expect(resultOf(t(6), c, q(9, 9, rules.admission.quorum)).outcome).toMatchObject({ passed: true, needed: 6 });
    expect(resultOf(t(5), c, q(9, 9, rules.admission.quorum)).outcome).toMatchObject({ passed: false });
  });

  it('under quorum nothing passes, even unanimously', () => {
    const t = { type: 'yes_no' as const, cast: 4, invalid: 0, for: 4, against: 0, abstain: 0 };
    const r = resultOf(t, ctx('resolution'), q(4, 10));
    expect(r.valid).toBe(false);
    expect(r.outcome).toMatchObject({ passed: false });
  });
});

describe('elections', () => {
  const cands = (k: number) =>
    Array.from({ length: k }, (_, i) => ({ id: uuid(), name: `Ứng viên ${String.fromCharCode(65 + i)}` }));

  it('refuses candidate lists over the 30% surplus', () => {
    expect(maxCandidates(7, 30)).toBe(9);
    expect(maxCandidates(1, 30)).toBe(1);
    expect(maxCandidates(10, 30)).toBe(13);
    expect(candidateListProblem(7, 9, rules)).toBeNull();
    expect(candidateListProblem(7, 10, rules)).toBe(
      'Danh sách có 10 người: số dư vượt quá 30% so với 7 người cần bầu (tối đa 9 người).',
    );
    expect(candidateListProblem(3, 2, rules)).toMatch(/ít hơn số người cần bầu/);
  });

  it('a cell under 9 official members elects a secretary, not a committee of more than 7', () => {
    expect(committeeSeatsProblem(3, 8, rules)).toMatch(/dưới 9/);
    expect(committeeSeatsProblem(5, 9, rules)).toBeNull();
    expect(committeeSeatsProblem(8, 30, rules)).toMatch(/tối đa 7/);
  });

  it('validates each ballot: over-voting, strangers, duplicates, blank', () => {
    const cs = cands(3);
    const c = ctx('election', cs, 2);
    const b = (keep: string[]): Ballot => ({ type: 'election', keep });
    expect(ballotProblem(b([cs[0]!.id, cs[1]!.id]), c)).toBeNull();
    expect(ballotProblem(b(cs.map((x) => x.id)), c)).toMatch(/bầu thừa/);
    expect(ballotProblem(b([uuid()]), c)).toMatch(/không nằm trong danh sách/);
    expect(ballotProblem(b([cs[0]!.id, cs[0]!.id]), c)).toMatch(/một lần/);
    expect(ballotProblem(b([]), c)).toMatch(/gạch hết tên/);
    expect(
      ballotProblem(b([]), { ...c, rules: { ...rules, election: { ...rules.election, blankBallotValid: true } } }),
    ).toBeNull();
    expect(ballotProblem({ type: 'yes_no', choice: 'for' }, c)).toMatch(/không đúng loại/);
  });

  it('a winner needs more than half of the members counted; ties at the last seat go to another round', () => {
    const cs = cands(4);
    const [a, b, cc, d] = cs.map((x) => x.id) as [string, string, string, string];
    const c = ctx('election', cs, 2);
    // 10 counted, all present; A 9, B 6, C 6, D 5 votes: A elected, B and C tied for the second seat.
    const r = resultOf(
      { type: 'election', cast: 10, invalid: 0, votes: { [a]: 9, [b]: 6, [cc]: 6, [d]: 5 } },
      c,
      q(10, 10, rules.election.quorum),
    );
    if (r.outcome.type !== 'election') throw new Error('election expected');
    expect(r.outcome.needed).toBe(6);
    expect(r.outcome.candidates.filter((x) => x.elected).map((x) => x.id)).toEqual([a]);
    expect(new Set(r.outcome.tied)).toEqual(new Set([b, cc]));
    expect(r.outcome.candidates.find((x) => x.id === a)).toMatchObject({ share: 90, reached: true });
    // Exactly half (5 of 10) is not enough.
    expect(r.outcome.candidates.find((x) => x.id === d)?.reached).toBe(false);
  });

  it('the secretary is elected with more than half of the counted members, not of the ballots', () => {
    const cs = cands(1);
    const c = ctx('election', cs, 1);
    // 12 counted, 9 present (≥ 2/3), 6 keep the name: 6 of 12 is not more than half.
    const r = resultOf({ type: 'election', cast: 9, invalid: 1, votes: { [cs[0]!.id]: 6 } }, c, q(9, 12, rules.election.quorum));
    expect(r.valid).toBe(true);
    expect(r.outcome).toMatchObject({ seatsFilled: 0, needed: 7 });
  });
});

describe('confidence votes', () => {
  it('three levels; valid with at least 2/3 attending; over half and two thirds "low" have consequences', () => {
    const cs = [
      { id: uuid(), name: 'Đồng chí A' },
      { id: uuid(), name: 'Đồng chí B' },
      { id: uuid(), name: 'Đồng chí C' },
    ];
    const [a, b, c3] = cs.map((x) => x.id) as [string, string, string];
    const c = ctx('confidence', cs);
    const t = {
      type: 'confidence' as const,
      cast: 12,
      invalid: 0,
      levels: { [a]: { high: 10, trust: 2, low: 0 }, [b]: { high: 2, trust: 3, low: 7 }, [c3]: { high: 0, trust: 4, low: 8 } },
    };
    const ok = resultOf(t, c, q(12, 12, rules.confidence.quorum));
    if (ok.outcome.type !== 'confidence') throw new Error('confidence expected');
    expect(ok.outcome.subjects.map((s) => s.consequences)).toEqual([
      [],
      ['consider_resignation'],
      ['consider_resignation', 'dismissal'],
    ]);
    expect(ok.outcome.subjects[0]!.shares.high).toBeCloseTo(83.33, 2);
    // 7 of 12 attending is under 2/3: not valid, no consequences.
    const under = resultOf({ ...t, cast: 7 }, c, q(7, 12, rules.confidence.quorum));
    expect(under.valid).toBe(false);
    if (under.outcome.type !== 'confidence') throw new Error('confidence expected');
    expect(under.outcome.subjects.every((s) => s.consequences.length === 0)).toBe(true);
  });
});

describe('paper tallies', () => {
  it('refuses tallies that do not add up', () => {
    const c = ctx('resolution');
    expect(tallyProblem({ type: 'yes_no', cast: 10, invalid: 0, for: 6, against: 3, abstain: 1 }, c, 10)).toBeNull();
    expect(tallyProblem({ type: 'yes_no', cast: 10, invalid: 0, for: 6, against: 3, abstain: 0 }, c, 10)).toMatch(/phải bằng/);
    expect(tallyProblem({ type: 'yes_no', cast: 11, invalid: 0, for: 11, against: 0, abstain: 0 }, c, 10)).toMatch(
      /nhiều hơn số đảng viên có mặt/,
    );
    const cs = [
      { id: uuid(), name: 'A' },
      { id: uuid(), name: 'B' },
    ];
    const e = ctx('election', cs, 1);
    expect(tallyProblem({ type: 'election', cast: 5, invalid: 0, votes: { [cs[0]!.id]: 6, [cs[1]!.id]: 0 } }, e, 5)).toMatch(
      /nhiều phiếu hơn/,
    );
    expect(tallyProblem({ type: 'election', cast: 5, invalid: 0, votes: { [cs[0]!.id]: 4, [cs[1]!.id]: 3 } }, e, 5)).toMatch(
      /vượt quá/,
    );
    expect(tallyProblem({ type: 'election', cast: 5, invalid: 0, votes: { [cs[0]!.id]: 4 } }, e, 5)).toMatch(/từng người/);
  });
});

describe('tallies of stored ballots (properties)', () => {
  const candidates = Array.from({ length: 5 }, (_, i) => ({ id: `10000000-0000-4000-8000-00000000000${i}`, name: `C${i}` }));
  const electionBallot = fc
    .subarray(
      candidates.map((c) => c.id),
      { minLength: 0, maxLength: 5 },
    )
    .map((keep): Ballot => ({ type: 'election', keep }));
  const yesNo = fc.constantFrom('for', 'against', 'abstain').map((choice): Ballot => ({ type: 'yes_no', choice }));
  const confidence = fc
    .array(fc.constantFrom('high', 'trust', 'low'), { minLength: 5, maxLength: 5 })
    .map((ls): Ballot => ({ type: 'confidence', levels: Object.fromEntries(ls.map((l, i) => [candidates[i]!.id, l])) }));

  it('every ballot is counted exactly once, and the order of the ballots does not matter', () => {
    fc.assert(
      fc.property(fc.array(electionBallot, { maxLength: 60 }), fc.integer({ min: 1, max: 3 }), (ballots, seats) => {
        const c = ctx('election', candidates, seats);
        const t = tallyBallots(ballots, c);
        if (t.type !== 'election') throw new Error();
        const valid = ballots.filter((b) => !ballotProblem(b, c));
        expect(t.cast).toBe(ballots.length);
        expect(t.cast - t.invalid).toBe(valid.length);
        // Each kept name of each valid ballot is one vote, no more, no less.
        const marks = valid.reduce((s, b) => s + (b.type === 'election' ? b.keep.length : 0), 0);
        expect(Object.values(t.votes).reduce((s, v) => s + v, 0)).toBe(marks);
        for (const cand of candidates)
          expect(t.votes[cand.id]).toBe(valid.filter((b) => b.type === 'election' && b.keep.includes(cand.id)).length);
        // A tally of valid ballots always passes the paper check.
        expect(tallyProblem(t, c, ballots.length)).toBeNull();
        expect(tallyBallots([...ballots].reverse(), c)).toEqual(t);
      }),
    );
  });

  it('yes/no and confidence tallies add up to the stored ballots', () => {
    fc.assert(
      fc.property(fc.array(yesNo, { maxLength: 80 }), (ballots) => {
        const t = tallyBallots(ballots, ctx('resolution'));
        if (t.type !== 'yes_no') throw new Error();
        expect(t.for + t.against + t.abstain).toBe(ballots.length);
        expect(t.for).toBe(ballots.filter((b) => b.type === 'yes_no' && b.choice === 'for').length);
      }),
    );
    fc.assert(
      fc.property(fc.array(confidence, { maxLength: 40 }), (ballots) => {
        const c = ctx('confidence', candidates);
        const t = tallyBallots(ballots, c);
        if (t.type !== 'confidence') throw new Error();
        for (const cand of candidates) {
          const l = t.levels[cand.id]!;
          expect(l.high + l.trust + l.low).toBe(ballots.length);
        }
        expect(tallyProblem(t, c, ballots.length)).toBeNull();
      }),
    );
  });

  it('the canonical form of a ballot ignores the order it was filled in', () => {
    fc.assert(
      fc.property(electionBallot, (b) => {
        if (b.type !== 'election') return;
        expect(canonicalBallot({ type: 'election', keep: [...b.keep].reverse() })).toBe(canonicalBallot(b));
      }),
    );
  });
});
