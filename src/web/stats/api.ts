export const METRICS = ['accounts', 'activated', 'active30', 'installed', 'standardized'] as const;
export type RateKey = (typeof METRICS)[number];
export const DRILL_METRICS = ['notInstalled', 'notActivated', 'notStandardized', 'noAccount', 'notActive'] as const;
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
}
export interface AdoptionView {
  unit: { id: string; code: string; name: string; type: string; parentId: string | null };
  asOf: string;
  total: Figures;
  rows: AdoptionRow[];
}
export interface DrillView {
  total: number;
  items: Array<{ id: string; fullName: string; dateOfBirth: string | null; status: string; cellName: string; phoneMasked: string | null }>;
}

/** Roles that may read statistics (the server's 'stats.read'), to pick a default unit. */
export const STATS_ROLES = ['cell_secretary', 'cell_deputy', 'committee_member', 'unit_admin', 'system_admin'];

export const pct = (n: number, locale: string) => `${n.toLocaleString(locale === 'en' ? 'en' : 'vi', { maximumFractionDigits: 1 })} %`;
