/** Disciplinary records and suspensions: the API's contract. */
import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD');

export const DisciplineBody = z.object({
  decidedOn: day,
  form: z.enum(['reprimand', 'warning', 'dismissal', 'expulsion']),
  decidedBy: z.string().trim().min(1, 'Hãy ghi cấp quyết định kỷ luật.').max(300),
  documentNumber: z.string().trim().max(100).default(''),
  reason: z.string().trim().max(5000).default(''),
});
export type DisciplineInput = z.infer<typeof DisciplineBody>;

export const SuspensionBody = z.object({
  kind: z.enum(['suspended', 'detained']),
  fromDate: day,
  toDate: day.nullable().optional(),
  decidedBy: z.string().trim().max(300).default(''),
  documentNumber: z.string().trim().max(100).default(''),
  note: z.string().trim().max(5000).default(''),
});
export type SuspensionInput = z.infer<typeof SuspensionBody>;

const Discipline = z.object({
  id: z.string(),
  decidedOn: z.string(),
  form: z.string(),
  decidedBy: z.string(),
  documentNumber: z.string(),
  reason: z.string(),
});
const Suspension = z.object({
  id: z.string(),
  kind: z.string(),
  fromDate: z.string(),
  toDate: z.string().nullable(),
  decidedBy: z.string(),
  documentNumber: z.string(),
  note: z.string(),
});
export const DisciplineView = z.object({ disciplines: z.array(Discipline), suspensions: z.array(Suspension) });
