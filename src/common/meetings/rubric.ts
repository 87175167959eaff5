/**
 * Meeting evaluation rubrics as data. A rubric lists criteria with their maximum points; a
 * criterion either is scored as a whole or is split into parts. A criterion or part with a
 * `measure` is filled in by the app from what it recorded (duration, attendance, materials and
 * final documents on time); the secretary scores the rest. Rating bands map the total to
 * Tốt / Khá / Trung bình / Kém. Rubrics differ by place, so none of this is code-only.
 */
import { z } from 'zod';

export const Measure = z.discriminatedUnion('type', [
  /** Points by actual duration ÷ required minimum (90, or 120 combined with a thematic session). */
  z.object({
    type: z.literal('duration'),
    bands: z.array(z.object({ minRatio: z.number().min(0), points: z.number().min(0) })).min(1),
  }),
  /** Points by attendance rate in percent (exempted members are not counted). */
  z.object({
    type: z.literal('attendance'),
    bands: z.array(z.object({ minPercent: z.number().min(0).max(100), points: z.number().min(0) })).min(1),
  }),
  /** Full points when the materials were on the app before the start. */
  z.object({ type: z.literal('materials_posted') }),
  /** Full points when the materials were on the app at least 1 day before the start. */
  z.object({ type: z.literal('materials_on_time') }),
  /** Full points when the final resolution and minutes were posted within 2 days. */
  z.object({ type: z.literal('final_on_time') }),
]);
export type Measure = z.infer<typeof Measure>;

const key = z.string().regex(/^[a-z][a-z0-9_]{0,40}$/);

export const RubricPart = z.object({
  key,
  label: z.string().min(1).max(300),
  max: z.number().positive(),
  measure: Measure.optional(),
});
export const RubricCriterion = z.object({
  key,
  label: z.string().min(1).max(300),
  max: z.number().positive(),
  measure: Measure.optional(),
  parts: z.array(RubricPart).optional(),
});
export const RatingBand = z.object({
  code: z.enum(['good', 'fair', 'average', 'poor']),
  label: z.string(),
  min: z.number().min(0),
});
export const RubricDefinition = z
  .object({ criteria: z.array(RubricCriterion).min(1), ratingBands: z.array(RatingBand).min(1) })
  .superRefine((r, ctx) => {
    const keys = r.criteria.flatMap((c) => [c.key, ...(c.parts ?? []).map((p) => p.key)]);
    if (new Set(keys).size !== keys.length) ctx.addIssue({ code: 'custom', message: 'Mã tiêu chí bị trùng.' });
    for (const c of r.criteria) {
      if (c.parts && Math.abs(c.parts.reduce((s, p) => s + p.max, 0) - c.max) > 1e-9) {
        ctx.addIssue({ code: 'custom', message: `Tổng điểm các phần của "${c.label}" khác điểm tối đa.` });
      }
    }
  });
export type RubricDefinition = z.infer<typeof RubricDefinition>;
export type RatingCode = z.infer<typeof RatingBand>['code'];

/** What the app knows about a meeting, for the measured criteria. */
export interface MeetingFacts {
  /** Actual minutes held; null when the start/end were not recorded. */
  durationMinutes: number | null;
  requiredMinutes: number;
  /** Percent, exempted members not counted; null when nobody was counted. */
  attendancePercent: number | null;
  materialsPostedBeforeStart: boolean;
  materialsOnTime: boolean;
  finalOnTime: boolean;
}

export interface ScoredItem {
  key: string;
  criterionKey: string;
  label: string;
  max: number;
  measured: boolean;
  /** null: a manual item the secretary has not scored yet. */
  points: number | null;
}

export interface Evaluation {
  items: ScoredItem[];
  total: number;
  /** Every manual item scored. */
  complete: boolean;
  rating: { code: RatingCode; label: string } | null;
}

function bandPoints<T>(bands: T[], value: number, threshold: (b: T) => number, points: (b: T) => number): number {
  const sorted = [...bands].sort((a, b) => threshold(b) - threshold(a));
  const hit = sorted.find((b) => value >= threshold(b));
  return hit ? points(hit) : 0;
}

export function measuredPoints(measure: Measure, max: number, f: MeetingFacts): number {
  const cap = (n: number) => Math.min(max, Math.max(0, n));
  switch (measure.type) {
    case 'duration':
      if (f.durationMinutes === null) return 0;
      return cap(
        bandPoints(
          measure.bands,
          f.durationMinutes / f.requiredMinutes,
          (b) => b.minRatio,
          (b) => b.points,
        ),
      );
    case 'attendance':
      if (f.attendancePercent === null) return 0;
      return cap(
        bandPoints(
          measure.bands,
          f.attendancePercent,
          (b) => b.minPercent,
          (b) => b.points,
        ),
      );
    case 'materials_posted':
      return f.materialsPostedBeforeStart ? max : 0;
    case 'materials_on_time':
      return f.materialsOnTime ? max : 0;
    case 'final_on_time':
      return f.finalOnTime ? max : 0;
  }
}

