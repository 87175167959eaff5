/** The review (kiểm điểm, xếp loại) API's contract, shared by the server's routes and the web. */
import { z } from 'zod';
import { ExtraCriteria, SelfReviewContent } from '../review/criteria.ts';
import { GRADES, MEMBER_FORMS } from '../review/rules.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD');

export const OpenCycleBody = z
  .object({
    unitId: z.uuid(),
    year: z.number().int().min(2000).max(2100),
    referenceDate: day,
    deadlines: z.object({ selfReview: day, residence: day, cellSession: day, decision: day }),
    defaultForm: z.enum(MEMBER_FORMS).default('2B'),
    extraCriteria: ExtraCriteria.default([]),
  })
  .refine(
    (b) =>
      b.deadlines.selfReview <= b.deadlines.residence &&
      b.deadlines.residence <= b.deadlines.cellSession &&
      b.deadlines.cellSession <= b.deadlines.decision,
    {
      message: 'Các hạn phải theo thứ tự: tự kiểm điểm, nhận xét nơi cư trú, chi bộ họp, cấp trên quyết định.',
      path: ['deadlines'],
    },
  );
export type OpenCycleInput = z.infer<typeof OpenCycleBody>;

export const SelfReviewBody = z.object({ content: SelfReviewContent });
export const ReturnBody = z.object({ reason: z.string().trim().min(1, 'Hãy ghi lý do trả lại.').max(2000) });
/** The residence cell by id, or by its code as the member gives it (it may lie outside the secretary's units). */
export const ResidenceRequestBody = z
  .object({ residenceCellId: z.uuid().optional(), residenceCellCode: z.string().trim().min(1).max(100).optional() })
  .refine((b) => !!b.residenceCellId || !!b.residenceCellCode, {
    message: 'Hãy nhập mã chi bộ nơi cư trú.',
    path: ['residenceCellCode'],
  });
export const ResidenceAnswerBody = z.object({ comment: z.string().trim().min(1, 'Hãy viết nhận xét.').max(5000) });

export const ProposalBody = z.object({
  grade: z.enum(GRADES),
  score: z.number().min(0).max(1000).nullable(),
  discussion: z.string().max(20_000).default(''),
  conditionsConfirmed: z.number().int().min(0).max(10).default(0),
});
export type ProposalInput = z.infer<typeof ProposalBody>;

export const DecisionBody = z.object({ grade: z.enum(GRADES), reason: z.string().max(5000).default('') });
export type DecisionInput = z.infer<typeof DecisionBody>;

export const CollectiveBody = z.object({ grade: z.enum(GRADES), note: z.string().max(5000).default('') });
export const PublishBody = z.object({ unitId: z.uuid() });
/** unitId: the unit to show (the cycle's own unit when left out). */
export const StatsQuery = z.object({ unitId: z.uuid().optional() });
export const CyclesQuery = z.object({ unitId: z.uuid() });
