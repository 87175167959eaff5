import { z } from 'zod';

export const ADOPTION_METRICS = [
  'notInstalled',
  'notActivated',
  'notStandardized',
  'noAccount',
  'notActive',
  // Why members are not covered (exclusive reasons, adding up to notInstalled), and the exempted.
  'exempted',
  'reasonProbationary',
  'reasonNoPhone',
  'reasonNotActivated',
  'reasonOther',
] as const;
export type AdoptionMetric = (typeof ADOPTION_METRICS)[number];

export const UnitQuery = z.object({ unitId: z.uuid() });
export const DrillQuery = z.object({
  unitId: z.uuid(),
  metric: z.enum(ADOPTION_METRICS),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Tháng phải có dạng YYYY-MM');
export const MonthQuery = z.object({ unitId: z.uuid(), month: Month });
/** Without a month: now (live counts); with one: that month's snapshot as it was taken. */
export const AdoptionQuery = z.object({ unitId: z.uuid(), month: Month.optional() });
export const SnapshotBody = z.object({ month: Month });
export const SnapshotResult = z.object({ month: z.string(), written: z.boolean(), final: z.boolean() });

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
const Rates = z.object({
  accounts: z.number(),
  activated: z.number(),
  active30: z.number(),
  installed: z.number(),
  standardized: z.number(),
});
export const AdoptionFigures = Counts.extend({ rates: Rates });

const UnitRef = z.object({ id: z.uuid(), code: z.string(), name: z.string(), type: z.string() });
export const AdoptionRow = AdoptionFigures.extend({
  unit: UnitRef,
  /** True for the row of members sitting directly in the unit itself (a cell, or a grassroots cell). */
  direct: z.boolean(),
  hasChildren: z.boolean(),
  installRank: z.number().int(),
  /** Since the previous month's snapshot (null when the unit had no row then). rankChange > 0: moved up. */
  movement: z
    .object({ previousRank: z.number().int(), rankChange: z.number().int(), installedRateChange: z.number() })
    .nullable(),
});
export const Adoption = z.object({
  unit: UnitRef.extend({ parentId: z.uuid().nullable() }),
  /** 'live' or the snapshot's month. */
  period: z.string(),
  asOf: z.date(),
  previousMonth: z.string().nullable(),
  total: AdoptionFigures,
  rows: z.array(AdoptionRow),
});
/** Months with a snapshot, newest first (the month picker of the ranking). */
export const SnapshotMonths = z.object({ months: z.array(z.object({ month: z.string(), final: z.boolean() })) });
export const DrillList = z.object({
  total: z.number().int(),
  items: z.array(
    z.object({
      id: z.uuid(),
      fullName: z.string(),
      dateOfBirth: z.string().nullable(),
      status: z.string(),
      cellName: z.string(),
      phoneMasked: z.string().nullable(),
    }),
  ),
});

const MeetingFigures = z.object({
  cells: z.number().int(),
  registeredOnTime: z.number().int(),
  held: z.number().int(),
  finalizedOnTime: z.number().int(),
  averageAttendance: z.number().nullable(),
});
export const MeetingCompliance = z.object({
  unit: z.object({ id: z.uuid(), name: z.string() }),
  month: z.string(),
  total: MeetingFigures,
  rows: z.array(MeetingFigures.extend({ unit: UnitRef })),
});

const Coverage = z.object({
  exempted: z.number().int(),
  notInstalled: z.number().int(),
  probationary: z.number().int(),
  noPhone: z.number().int(),
  notActivated: z.number().int(),
  other: z.number().int(),
});
const MeetingMonth = z.object({
  cells: z.number().int(),
  registered: z.number().int(),
  registeredOnTime: z.number().int(),
  held: z.number().int(),
  materialsOnTime: z.number().int(),
  finalizedOnTime: z.number().int(),
  averageAttendance: z.number().nullable(),
  rates: z.object({ registeredOnTime: z.number(), held: z.number(), finalizedOnTime: z.number() }),
});
const Reading = z.object({ reads: z.number().int(), readers: z.number().int(), readersRate: z.number() });
const ReportFigures = z.object({ adoption: AdoptionFigures, coverage: Coverage, meetings: MeetingMonth, reading: Reading });
export const ReportQuery = z.object({ unitId: z.uuid(), month: Month.optional() });
export const Report = z.object({
  unit: UnitRef.extend({ parentId: z.uuid().nullable() }),
  month: z.string(),
  asOf: z.date(),
  /** True once the month-end job froze the month. */
  final: z.boolean(),
  total: ReportFigures,
  rows: z.array(ReportFigures.extend({ unit: UnitRef, direct: z.boolean(), hasChildren: z.boolean() })),
});

export const TrendQuery = z.object({ unitId: z.uuid(), month: Month.optional() });
export const Trend = z.object({
  unit: UnitRef.pick({ id: true, code: true, name: true }),
  months: z.array(
    MeetingMonth.extend({ month: z.string(), source: z.enum(['snapshot', 'records']), reads: z.number().int().nullable() }),
  ),
});
export const ReadingQuery = z.object({ unitId: z.uuid(), limit: z.coerce.number().int().min(1).max(100).default(20) });
export const ReadingView = z.object({
  unit: UnitRef.pick({ id: true, code: true, name: true }),
  members: z.number().int(),
  columns: z.array(
    z.object({ unitId: z.uuid(), code: z.string(), name: z.string(), direct: z.boolean(), members: z.number().int() }),
  ),
  documents: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      symbol: z.string().nullable(),
      readers: z.number().int(),
      opens: z.number().int(),
      rate: z.number(),
      notRead: z.number().int(),
      byUnit: z.array(z.number().int()),
    }),
  ),
});
export const NotReadQuery = z.object({
  unitId: z.uuid(),
  documentId: z.uuid(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export const NotReadList = z.object({
  unit: UnitRef.pick({ id: true, code: true, name: true }),
  document: z.object({ id: z.uuid(), title: z.string() }),
  total: z.number().int(),
  items: z.array(
    z.object({
      id: z.uuid(),
      fullName: z.string(),
      status: z.string(),
      cellName: z.string(),
      phoneMasked: z.string().nullable(),
    }),
  ),
});
export const Composition = z.object({
  unit: UnitRef.pick({ id: true, code: true, name: true }),
  asOf: z.string(),
  total: z.number().int(),
  dimensions: z.array(
    z.object({ key: z.string(), rows: z.array(z.object({ key: z.string(), count: z.number().int(), share: z.number() })) }),
  ),
});
const MovementCounts = z.object({
  admitted: z.number().int(),
  officialized: z.number().int(),
  transferredIn: z.number().int(),
  transferredOut: z.number().int(),
  removed: z.number().int(),
});
export const Movements = z.object({
  unit: UnitRef.pick({ id: true, code: true, name: true }),
  months: z.array(MovementCounts.extend({ month: z.string() })),
  total: MovementCounts,
});

export const EXPORT_TABLES = [
  'adoption',
  'members',
  'report',
  'coverage',
  'trend',
  'reading',
  'notRead',
  'composition',
  'movements',
] as const;
export const ExportQuery = z.object({
  table: z.enum(EXPORT_TABLES),
  unitId: z.uuid(),
  month: Month.optional(),
  documentId: z.uuid().optional(),
});
