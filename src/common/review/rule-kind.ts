/**
 * The review rules (score bands, the cap on "xuất sắc", discipline, new members) and the criteria
 * sets of forms 2A/2B/2C as versioned rule kinds (common/rules). Criteria sets are unit-scoped: a
 * province adds a version of its own for its subtree (its own criteria), the others keep the central one.
 */
import { z } from 'zod';
import { defineRuleKind } from '../rules/define.ts';
import { CRITERIA_SETS_2025, REVIEW_RULES_2025 } from './defaults.ts';
import { CriteriaSet } from './criteria.ts';
import { ReviewRules } from './rules-schema.ts';
import type { ReviewRules as ReviewRulesType } from './rules.ts';

export const reviewRulesKind = defineRuleKind<ReviewRulesType>({
  kind: 'review.rules',
  title: 'Kiểm điểm, đánh giá, xếp loại đảng viên',
  description:
    'Thang điểm các mức xếp loại, điều kiện và tỷ lệ tối đa "Hoàn thành xuất sắc", mức tối đa khi bị kỷ luật, số tháng của đảng viên mới, nhận xét nơi cư trú.',
  schema: ReviewRules,
  unitScoped: false,
  defaults: [
    {
      version: REVIEW_RULES_2025.version,
      regulation: REVIEW_RULES_2025.regulation,
      effectiveFrom: REVIEW_RULES_2025.effectiveFrom,
      note: 'Tỷ lệ "xuất sắc" không quá 20% số "hoàn thành tốt" là quy định cũ, chưa xác nhận cho năm 2025.',
      payload: REVIEW_RULES_2025.payload,
    },
  ],
});

export const CriteriaSets = z.object({ sets: z.array(CriteriaSet).min(1) }).superRefine((v, ctx) => {
  const forms = v.sets.map((s) => s.form);
  if (new Set(forms).size !== forms.length)
    ctx.addIssue({ code: 'custom', message: 'Mỗi mẫu (2A, 2B, 2C) chỉ có một bộ tiêu chí.' });
});
export type CriteriaSets = z.infer<typeof CriteriaSets>;

export const reviewCriteriaKind = defineRuleKind<CriteriaSets>({
  kind: 'review.criteria',
  title: 'Tiêu chí kiểm điểm (mẫu 2A, 2B, 2C)',
  description: 'Các phần, điểm tối đa và tiêu chí của bản kiểm điểm cá nhân; tỉnh có thể thêm tiêu chí riêng cho đơn vị mình.',
  schema: CriteriaSets,
  unitScoped: true,
  defaults: [
    {
      version: REVIEW_RULES_2025.version,
      regulation: REVIEW_RULES_2025.regulation,
      effectiveFrom: REVIEW_RULES_2025.effectiveFrom,
      payload: { sets: CRITERIA_SETS_2025 },
    },
  ],
});
