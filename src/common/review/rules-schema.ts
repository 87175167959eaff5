/** The zod schema of the review rule payload (common/review/rules.ts has the type and the pure rules). */
import { z } from 'zod';
import { GRADES, type ReviewRules as ReviewRulesType } from './rules.ts';

export const ReviewRules: z.ZodType<ReviewRulesType> = z.object({
  totalPoints: z.number().positive(),
  /** Minimum score of each grade (the worst grade's minimum is 0). */
  bands: z.object({ excellent: z.number(), good: z.number(), fulfilled: z.number(), unfulfilled: z.literal(0) }),
  /** Extra conditions of "xuất sắc" the cell confirms for each member proposed (besides the score). */
  excellentConditions: z.array(z.string().min(1).max(300)).max(10),
  /** Cap on "xuất sắc": at most `percent` of the members graded "tốt" or better (or "tốt" alone) in the cell. */
  excellentCap: z.object({
    enabled: z.boolean(),
    percent: z.number().min(0).max(100),
    of: z.enum(['good_or_better', 'good']),
    rounding: z.enum(['floor', 'round', 'ceil']),
  }),
  /** A member disciplined during the year is graded at most this. */
  discipline: z.object({ maxGrade: z.enum(GRADES) }),
  /** Members admitted less than this many months before the reference date write a review but get no grade. */
  newMemberMonths: z.number().int().min(0).max(24),
  /** Members who work elsewhere need a comment from the residence cell (Quy định 213-QĐ/TW). */
  residenceComment: z.boolean(),
});
