/**
 * Server-side sessions. The cookie holds a random token; the table keeps its SHA-256, so a leaked
 * database cannot be replayed as cookies. Sessions end when idle for SESSION_IDLE_DAYS or after
 * SESSION_MAX_DAYS, and `last_seen_at` is written at most every few minutes to keep reads cheap.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
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
  await db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
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
    const active = cell && !['removed', 'expelled', 'resigned', 'deceased', 'transferred_out'].includes(cell.status);
    if (cell && active && !grants.some((g) => g.role === 'member' && g.unitId === cell.unitId)) {
      grants.push({ id: null, role: 'member', unitId: cell.unitId, unitPath: cell.unitPath, unitCode: cell.unitCode, unitName: cell.unitName });
    }
  }
  return grants;
}

/** The actor behind a session cookie, or null when the token is unknown, revoked, idle or expired. */
export async function actorFromToken(db: Db, token: string, now: Date, config: Config): Promise<Actor | null> {
  const id = sha256(token);
  const [row] = await db
    .select({
      sessionId: sessions.id,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      revokedAt: sessions.revokedAt,
      userId: users.id,
      displayName: users.displayName,
      username: users.username,
      memberId: users.memberId,
      locale: users.locale,
      status: users.status,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id));
  if (!row || row.revokedAt || row.status !== 'active') return null;
  const idleLimit = row.lastSeenAt.getTime() + config.SESSION_IDLE_DAYS * DAY;
  if (now.getTime() > row.expiresAt.getTime() || now.getTime() > idleLimit) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
    await db.update(users).set({ lastSeenAt: now }).where(eq(users.id, row.userId));
  }
  return {
    userId: row.userId,
    displayName: row.displayName,
    username: row.username,
    memberId: row.memberId,
    locale: row.locale,
    sessionId: row.sessionId,
    roles: await loadRoles(db, row.userId, row.memberId),
  };
}

export async function listSessions(db: DbOrTx, userId: string, now: Date, config: Config) {
  const idleCutoff = new Date(now.getTime() - config.SESSION_IDLE_DAYS * DAY);
  return db
    .select({ id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, ip: sessions.ip, userAgent: sessions.userAgent })
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
