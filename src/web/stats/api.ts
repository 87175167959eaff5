export const METRICS = ['accounts', 'activated', 'active30', 'installed', 'standardized'] as const;
export type RateKey = (typeof METRICS)[number];
export const DRILL_METRICS = [
  'notInstalled',
  'notActivated',
  'notStandardized',
  'noAccount',
  'notActive',
  'exempted',
  'reasonProbationary',
  'reasonNoPhone',
  'reasonNotActivated',
  'reasonOther',
] as const;
export type DrillMetric = (typeof DRILL_METRICS)[number];

export interface Figures {
  members: number;
  probationary: number;
  exempted: number;
  accounts: number;
  activated: number;
  active30: number;
  installed: number;
  standardized: number;
  rates: Record<RateKey, number>;
}
export interface AdoptionRow extends Figures {
  unit: { id: string; code: string; name: string; type: string };
  direct: boolean;
  hasChildren: boolean;
  installRank: number;
  movement: Movement | null;
}
export interface AdoptionView {
  unit: { id: string; code: string; name: string; type: string; parentId: string | null };
  period: string;
  previousMonth: string | null;
  asOf: string;
  total: Figures;
  rows: AdoptionRow[];
}
export interface DrillView {
  total: number;
  items: Array<{
    id: string;
    fullName: string;
    dateOfBirth: string | null;
    status: string;
    cellName: string;
    phoneMasked: string | null;
  }>;
}

export const pct = (n: number, locale: string) =>
  `${n.toLocaleString(locale === 'en' ? 'en' : 'vi', { maximumFractionDigits: 1 })} %`;

export interface Movement {
  previousRank: number;
  rankChange: number;
  installedRateChange: number;
}

export interface ReportFigures {
  adoption: Figures;
  coverage: {
    exempted: number;
    notInstalled: number;
    probationary: number;
    noPhone: number;
    notActivated: number;
    other: number;
  };
  meetings: {
    cells: number;
    registered: number;
    registeredOnTime: number;
    held: number;
    materialsOnTime: number;
    finalizedOnTime: number;
    averageAttendance: number | null;
    rates: { registeredOnTime: number; held: number; finalizedOnTime: number };
  };
  reading: { reads: number; readers: number; readersRate: number };
}
export interface ReportView {
  unit: { id: string; code: string; name: string; type: string; parentId: string | null };
  month: string;
  asOf: string;
  final: boolean;
  total: ReportFigures;
  rows: Array<
    ReportFigures & { unit: { id: string; code: string; name: string; type: string }; direct: boolean; hasChildren: boolean }
  >;
}
export interface TrendView {
  months: Array<ReportFigures['meetings'] & { month: string; source: 'snapshot' | 'records'; reads: number | null }>;
}
export interface ReadingView {
  members: number;
  columns: Array<{ unitId: string; code: string; name: string; direct: boolean; members: number }>;
  documents: Array<{
    id: string;
    title: string;
    symbol: string | null;
    readers: number;
    opens: number;
    rate: number;
    notRead: number;
    byUnit: number[];
  }>;
}
export interface CompositionView {
  total: number;
  asOf: string;
  dimensions: Array<{ key: string; rows: Array<{ key: string; count: number; share: number }> }>;
}
export interface MovementsView {
  months: Array<{
    month: string;
    admitted: number;
    officialized: number;
    transferredIn: number;
    transferredOut: number;
    removed: number;
  }>;
  total: { admitted: number; officialized: number; transferredIn: number; transferredOut: number; removed: number };
}

export type ExportTable =
  'adoption' | 'members' | 'report' | 'coverage' | 'trend' | 'reading' | 'notRead' | 'composition' | 'movements';
export const exportUrl = (table: ExportTable, params: { unitId: string; month?: string | null; documentId?: string }) =>
  `/api/stats/export?${new URLSearchParams(Object.entries({ table, ...params }).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')).toString()}`;

/** 'YYYY-MM' → '03/2026'. */
export const monthLabel = (m: string) => `${m.slice(5, 7)}/${m.slice(0, 4)}`;
