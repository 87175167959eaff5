/**
 * Accounts: sign-in (phone, CCCD or username; password, or PIN plus date of birth), password
 * change, sessions. Activation lives in activation.service.ts.
 */
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { members, sessions, users } from '../../db/schema.ts';
import { hashPassword, verifyPassword } from '../../auth/password.ts';
import { createSession, listSessions, revokeAllSessions, revokeSession } from '../../auth/sessions.ts';
import { assertNotLocked, clearFailures, failureDelayMs, recordFailure, RULES } from '../../auth/throttle.ts';
import { abilities, describeRoles, type Actor } from '../../auth/authorize.ts';
import { AppError, badRequest, notFound } from '../../http/errors.ts';
import { normalizePhone } from '../../../common/validation/phone.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Ctx } from '../../context.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import { createChallenge } from './two-factor.service.ts';
import { twoFactorRequired } from '../../auth/totp.ts';
import { hashCccd } from '../../privacy/cccd-crypto.ts';

export interface SignInInput {
  login: string;
  password?: string | undefined;
  pin?: string | undefined;
  dateOfBirth?: string | undefined;
}

export interface RequestMeta {
  ip: string;
  userAgent: string;
  requestId: string;
}

interface Deps {
  db: Db;
  clock: Clock;
  config: Config;
}

const invalidCredentials = () =>
  new AppError(401, 'auth.invalid_credentials', 'Thông tin đăng nhập không đúng. Vui lòng kiểm tra và thử lại.');

/** Finds the account a login names: a 12-digit CCCD, a phone number, or a username. */
export async function findUserByLogin(db: Db, login: string) {
  const trimmed = login.trim();
  const cols = {
    id: users.id,
    status: users.status,
    passwordHash: users.passwordHash,
    pinHash: users.pinHash,
    twoFactor: users.totpEnabledAt,
    memberId: users.memberId,
    dateOfBirth: members.dateOfBirth,
  };
  if (/^\d{12}$/.test(trimmed)) {
    const [row] = await db
      .select(cols)
      .from(users)
      .innerJoin(members, eq(members.id, users.memberId))
      .where(eq(members.cccdHash, hashCccd(trimmed)));
    return row;
  }
  const phone = normalizePhone(trimmed);
  if (phone) {
    const [row] = await db
      .select(cols)
      .from(users)
      .leftJoin(members, eq(members.id, users.memberId))
      .where(eq(users.phone, phone));
    if (row) return row;
    const [viaMember] = await db
      .select(cols)
      .from(users)
      .innerJoin(members, eq(members.id, users.memberId))
      .where(eq(members.phone, phone));
    return viaMember;
  }
  const [row] = await db
    .select(cols)
    .from(users)
    .leftJoin(members, eq(members.id, users.memberId))
    .where(eq(users.username, trimmed.toLowerCase()));
  return row;
}

export function throttleKeys(login: string, ip: string) {
  return { account: `login:${login.trim().toLowerCase()}`, address: `ip:${ip}` };
}

export async function signIn(deps: Deps, input: SignInInput, meta: RequestMeta) {
  const now = deps.clock.now();
  const keys = throttleKeys(input.login, meta.ip);
  await assertNotLocked(deps.db, [keys.account, keys.address], now);
  const user = await findUserByLogin(deps.db, input.login);
  let ok = false;
  if (user && user.status === 'active') {
    if (input.password !== undefined && user.passwordHash) ok = await verifyPassword(user.passwordHash, input.password);
    else if (input.pin !== undefined && user.pinHash && input.dateOfBirth && user.dateOfBirth === input.dateOfBirth) {
      ok = await verifyPassword(user.pinHash, input.pin);
    }
  }
  if (!user || !ok) {
    const n = await recordFailure(deps.db, keys.account, RULES.account, now);
    await recordFailure(deps.db, keys.address, RULES.address, now);
    await new Promise((r) => setTimeout(r, failureDelayMs(n)));
    // The failure that reaches the limit already answers "locked", so the member knows to wait.
    await assertNotLocked(deps.db, [keys.account, keys.address], now);
    throw invalidCredentials();
  }
  await clearFailures(deps.db, keys.account);
  if (user.twoFactor) return { userId: user.id, challenge: await createChallenge(deps.db, user.id, now) };
  const session = await createSession(deps.db, user.id, meta, now, deps.config);
  await recordAudit(
    deps.db,
    { actorId: user.id, requestId: meta.requestId, at: now },
    { action: 'auth.sign_in', targetType: 'user', targetId: user.id },
  );
  return { userId: user.id, session };
}

