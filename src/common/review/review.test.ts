import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CRITERIA_SETS_2025, REVIEW_RULES_2025 } from './defaults.ts';
import { ReviewRules } from './rules-schema.ts';
import { CriteriaSet, SelfReviewContent, selfReviewProblems, selfScore, totalPoints, withExtras } from './criteria.ts';
import {
  bandOf,
  eligibility,
  excellentCap,
  gradeCounts,
  gradeProblems,
  GRADES,
  monthsBetween,
  type Grade,
  type GradeCheckInput,
} from './rules.ts';

const rules = ReviewRules.parse(REVIEW_RULES_2025.payload);
const input = (over: Partial<GradeCheckInput>): GradeCheckInput => ({
  grade: 'good',
  score: 80,
  graded: true,
  disciplined: false,
  conditionsConfirmed: 1,
  others: [],
  ...over,
});
const codes = (i: Partial<GradeCheckInput>, r = rules) => gradeProblems(input(i), r).map((p) => p.code);

describe('score bands (Quy định 366)', () => {
  it('xuất sắc ≥ 90, tốt 70–<90, hoàn thành 50–<70, không hoàn thành < 50', () => {
    expect(bandOf(100, rules)).toBe('excellent');
    expect(bandOf(90, rules)).toBe('excellent');
    expect(bandOf(89.5, rules)).toBe('good');
    expect(bandOf(70, rules)).toBe('good');
    expect(bandOf(69.99, rules)).toBe('fulfilled');
    expect(bandOf(50, rules)).toBe('fulfilled');
    expect(bandOf(49, rules)).toBe('unfulfilled');
    expect(bandOf(0, rules)).toBe('unfulfilled');
  });

  it('a grade above the score band is refused; a lower one is the cell’s call', () => {
    expect(codes({ grade: 'excellent', score: 85 })).toContain('score_band');
    expect(gradeProblems(input({ grade: 'excellent', score: 85 }), rules)[0]!.message).toBe(
      '85 điểm thuộc mức "Hoàn thành tốt nhiệm vụ": không xếp "Hoàn thành xuất sắc nhiệm vụ" được (cần từ 90 điểm).',
    );
    expect(codes({ grade: 'fulfilled', score: 85 })).toEqual([]);
    expect(codes({ grade: 'good', score: 120 })).toEqual(['score_range']);
  });

  it('the bands are the data’s, not the code’s', () => {
    const old = { ...rules, bands: { excellent: 95, good: 75, fulfilled: 50, unfulfilled: 0 as const } };
    expect(bandOf(92, old)).toBe('good');
    expect(codes({ grade: 'excellent', score: 92 }, old)).toContain('score_band');
  });
});

describe('discipline', () => {
  it('a member disciplined during the year is at most "không hoàn thành"', () => {
    expect(codes({ grade: 'fulfilled', score: 60, disciplined: true })).toEqual(['discipline']);
    expect(gradeProblems(input({ grade: 'good', disciplined: true }), rules)[0]!.message).toBe(
      'Đảng viên bị kỷ luật trong năm chỉ được xếp loại "Không hoàn thành nhiệm vụ" trở xuống.',
    );
    expect(codes({ grade: 'unfulfilled', score: 80, disciplined: true })).toEqual([]);
  });

  it('older rules (at most "hoàn thành") are one field of data away', () => {
    const older = { ...rules, discipline: { maxGrade: 'fulfilled' as const } };
    expect(codes({ grade: 'fulfilled', score: 80, disciplined: true }, older)).toEqual([]);
    expect(codes({ grade: 'good', score: 80, disciplined: true }, older)).toEqual(['discipline']);
  });
});

describe('the cap on "xuất sắc"', () => {
  const goods = (k: number): Grade[] => Array.from({ length: k }, () => 'good');

  it('at most 20% of those rated "tốt" or better, rounded down', () => {
    expect(excellentCap([...goods(9), 'excellent'], rules)).toBe(2);
    expect(excellentCap(goods(4), rules)).toBe(0);
    expect(excellentCap([...goods(14), 'excellent'], rules)).toBe(3); // 20% of 15 is 3 exactly
    expect(excellentCap([...goods(5), 'fulfilled', 'unfulfilled'], rules)).toBe(1);
  });

  it('refuses the one "xuất sắc" too many, with the numbers', () => {
    // 10 members: 8 "tốt", 1 "xuất sắc" already; a second one makes 10 rated tốt or better → cap 2: allowed.
    expect(codes({ grade: 'excellent', score: 95, others: [...goods(8), 'excellent'] })).toEqual([]);
    // A third one: 11 rated tốt or better → cap 2: refused.
    const p = gradeProblems(input({ grade: 'excellent', score: 95, others: [...goods(8), 'excellent', 'excellent'] }), rules);
    expect(p.map((x) => x.code)).toEqual(['excellent_cap']);
    expect(p[0]!.message).toBe(
      'Số đảng viên "Hoàn thành xuất sắc" không quá 20% số xếp loại "Hoàn thành tốt" trở lên: chi bộ được tối đa 2, đây sẽ là người thứ 3.',
    );
    // A small cell (4 rated "tốt"): nobody can be "xuất sắc" under the cap.
    expect(codes({ grade: 'excellent', score: 95, others: goods(3) })).toEqual(['excellent_cap']);
    // The cap can be switched off by data.
    expect(
      codes(
        { grade: 'excellent', score: 95, others: goods(3) },
        { ...rules, excellentCap: { ...rules.excellentCap, enabled: false } },
      ),
    ).toEqual([]);
  });

  it('"xuất sắc" needs its extra conditions confirmed', () => {
    expect(codes({ grade: 'excellent', score: 95, conditionsConfirmed: 0, others: goods(9) })).toEqual(['excellent_conditions']);
  });

  it('the cap is never exceeded by grades that pass the check one by one', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<Grade>(...GRADES), { maxLength: 60 }), (wanted) => {
        const given: Grade[] = [];
        for (const g of wanted) {
          if (gradeProblems(input({ grade: g, score: 95, others: given }), rules).length === 0) given.push(g);
        }
        const cap = excellentCap(given, rules)!;
        expect(given.filter((g) => g === 'excellent').length).toBeLessThanOrEqual(cap);
      }),
    );
  });
});