/** The rating band of a total: the highest band whose minimum the total reaches. */
export function ratingOf(def: RubricDefinition, total: number): { code: RatingCode; label: string } {
  const sorted = [...def.ratingBands].sort((a, b) => b.min - a.min);
  const band = sorted.find((b) => total >= b.min) ?? sorted[sorted.length - 1]!;
  return { code: band.code, label: band.label };
}

/** The keys the secretary scores by hand. */
export function manualKeys(def: RubricDefinition): Array<{ key: string; max: number }> {
  const out: Array<{ key: string; max: number }> = [];
  for (const c of def.criteria) {
    const leaves = c.parts ?? [c];
    for (const leaf of leaves) if (!leaf.measure) out.push({ key: leaf.key, max: leaf.max });
  }
  return out;
}

export function evaluate(def: RubricDefinition, facts: MeetingFacts, manual: Record<string, number>): Evaluation {
  const items: ScoredItem[] = [];
  for (const c of def.criteria) {
    const leaves = c.parts ?? [{ key: c.key, label: c.label, max: c.max, measure: c.measure }];
    for (const leaf of leaves) {
      const given = manual[leaf.key];
      items.push({
        key: leaf.key,
        criterionKey: c.key,
        label: leaf.label,
        max: leaf.max,
        measured: !!leaf.measure,
        points: leaf.measure
          ? measuredPoints(leaf.measure, leaf.max, facts)
          : typeof given === 'number'
            ? Math.min(leaf.max, Math.max(0, given))
            : null,
      });
    }
  }
  const total = Math.round(items.reduce((s, i) => s + (i.points ?? 0), 0) * 10) / 10;
  const complete = items.every((i) => i.points !== null);
  return { items, total, complete, rating: complete ? ratingOf(def, total) : null };
}

/**
 * The published local form (DOMAIN.md): 100 points over 8 criteria. The attendance band points
 * and the split of the app items between preparation and closing are our reading of the form;
 * an installation can replace the rubric without code.
 */
export const DEFAULT_RUBRIC: RubricDefinition = {
  criteria: [
    {
      key: 'duration',
      label: 'Thời gian sinh hoạt (đủ 90 phút; 120 phút khi kết hợp chuyên đề)',
      max: 5,
      measure: {
        type: 'duration',
        bands: [
          { minRatio: 1, points: 5 },
          { minRatio: 0, points: 0 },
        ],
      },
    },
    {
      key: 'attendance',
      label: 'Tỷ lệ đảng viên dự sinh hoạt',
      max: 5,
      measure: {
        type: 'attendance',
        bands: [
          { minPercent: 90, points: 5 },
          { minPercent: 75, points: 4 },
          { minPercent: 65, points: 3 },
          { minPercent: 0, points: 0 },
        ],
      },
    },
    {
      key: 'preparation',
      label: 'Công tác chuẩn bị',
      max: 10,
      parts: [
        { key: 'preparation_content', label: 'Cấp ủy thống nhất nội dung, chuẩn bị dự thảo', max: 6 },
        { key: 'materials_on_app', label: 'Tài liệu được đăng trên ứng dụng', max: 2, measure: { type: 'materials_posted' } },
        { key: 'materials_on_time', label: 'Tài liệu đăng trước ít nhất 1 ngày', max: 2, measure: { type: 'materials_on_time' } },
      ],
    },
    { key: 'conduct', label: 'Tiến hành sinh hoạt đúng quy trình, nội dung', max: 30 },
    { key: 'chairing', label: 'Điều hành của chủ trì', max: 10 },
    { key: 'principles', label: 'Thực hiện nguyên tắc tổ chức, sinh hoạt Đảng', max: 5 },
    { key: 'last_results', label: 'Kết quả thực hiện nghị quyết tháng trước', max: 30 },
    {
      key: 'closing',
      label: 'Kết thúc sinh hoạt, hoàn thiện nghị quyết, biên bản',
      max: 5,
      parts: [
        { key: 'closing_content', label: 'Kết luận, thông qua nghị quyết và biên bản', max: 3 },
        { key: 'final_on_time', label: 'Nghị quyết, biên bản đăng trong 2 ngày', max: 2, measure: { type: 'final_on_time' } },
      ],
    },
  ],
  ratingBands: [
    { code: 'good', label: 'Tốt', min: 90 },
    { code: 'fair', label: 'Khá', min: 70 },
    { code: 'average', label: 'Trung bình', min: 50 },
    { code: 'poor', label: 'Kém', min: 0 },
  ],
};
