/**
 * Shapes of the JSON the server returns. Those of the areas in the contract (src/common/api) are
 * taken from it (types only, nothing reaches the bundle); the rest are still written here by hand
 * until their area joins.
 */
import type { ResponseOf } from '../../common/api/contract.ts';
import type { orgRoutes } from '../../common/api/org.ts';
// Until the accounts area joins the contract, the action names come from the server's table (types only).
import type { Action } from '../../server/auth/authorize.ts';

export type { Action };

export type { UnitType } from '../../common/api/org.ts';

export type Role =
  'member' | 'cell_secretary' | 'cell_deputy' | 'committee_member' | 'unit_admin' | 'editor' | 'approver' | 'system_admin';

export interface Abilities {
  manageOrg: boolean;
  manageAccounts: boolean;
  readMembers: boolean;
  readAudit: boolean;
  manageRoles: boolean;
  /** Every action the user holds somewhere: the web shows a destination only to who may use it. */
  holds: Action[];
  /** For each action held, the unit a page opens on first. */
  firstUnit: Partial<Record<Action, string>>;
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

export type UnitDetail = ResponseOf<typeof orgRoutes.detail>;
export type Unit = UnitDetail['unit'];
export type UnitSearchHit = ResponseOf<typeof orgRoutes.search>['items'][number];
export type UnitHistoryEntry = ResponseOf<typeof orgRoutes.history>['items'][number];

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