describe('who is reviewed and graded', () => {
  it('months between dates count whole months', () => {
    expect(monthsBetween('2025-01-31', '2025-07-30')).toBe(5);
    expect(monthsBetween('2025-01-31', '2025-07-31')).toBe(6);
    expect(monthsBetween('2024-12-15', '2025-06-15')).toBe(6);
  });

  it('exempted and suspended members are left out; members under 6 months write a review without a grade', () => {
    const ref = '2025-12-15';
    expect(eligibility({ exempted: true, suspended: false, admissionDate: '2000-01-01' }, ref, rules)).toEqual({
      included: false,
      reason: 'exempted',
    });
    expect(eligibility({ exempted: false, suspended: true, admissionDate: '2000-01-01' }, ref, rules)).toEqual({
      included: false,
      reason: 'suspended',
    });
    expect(eligibility({ exempted: false, suspended: false, admissionDate: '2025-07-01' }, ref, rules)).toEqual({
      included: true,
      graded: false,
      reason: 'new_member',
    });
    expect(eligibility({ exempted: false, suspended: false, admissionDate: '2025-06-15' }, ref, rules)).toEqual({
      included: true,
      graded: true,
    });
    expect(codes({ graded: false })).toEqual(['not_graded']);
  });
});

describe('criteria sets and the self-review', () => {
  it('each seeded form has 30 general + 70 task points', () => {
    for (const s of CRITERIA_SETS_2025) {
      expect(CriteriaSet.safeParse(s).success).toBe(true);
      expect(totalPoints(s)).toBe(rules.totalPoints);
    }
  });

  it('a province’s own criteria land in their section of their form', () => {
    const s2c = CRITERIA_SETS_2025.find((s) => s.form === '2C')!;
    const withOwn = withExtras(s2c, [
      { form: '2C', section: 'tasks', label: 'Tham gia xây dựng nông thôn mới' },
      { form: '2B', section: 'tasks', label: 'Không thuộc mẫu này' },
    ]);
    const tasks = withOwn.sections.find((x) => x.key === 'tasks')!;
    expect(tasks.items.at(-1)!.label).toBe('Tham gia xây dựng nông thôn mới');
    expect(tasks.items).toHaveLength(s2c.sections[1]!.items.length + 1);
    expect(totalPoints(withOwn)).toBe(100);
  });

  it('submission needs every part; a draft does not', () => {
    const set = CRITERIA_SETS_2025[1]!;
    const empty = SelfReviewContent.parse({ form: '2B' });
    expect(selfReviewProblems(empty, set, true).map((p) => p.field)).toEqual([
      'strengths',
      'shortcomings',
      'tasks',
      'pledge',
      'scores.general',
      'scores.tasks',
      'selfGrade',
    ]);
    // A new member (not graded) needs no score or grade.
    expect(selfReviewProblems(empty, set, false).map((p) => p.field)).toEqual(['strengths', 'shortcomings', 'tasks', 'pledge']);
    const full = SelfReviewContent.parse({
      form: '2B',
      strengths: 'a',
      shortcomings: 'b',
      tasks: 'c',
      pledge: 'd',
      scores: { general: 31, tasks: 60 },
      selfGrade: 'good',
    });
    expect(selfReviewProblems(full, set, true)).toEqual([
      {
        field: 'scores.general',
        message:
          'Phần "Tiêu chí chung (chính trị tư tưởng, đạo đức, lối sống, ý thức tổ chức kỷ luật, tự phê bình và phê bình)" tối đa 30 điểm.',
      },
    ]);
    expect(selfScore(full, set)).toBe(91);
  });
});

describe('grade counts', () => {
  it('count and share of each grade', () => {
    const c = gradeCounts(['excellent', 'good', 'good', 'fulfilled']);
    expect(c.good).toEqual({ count: 2, share: 50 });
    expect(c.unfulfilled).toEqual({ count: 0, share: 0 });
  });
});
