/**
 * The one permission gate. A role is held at a unit and is valid for that unit's whole subtree;
 * a system admin holds every action everywhere. Services call `authorize` before reading or
 * writing scoped data, and filter listings with `scopeFilter`, so a forgotten check still
 * returns nothing foreign.
 */
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Role } from '../db/schema.ts';
import { notFound } from '../http/errors.ts';

export const ACTIONS = {
  'org.read': ['member', 'cell_secretary', 'cell_deputy', 'committee_member', 'unit_admin', 'editor', 'approver'],
  'org.manage': ['unit_admin'],
  'members.read': ['cell_secretary', 'cell_deputy', 'committee_member', 'unit_admin'],
  'members.manage': ['cell_secretary', 'cell_deputy', 'unit_admin'],
  'accounts.manage': ['cell_secretary', 'cell_deputy', 'unit_admin'],
  /** Erasing a removed or deceased member's personal data after the retention period (issue 9). */
  'members.erase': ['unit_admin'],
  'roles.manage': ['unit_admin'],
  'audit.read': ['cell_secretary', 'cell_deputy', 'committee_member', 'unit_admin'],
  /** Installation-wide: only the system admin verifies the audit chain. */
  'audit.verify': [],
  'documents.edit': ['editor', 'approver'],
  'documents.approve': ['approver'],
  'documents.readStats': ['cell_secretary', 'cell_deputy', 'committee_member', 'unit_admin'],
  'documents.codes': [],
  'meetings.read': ['member', 'cell_secretary', 'cell_deputy', 'committee_member', 'unit_admin'],
  'meetings.attend': ['member'],
  'meetings.manage': ['cell_secretary', 'cell_deputy', 'unit_admin'],
  'meetings.monitor': ['committee_member', 'unit_admin'],
  'meetings.configure': [],
  'feedback.handle': ['cell_secretary', 'cell_deputy', 'committee_member', 'unit_admin'],
  'notices.send': ['cell_secretary', 'cell_deputy', 'committee_member', 'unit_admin'],
  'stats.read': ['cell_secretary', 'cell_deputy', 'committee_member', 'unit_admin'],
  /** The year's review (issue 19): a committee opens it for its subtree, decides and publishes the grades. */
  'reviews.open': ['committee_member', 'unit_admin'],
  'reviews.decide': ['committee_member', 'unit_admin'],
  /** The cell's session: returns, residence comments, proposed grades, the cell's own grade. */
  'reviews.cell': ['cell_secretary', 'cell_deputy'],
  /** The member's own self-review. */
  'reviews.self': ['member'],
  /** Review statistics and progress up the tree. */
  'reviews.read': ['cell_secretary', 'cell_deputy', 'committee_member', 'unit_admin'],
  /** Disciplinary records and suspensions: only the roles that grade or decide see them. */
  'discipline.read': ['cell_secretary', 'cell_deputy', 'committee_member', 'unit_admin'],
  'discipline.manage': ['committee_member', 'unit_admin'],
  /** Installation-wide: a monthly statistics snapshot on demand (the month-end job takes it anyway). */
  'stats.snapshot': [],
  /** Installation-wide: versions of the rules that regulations set (common/rules). */
  'rules.manage': [],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof ACTIONS;
/** What a route declares: an action, or one of the two non-scoped levels. */
export type Permission = Action | 'public' | 'authenticated';

export interface RoleGrant {
  id: string | null; // null for the implicit member role derived from the member record
  role: Role;
  unitId: string;
  unitPath: string;
  unitCode: string;
  unitName: string;
}

export interface Actor {
  userId: string;
  displayName: string;
  username: string | null;
  memberId: string | null;
  locale: string;
  sessionId: string;
  /** Two-factor sign-in is set up for this account. */
  twoFactor: boolean;
  roles: RoleGrant[];
}

function grants(actor: Actor, action: Action): RoleGrant[] {
  const allowed: readonly Role[] = ACTIONS[action];
  return actor.roles.filter((r) => r.role === 'system_admin' || allowed.includes(r.role));
}

export function isSystemAdmin(actor: Actor): boolean {
  return actor.roles.some((r) => r.role === 'system_admin');
}

/** May the actor do `action` at the unit whose path is `unitPath`? */
export function authorize(actor: Actor, action: Action, unitPath: string): boolean {
  if (isSystemAdmin(actor)) return true;
  return grants(actor, action).some((g) => unitPath.startsWith(g.unitPath));
}

/** Holds the action anywhere at all: the route-level check before the service's unit check. */
export function holdsAnywhere(actor: Actor, action: Action): boolean {
  return grants(actor, action).length > 0;
}

/**
 * Throws 404, not 403, for a unit outside the actor's scope: a foreign id must not even be
 * confirmed to exist.
 */
export function requireScope(actor: Actor, action: Action, unitPath: string | null | undefined): void {
  if (!unitPath || !authorize(actor, action, unitPath)) throw notFound();
}

/**
 * The minimal set of subtree prefixes where the actor may do `action` ('/' for everything).
 * Nested grants collapse into their outermost ancestor.
 */
export function scopePrefixes(actor: Actor, action: Action): string[] {
  if (isSystemAdmin(actor)) return ['/'];
  const paths = [...new Set(grants(actor, action).map((g) => g.unitPath))].sort((a, b) => a.length - b.length);
  const out: string[] = [];
  for (const p of paths) if (!out.some((o) => p.startsWith(o))) out.push(p);
  return out;
}

/** SQL condition "pathColumn lies in the actor's scope for action"; FALSE when there is none. */
export function scopeFilter(actor: Actor, action: Action, pathColumn: SQLWrapper): SQL {
  return pathsFilter(scopePrefixes(actor, action), pathColumn);
}

export function pathsFilter(prefixes: string[], pathColumn: SQLWrapper): SQL {
  if (prefixes.length === 0) return sql`false`;
  if (prefixes.includes('/')) return sql`true`;
  const parts = prefixes.map((p) => sql`${pathColumn} LIKE ${p + '%'}`);
  return sql`(${sql.join(parts, sql` OR `)})`;
}

/**
 * The units a staff picker offers for `action`: every unit where the actor holds a role (not the
 * implicit member role) inside their scope for that action, once each, in the order of the grants.
 */
export function unitsInScope(actor: Actor, action: Action): Array<{ id: string; name: string; path: string }> {
  const prefixes = scopePrefixes(actor, action);
  const out = new Map<string, { id: string; name: string; path: string }>();
  for (const g of actor.roles)
    if (g.role !== 'member' && prefixes.some((p) => g.unitPath.startsWith(p)) && !out.has(g.unitId))
      out.set(g.unitId, { id: g.unitId, name: g.unitName, path: g.unitPath });
  return [...out.values()];
}

/** The actor's own cell (the implicit member role), when the account belongs to a member on the rolls. */
export function memberCell(actor: Actor): { id: string; path: string; name: string } | undefined {
  const g = actor.roles.find((r) => r.role === 'member');
  return g && { id: g.unitId, path: g.unitPath, name: g.unitName };
}

/** Every ancestor-or-self unit id of every unit the actor holds a role at: the units whose publications reach them. */
export function readingUnitIds(actor: Actor): string[] {
  const ids = new Set<string>();
  for (const g of actor.roles) for (const id of g.unitPath.split('/')) if (id) ids.add(id);
  return [...ids];
}

/**
 * The actor holds some role on the branch of `unitPath`: at the unit, above it, or below it. What a
 * unit publishes for the units below (guidance of the month) is for everyone on that branch.
 */
export function onBranch(actor: Actor, unitPath: string): boolean {
  return isSystemAdmin(actor) || actor.roles.some((g) => g.unitPath.startsWith(unitPath) || unitPath.startsWith(g.unitPath));
}

/** Every action the actor holds somewhere: the web shows a destination only to who may use it. */
export function heldActions(actor: Actor): Action[] {
  return (Object.keys(ACTIONS) as Action[]).filter((a) => holdsAnywhere(actor, a));
}

/** The actor's roles as the account page lists them (the implicit member role has no assignment id). */
export function describeRoles(actor: Actor) {
  return actor.roles.map((r) => ({
    id: r.id ?? `member:${r.unitId}`,
    role: r.role,
    unitId: r.unitId,
    unitCode: r.unitCode,
    unitName: r.unitName,
  }));
}

/** Abilities the UI uses to show only the buttons that work. */
export function abilities(actor: Actor) {
  return {
    manageOrg: holdsAnywhere(actor, 'org.manage'),
    manageAccounts: holdsAnywhere(actor, 'accounts.manage'),
    readMembers: holdsAnywhere(actor, 'members.read'),
    readAudit: holdsAnywhere(actor, 'audit.read'),
    manageRoles: holdsAnywhere(actor, 'roles.manage'),
    holds: heldActions(actor),
    /** For each action held, the unit a page opens on first (a dashboard, a picker's default). */
    firstUnit: Object.fromEntries(
      heldActions(actor).flatMap((a) => {
        const first = unitsInScope(actor, a)[0];
        return first ? [[a, first.id]] : [];
      }),
    ) as Partial<Record<Action, string>>,
  };
}
