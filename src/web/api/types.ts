// Shapes of the JSON the server returns (see the API contract in the brief / server schemas).

export type Role =
  'member' | 'cell_secretary' | 'cell_deputy' | 'committee_member' | 'unit_admin' | 'editor' | 'approver' | 'system_admin';

export type UnitType = 'province' | 'upper_level' | 'grassroots' | 'grassroots_cell' | 'sub_unit' | 'cell';

export interface Abilities {
  manageOrg: boolean;
  manageAccounts: boolean;
  readMembers: boolean;
  readAudit: boolean;
  manageRoles: boolean;
}

export interface Me {
  id: string;
  displayName: string;
  username: string | null;
  memberId: string | null;
  locale: 'vi' | 'en';
  roles: { id: string; role: Role; unitId: string; unitCode: string; unitName: string }[];
  abilities: Abilities;
  /** Two-factor sign-in: set up or not, and whether the user's roles require it. */
  twoFactor: { enabled: boolean; required: boolean };
}

export interface Unit {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  type: UnitType;
  parentId: string | null;
  depth: number;
  sortOrder: number;
  status: 'active' | 'merged' | 'dissolved';
  childCount: number;
  memberCount: number;
}

export interface UnitDetail {
  unit: Unit;
  ancestors: { id: string; code: string; name: string }[];
  abilities: { manage: boolean; manageAccounts: boolean };
}

export type UnitSearchHit = Unit & { pathNames: string[] };

export interface UnitHistoryEntry {
  id: string;
  kind: 'create' | 'rename' | 'move' | 'merge' | 'dissolve';
  at: string;
  actorName: string | null;
  reason: string | null;
  details: unknown;
}

export interface Session {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

export type AccountStatus = 'none' | 'pending' | 'active' | 'disabled';

export interface MemberRow {
  id: string;
  fullName: string;
  dateOfBirth: string | null;
  sex: string | null;
  cellId: string | null;
  cellName: string | null;
  status: string;
  phoneMasked: string | null;
  cccdMasked: string | null;
  accountStatus: AccountStatus;
}

export interface ActivationCode {
  code: string;
  expiresAt: string;
  activationUrl: string;
  qrSvg: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  unitName: string | null;
  changes: Record<string, { old: unknown; new: unknown }> | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface Items<T> {
  items: T[];
}
