import { z } from 'zod';

export const ADOPTION_METRICS = ['notInstalled', 'notActivated', 'notStandardized', 'noAccount', 'notActive'] as const;
export type AdoptionMetric = (typeof ADOPTION_METRICS)[number];

export const UnitQuery = z.object({ unitId: z.uuid() });
export const DrillQuery = z.object({
  unitId: z.uuid(),
  metric: z.enum(ADOPTION_METRICS),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export const MonthQuery = z.object({ unitId: z.uuid(), month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Tháng phải có dạng YYYY-MM') });

const Counts = z.object({
  members: z.number().int(),
  probationary: z.number().int(),
  exempted: z.number().int(),
  accounts: z.number().int(),
  activated: z.number().int(),
  active30: z.number().int(),
  installed: z.number().int(),
  standardized: z.number().int(),
});
const Rates = z.object({ accounts: z.number(), activated: z.number(), active30: z.number(), installed: z.number(), standardized: z.number() });
export const AdoptionFigures = Counts.extend({ rates: Rates });

const UnitRef = z.object({ id: z.uuid(), code: z.string(), name: z.string(), type: z.string() });
export const AdoptionRow = AdoptionFigures.extend({
  unit: UnitRef,
  /** True for the row of members sitting directly in the unit itself (a cell, or a grassroots cell). */
  direct: z.boolean(),
  hasChildren: z.boolean(),
  installRank: z.number().int(),
});
export const Adoption = z.object({
  unit: UnitRef.extend({ parentId: z.uuid().nullable() }),
  asOf: z.date(),
  total: AdoptionFigures,
  rows: z.array(AdoptionRow),
});
export const DrillList = z.object({
  total: z.number().int(),
  items: z.array(z.object({ id: z.uuid(), fullName: z.string(), dateOfBirth: z.string().nullable(), status: z.string(), cellName: z.string(), phoneMasked: z.string().nullable() })),
});

const MeetingFigures = z.object({ cells: z.number().int(), registeredOnTime: z.number().int(), held: z.number().int(), finalizedOnTime: z.number().int(), averageAttendance: z.number().nullable() });
export const MeetingCompliance = z.object({
  unit: z.object({ id: z.uuid(), name: z.string() }),
  month: z.string(),
  total: MeetingFigures,
  rows: z.array(MeetingFigures.extend({ unit: UnitRef })),
});
