/** Request and response contracts of /api/rules (versioned rules), shared by the server and the web. */
import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD');

export const RuleKindParam = z.object({
  kind: z
    .string()
    .regex(/^[a-z]+(\.[a-z_]+)+$/)
    .max(80),
});
export const RuleVersionParam = RuleKindParam.extend({ id: z.uuid() });

export const RuleKindSummary = z.object({
  kind: z.string(),
  title: z.string(),
  description: z.string(),
  unitScoped: z.boolean(),
  versions: z.number().int(),
  /** The installation-wide version in force today, if any. */
  current: z.object({ id: z.string(), version: z.string(), regulation: z.string(), example: z.boolean() }).nullable(),
});
export const RuleKindList = z.object({ today: z.string(), items: z.array(RuleKindSummary) });

export const RuleVersion = z.object({
  id: z.string(),
  kind: z.string(),
  version: z.string(),
  regulation: z.string(),
  effectiveFrom: z.string(),
  /** When it stops applying (exclusive): its own end or the next version's first day. */
  effectiveUntil: z.string().nullable(),
  /** Its own end, as entered. */
  effectiveTo: z.string().nullable(),
  example: z.boolean(),
  note: z.string(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  seeded: z.boolean(),
  createdByName: z.string().nullable(),
  createdAt: z.date(),
  withdrawnAt: z.date().nullable(),
  withdrawnByName: z.string().nullable(),
  withdrawReason: z.string().nullable(),
  inForceToday: z.boolean(),
  payload: z.unknown(),
});
export type RuleVersionView = z.infer<typeof RuleVersion>;

export const RuleVersionList = z.object({
  kind: z.string(),
  title: z.string(),
  description: z.string(),
  unitScoped: z.boolean(),
  today: z.string(),
  items: z.array(RuleVersion),
});
export type RuleVersionListView = z.infer<typeof RuleVersionList>;

export const RuleInForceQuery = z.object({ date: day.optional(), unitId: z.uuid().optional() });

export const AddRuleVersionBody = z.object({
  version: z.string().trim().min(1).max(80),
  regulation: z.string().trim().min(3).max(500),
  effectiveFrom: day,
  effectiveTo: day.nullable().optional(),
  example: z.boolean().default(false),
  note: z.string().max(2000).default(''),
  unitId: z.uuid().nullable().optional(),
  payload: z.unknown(),
  /** Adding or withdrawing a version for days already past changes figures already shown: say so. */
  confirmRetroactive: z.boolean().default(false),
});
export type AddRuleVersionInput = z.infer<typeof AddRuleVersionBody>;

export const WithdrawRuleVersionBody = z.object({
  reason: z.string().trim().min(5).max(1000),
  confirmRetroactive: z.boolean().default(false),
});
export type WithdrawRuleVersionInput = z.infer<typeof WithdrawRuleVersionBody>;
