/**
 * Server-side sessions. The cookie holds a random token; the table keeps its SHA-256, so a leaked
 * database cannot be replayed as cookies. Sessions end when idle for SESSION_IDLE_DAYS or after
 * SESSION_MAX_DAYS, and `last_seen_at` is written at most every few minutes to keep reads cheap.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { preparedRows } from '../db/prepared.ts';
import { members, roleAssignments, sessions, units, users } from '../db/schema.ts';
import type { Config } from '../config.ts';
import type { Actor, RoleGrant } from './authorize.ts';
import { newToken, sha256 } from './tokens.ts';

export const SESSION_COOKIE = 'sotay_sid';
const TOUCH_INTERVAL_MS = 5 * 60_000;
const DAY = 86_400_000;

export async function createSession(
  db: DbOrTx,
  userId: string,
  meta: { ip: string; userAgent: string },
  now: Date,
  config: Config,
): Promise<{ token: string; id: string; expiresAt: Date }> {
  const token = newToken();
  const id = sha256(token);
  const expiresAt = new Date(now.getTime() + config.SESSION_MAX_DAYS * DAY);
  await db.insert(sessions).values({
    id,
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    ip: meta.ip,
    userAgent: meta.userAgent.slice(0, 300),
  });
  await db.update(users).set({ lastSeenAt: now }).where(eq(users.id, userId));
  return { token, id, expiresAt };
}

export async function revokeSession(db: DbOrTx, id: string, now: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
}

/** Ends every session of a user (sign-out everywhere, a privilege change, an account disabled). */
export async function revokeAllSessions(db: DbOrTx, userId: string, now: Date): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length;
}

/** Roles held by a user, with the unit paths they cover, plus the implicit member role at their cell. */
export async function loadRoles(db: DbOrTx, userId: string, memberId: string | null): Promise<RoleGrant[]> {
  const rows = await db
    .select({
      id: roleAssignments.id,
      role: roleAssignments.role,
      unitId: units.id,
      unitPath: units.path,
      unitCode: units.code,
      unitName: units.name,
    })
    .from(roleAssignments)
    .innerJoin(units, eq(units.id, roleAssignments.unitId))
    .where(and(eq(roleAssignments.userId, userId), eq(units.status, 'active')));
  const grants: RoleGrant[] = rows.map((r) => ({ ...r }));
  if (memberId) {
    const [cell] = await db
      .select({ unitId: units.id, unitPath: units.path, unitCode: units.code, unitName: units.name, status: members.status })
      .from(members)
      .innerJoin(units, eq(units.id, members.cellId))
      .where(eq(members.id, memberId));
    const active = cell && !INACTIVE_MEMBER.includes(cell.status);
    if (cell && active && !grants.some((g) => g.role === 'member' && g.unitId === cell.unitId)) {
      grants.push({
        id: null,
        role: 'member',
        unitId: cell.unitId,
        unitPath: cell.unitPath,
        unitCode: cell.unitCode,
        unitName: cell.unitName,
      });
    }
  }
  return grants;
}

const INACTIVE_MEMBER = ['removed', 'expelled', 'resigned', 'deceased', 'transferred_out'];

interface ActorRow {
  session_id: string;
  last_seen_at: string | Date;
  expires_at: string | Date;
  revoked_at: string | Date | null;
  user_id: string;
  display_name: string;
  username: string | null;
  member_id: string | null;
  locale: string;
  status: string;
  two_factor: boolean;
  roles: RoleGrant[] | string | null;
  cell: (Omit<RoleGrant, 'id' | 'role'> & { memberStatus: string }) | string | null;
}

const asDate = (v: string | Date) => (v instanceof Date ? v : new Date(v));
const asJson = <T>(v: T | string | null): T | null => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

/**
 * The actor behind a session cookie, or null when the token is unknown, revoked, idle or expired.
 * One round trip: session, user, role grants with their unit paths and the member's cell come back
 * together, because this runs on every authenticated request; a named prepared statement, because
 * planning it cost PostgreSQL five times what running it does.
 */
export async function actorFromToken(db: Db, token: string, now: Date, config: Config): Promise<Actor | null> {
  const id = sha256(token);
  const [row] = await preparedRows<ActorRow>(
    db,
    'actor_from_token',
    sql`
      SELECT s.id AS session_id, s.last_seen_at, s.expires_at, s.revoked_at,
             u.id AS user_id, u.display_name, u.username, u.member_id, u.locale, u.status, u.totp_enabled_at IS NOT NULL AS two_factor,
             (SELECT coalesce(json_agg(json_build_object('id', ra.id, 'role', ra.role, 'unitId', un.id, 'unitPath', un.path, 'unitCode', un.code, 'unitName', un.name)), '[]'::json)
                FROM role_assignments ra JOIN units un ON un.id = ra.unit_id AND un.status = 'active'
               WHERE ra.user_id = u.id) AS roles,
             (SELECT json_build_object('unitId', mu.id, 'unitPath', mu.path, 'unitCode', mu.code, 'unitName', mu.name, 'memberStatus', m.status)
                FROM members m JOIN units mu ON mu.id = m.cell_id
               WHERE m.id = u.member_id) AS cell
        FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = ${id}`,
  );
  if (!row || row.revoked_at || row.status !== 'active') return null;
  const lastSeen = asDate(row.last_seen_at);
  const idleLimit = lastSeen.getTime() + config.SESSION_IDLE_DAYS * DAY;
  if (now.getTime() > asDate(row.expires_at).getTime() || now.getTime() > idleLimit) return null;
  if (now.getTime() - lastSeen.getTime() > TOUCH_INTERVAL_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
    await db.update(users).set({ lastSeenAt: now }).where(eq(users.id, row.user_id));
  }
  const roles = asJson<RoleGrant[]>(row.roles) ?? [];
  const cell = asJson<Omit<RoleGrant, 'id' | 'role'> & { memberStatus: string }>(row.cell);
  if (
    cell &&
    !INACTIVE_MEMBER.includes(cell.memberStatus) &&
    !roles.some((g) => g.role === 'member' && g.unitId === cell.unitId)
  ) {
    roles.push({
      id: null,
      role: 'member',
      unitId: cell.unitId,
      unitPath: cell.unitPath,
      unitCode: cell.unitCode,
      unitName: cell.unitName,
    });
  }
  return {
    userId: row.user_id,
    displayName: row.display_name,
    username: row.username,
    memberId: row.member_id,
    locale: row.locale,
    sessionId: row.session_id,
    twoFactor: row.two_factor,
    roles,
  };
}

export async function listSessions(db: DbOrTx, userId: string, now: Date, config: Config) {
  const idleCutoff = new Date(now.getTime() - config.SESSION_IDLE_DAYS * DAY);
  return db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        sql`${sessions.expiresAt} > ${now.toISOString()}`,
        sql`${sessions.lastSeenAt} > ${idleCutoff.toISOString()}`,
      ),
    )
    .orderBy(sql`${sessions.lastSeenAt} DESC`);
}
