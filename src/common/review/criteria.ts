/**
 * Criteria sets of the self-review forms (2A leaders and managers, 2B other members in the
 * political system, 2C members outside it) as data: sections with their points (30 general, 70
 * task results under Quy định 366-QĐ/TW) and the criteria each section asks about. A province adds
 * its own criteria to a section when it opens the year's review; the points stay the section's.
 */
import { z } from 'zod';
import { MEMBER_FORMS, GRADES } from './rules.ts';

const key = z.string().regex(/^[a-z][a-z0-9_]{0,40}$/);

export const CriteriaItem = z.object({ key, label: z.string().min(1).max(500) });
export const CriteriaSection = z.object({
  key,
  label: z.string().min(1).max(200),
  max: z.number().positive(),
  items: z.array(CriteriaItem).max(40),
});
export const CriteriaSet = z
  .object({ form: z.enum(MEMBER_FORMS), title: z.string().min(1).max(200), sections: z.array(CriteriaSection).min(1).max(10) })
  .superRefine((s, ctx) => {
    const keys = s.sections.flatMap((x) => [x.key, ...x.items.map((i) => i.key)]);
    if (new Set(keys).size !== keys.length) ctx.addIssue({ code: 'custom', message: 'Mã tiêu chí bị trùng.' });
  });
export type CriteriaSet = z.infer<typeof CriteriaSet>;

/** Criteria a province (or any opening committee) adds to a section of a form. */
export const ExtraCriteria = z
  .array(z.object({ form: z.enum(MEMBER_FORMS), section: key, label: z.string().min(1).max(500) }))
  .max(60);
export type ExtraCriteria = z.infer<typeof ExtraCriteria>;

export function totalPoints(s: CriteriaSet): number {
  return s.sections.reduce((sum, x) => sum + x.max, 0);
}

/** The set with the opening committee's own criteria appended to their sections. */
export function withExtras(s: CriteriaSet, extras: ExtraCriteria): CriteriaSet {
  return {
    ...s,
    sections: s.sections.map((sec) => ({
      ...sec,
      items: [
        ...sec.items,
        ...extras
          .filter((e) => e.form === s.form && e.section === sec.key)
          .map((e, i) => ({ key: `extra_${sec.key}_${i + 1}`.slice(0, 41), label: e.label })),
      ],
    })),
  };
}

/** What a member writes in the self-review (kept as a draft on the phone and on the server). */
export const SelfReviewContent = z.object({
  form: z.enum(MEMBER_FORMS),
  strengths: z.string().max(20_000).default(''),
  shortcomings: z.string().max(20_000).default(''),
  tasks: z.string().max(20_000).default(''),
  /** The member's own score per section key. */
  scores: z.record(key, z.number().min(0).max(1000)).default({}),
  selfGrade: z.enum(GRADES).nullable().default(null),
  pledge: z.string().max(20_000).default(''),
});
export type SelfReviewContent = z.infer<typeof SelfReviewContent>;

/** Problems that stop a submission (a draft may be incomplete). */
export function selfReviewProblems(
  c: SelfReviewContent,
  set: CriteriaSet,
  graded: boolean,
): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  if (!c.strengths.trim()) out.push({ field: 'strengths', message: 'Hãy viết ưu điểm.' });
  if (!c.shortcomings.trim()) out.push({ field: 'shortcomings', message: 'Hãy viết hạn chế, khuyết điểm.' });
  if (!c.tasks.trim()) out.push({ field: 'tasks', message: 'Hãy viết kết quả thực hiện nhiệm vụ trong năm.' });
  if (!c.pledge.trim()) out.push({ field: 'pledge', message: 'Hãy viết lời cam kết, hướng khắc phục.' });
  for (const sec of set.sections) {
    const v = c.scores[sec.key];
    if (graded && v === undefined) out.push({ field: `scores.${sec.key}`, message: `Hãy tự chấm điểm phần "${sec.label}".` });
    else if (v !== undefined && v > sec.max)
      out.push({ field: `scores.${sec.key}`, message: `Phần "${sec.label}" tối đa ${sec.max} điểm.` });
  }
  if (graded && !c.selfGrade) out.push({ field: 'selfGrade', message: 'Hãy tự nhận mức xếp loại.' });
  return out;
}

export function selfScore(c: SelfReviewContent, set: CriteriaSet): number | null {
  const vals = set.sections.map((s) => c.scores[s.key]);
  if (vals.some((v) => v === undefined)) return null;
  return vals.reduce<number>((s, v) => s + (v ?? 0), 0);
}