export function meOf(actor: Actor, config: Config) {
  return {
    twoFactor: { enabled: actor.twoFactor, required: twoFactorRequired(actor, config) },
    id: actor.userId,
    displayName: actor.displayName,
    username: actor.username,
    memberId: actor.memberId,
    locale: actor.locale === 'en' ? ('en' as const) : ('vi' as const),
    roles: describeRoles(actor),
    abilities: abilities(actor),
  };
}

export function validateNewPassword(pw: string, field = 'newPassword') {
  if (pw.length < 8)
    throw badRequest('auth.weak_password', 'Mật khẩu phải có ít nhất 8 ký tự.', [
      { field, message: 'Mật khẩu phải có ít nhất 8 ký tự.' },
    ]);
  if (/^\d+$/.test(pw) || new Set(pw).size < 4) {
    throw badRequest('auth.weak_password', 'Mật khẩu quá dễ đoán. Hãy dùng cả chữ và số.', [
      { field, message: 'Mật khẩu quá dễ đoán.' },
    ]);
  }
}

export async function changePassword(ctx: Ctx, currentPassword: string, newPassword: string) {
  const [user] = await ctx.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, ctx.actor.userId));
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw badRequest('auth.wrong_password', 'Mật khẩu hiện tại không đúng.', [
      { field: 'currentPassword', message: 'Mật khẩu hiện tại không đúng.' },
    ]);
  }
  validateNewPassword(newPassword);
  const hash = await hashPassword(newPassword);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash: hash }).where(eq(users.id, ctx.actor.userId));
    // Other devices must sign in again with the new password; this one stays.
    await tx
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.userId, ctx.actor.userId), ne(sessions.id, ctx.actor.sessionId), isNull(sessions.revokedAt)));
    await recordAudit(tx, sourceOf(ctx), {
      action: 'auth.password_change',
      targetType: 'user',
      targetId: ctx.actor.userId,
      changes: { password: { old: '***', new: '***' } },
    });
  });
}

export async function mySessions(ctx: Ctx) {
  const rows = await listSessions(ctx.db, ctx.actor.userId, ctx.clock.now(), ctx.config);
  return rows.map((r) => ({ ...r, current: r.id === ctx.actor.sessionId }));
}

export async function revokeMySession(ctx: Ctx, id: string) {
  const [row] = await ctx.db.select({ userId: sessions.userId }).from(sessions).where(eq(sessions.id, id));
  if (!row || row.userId !== ctx.actor.userId) throw notFound();
  await ctx.db.transaction(async (tx) => {
    await revokeSession(tx, id, ctx.clock.now());
    await recordAudit(tx, sourceOf(ctx), { action: 'auth.session_revoke', targetType: 'session', targetId: id.slice(0, 8) });
  });
}

export async function signOutEverywhere(ctx: Ctx) {
  await ctx.db.transaction(async (tx) => {
    const n = await revokeAllSessions(tx, ctx.actor.userId, ctx.clock.now());
    await recordAudit(tx, sourceOf(ctx), {
      action: 'auth.sign_out_everywhere',
      targetType: 'user',
      targetId: ctx.actor.userId,
      changes: { sessions: { old: n, new: 0 } },
    });
  });
}

export async function signOut(ctx: Ctx) {
  await ctx.db.transaction(async (tx) => {
    await revokeSession(tx, ctx.actor.sessionId, ctx.clock.now());
    await recordAudit(tx, sourceOf(ctx), { action: 'auth.sign_out', targetType: 'user', targetId: ctx.actor.userId });
  });
}
