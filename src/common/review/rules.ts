/**
 * The yearly review and grading of members (DOMAIN.md "Annual review and grading") as pure
 * functions over a versioned rule payload: score bands, the cap on "xuất sắc", discipline, who is
 * graded at all. The payload is data with its regulation and effective date; the rules changed in
 * 2023, 2024 and 2025 and will again.
 */
/** Grades from best to worst. */
export const GRADES = ['excellent', 'good', 'fulfilled', 'unfulfilled'] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_TEXT: Record<Grade, string> = {
  excellent: 'Hoàn thành xuất sắc nhiệm vụ',
  good: 'Hoàn thành tốt nhiệm vụ',
  fulfilled: 'Hoàn thành nhiệm vụ',
  unfulfilled: 'Không hoàn thành nhiệm vụ',
};

/** Lower index = better grade. */
export const gradeRank = (g: Grade) => GRADES.indexOf(g);
export const better = (a: Grade, b: Grade) => gradeRank(a) < gradeRank(b);

export const MEMBER_FORMS = ['2A', '2B', '2C'] as const;
export type MemberForm = (typeof MEMBER_FORMS)[number];

/** The rule payload (its zod schema, for writing and checking versions, is in rules-schema.ts: the web needs only this). */
export interface ReviewRules {
  totalPoints: number;
  /** Minimum score of each grade (the worst grade's minimum is 0). */
  bands: { excellent: number; good: number; fulfilled: number; unfulfilled: 0 };
  /** Extra conditions of "xuất sắc" the cell confirms for each member proposed (besides the score). */
  excellentConditions: string[];
  /** Cap on "xuất sắc": at most `percent` of the members graded "tốt" or better (or "tốt" alone) in the cell. */
  excellentCap: { enabled: boolean; percent: number; of: 'good_or_better' | 'good'; rounding: 'floor' | 'round' | 'ceil' };
  /** A member disciplined during the year is graded at most this. */
  discipline: { maxGrade: Grade };
  /** Members admitted less than this many months before the reference date write a review but get no grade. */
  newMemberMonths: number;
  /** Members who work elsewhere need a comment from the residence cell (Quy định 213-QĐ/TW). */
  residenceComment: boolean;
}

/** The grade a score falls in. */
export function bandOf(score: number, r: ReviewRules): Grade {
  if (score >= r.bands.excellent) return 'excellent';
  if (score >= r.bands.good) return 'good';
  if (score >= r.bands.fulfilled) return 'fulfilled';
  return 'unfulfilled';
}

/** How many "xuất sắc" the cell may have, given the other grades; null when there is no cap. */
export function excellentCap(grades: Grade[], r: ReviewRules): number | null {
  const c = r.excellentCap;
  if (!c.enabled) return null;
  const base = grades.filter((g) => (c.of === 'good' ? g === 'good' : g === 'excellent' || g === 'good')).length;
  const exact = (base * c.percent) / 100;
  const fix = 1e-9; // 20% of 15 is 3, not 2.9999…
  return c.rounding === 'floor' ? Math.floor(exact + fix) : c.rounding === 'ceil' ? Math.ceil(exact - fix) : Math.round(exact);
}

export type Eligibility =
  | { included: true; graded: true }
  | { included: true; graded: false; reason: 'new_member' }
  | { included: false; reason: 'exempted' | 'suspended' };

export const ELIGIBILITY_TEXT = {
  new_member: 'Đảng viên mới (chưa đủ 6 tháng): viết kiểm điểm, không xếp loại',
  exempted: 'Được miễn công tác và sinh hoạt đảng: không kiểm điểm, xếp loại',
  suspended: 'Đang bị đình chỉ sinh hoạt đảng: không kiểm điểm, xếp loại',
} as const;

/** Whole months from `from` to `to` (dates 'YYYY-MM-DD'): 2025-01-31 → 2025-07-30 is 5. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  let months = (ty - fy) * 12 + (tm - fm);
  if (td < fd) months--;
  return months;
}

export function eligibility(
  m: { exempted: boolean; suspended: boolean; admissionDate: string | null },
  referenceDate: string,
  r: ReviewRules,
): Eligibility {
  if (m.exempted) return { included: false, reason: 'exempted' };
  if (m.suspended) return { included: false, reason: 'suspended' };
  if (m.admissionDate && monthsBetween(m.admissionDate, referenceDate) < r.newMemberMonths)
    return { included: true, graded: false, reason: 'new_member' };
  return { included: true, graded: true };
}

export interface GradeProblem {
  code: 'not_graded' | 'score_range' | 'score_band' | 'discipline' | 'excellent_conditions' | 'excellent_cap';
  message: string;
}

export interface GradeCheckInput {
  grade: Grade;
  score: number | null;
  graded: boolean;
  disciplined: boolean;
  /** Conditions of "xuất sắc" confirmed for this member. */
  conditionsConfirmed: number;
  /** Grades already given to the other members of the cell at the same step. */
  others: Grade[];
}

/**
 * The checks as the grade is entered, each with a message the secretary (or the committee)
 * understands: not graded at all, a grade above the score's band, discipline, the "xuất sắc"
 * conditions and the cap.
 */
export function gradeProblems(i: GradeCheckInput, r: ReviewRules): GradeProblem[] {
  if (!i.graded)
    return [{ code: 'not_graded', message: 'Đảng viên này không được xếp loại năm nay (đảng viên mới chưa đủ thời gian).' }];
  const out: GradeProblem[] = [];
  if (i.score !== null && (i.score < 0 || i.score > r.totalPoints))
    out.push({ code: 'score_range', message: `Điểm phải từ 0 đến ${r.totalPoints}.` });
  else if (i.score !== null && better(i.grade, bandOf(i.score, r)))
    out.push({
      code: 'score_band',
      message: `${i.score} điểm thuộc mức "${GRADE_TEXT[bandOf(i.score, r)]}": không xếp "${GRADE_TEXT[i.grade]}" được (cần từ ${r.bands[i.grade]} điểm).`,
    });
  if (i.disciplined && better(i.grade, r.discipline.maxGrade))
    out.push({
      code: 'discipline',
      message: `Đảng viên bị kỷ luật trong năm chỉ được xếp loại "${GRADE_TEXT[r.discipline.maxGrade]}" trở xuống.`,
    });
  if (i.grade === 'excellent') {
    if (i.conditionsConfirmed < r.excellentConditions.length)
      out.push({
        code: 'excellent_conditions',
        message: 'Cần xác nhận đủ các điều kiện để xếp loại "Hoàn thành xuất sắc nhiệm vụ".',
      });
    const all = [...i.others, i.grade];
    const cap = excellentCap(all, r);
    const excellent = all.filter((g) => g === 'excellent').length;
    if (cap !== null && excellent > cap) {
      const base = r.excellentCap.of === 'good' ? '"Hoàn thành tốt"' : '"Hoàn thành tốt" trở lên';
      out.push({
        code: 'excellent_cap',
        message: `Số đảng viên "Hoàn thành xuất sắc" không quá ${r.excellentCap.percent}% số xếp loại ${base}: chi bộ được tối đa ${cap}, đây sẽ là người thứ ${excellent}.`,
      });
    }
  }
  return out;
}

/** Count and share (percent, two decimals) of each grade. */
export function gradeCounts(grades: Grade[]): Record<Grade, { count: number; share: number }> {
  const total = grades.length;
  return Object.fromEntries(
    GRADES.map((g) => {
      const count = grades.filter((x) => x === g).length;
      return [g, { count, share: total ? Math.round((count / total) * 10_000) / 100 : 0 }];
    }),
  ) as Record<Grade, { count: number; share: number }>;
}
