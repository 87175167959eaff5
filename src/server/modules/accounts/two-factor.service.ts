/**
 * Two-factor sign-in: set-up (secret + QR, confirmed by a first code), recovery codes, the second
 * step of sign-in, and turning it off. Required for system admins, unit admins and approvers when
 * REQUIRE_2FA is on (the default in production): until they enrol, only the account routes answer.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { Db } from '../../db/client.ts';
import { authChallenges, recoveryCodes, users } from '../../db/schema.ts';
import {
  matchTotp,
  newRecoveryCodes,
  newTotpSecret,
  normalizeRecoveryCode,
  otpauthUrl,
  twoFactorRequired,
} from '../../auth/totp.ts';
import { newToken, sha256 } from '../../auth/tokens.ts';
import { verifyPassword } from '../../auth/password.ts';
import { createSession } from '../../auth/sessions.ts';
import { AppError, badRequest } from '../../http/errors.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Ctx } from '../../context.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import type { RequestMeta } from './accounts.service.ts';

const CHALLENGE_TTL_MS = 5 * 60_000;
const CHALLENGE_ATTEMPTS = 5;

const wrongCode = () =>
  badRequest('auth.2fa_invalid', 'Mã xác thực không đúng hoặc đã hết hạn.', [{ field: 'code', message: 'Mã không đúng.' }]);

export async function startSetup(ctx: Ctx) {
  const secret = newTotpSecret();
  await ctx.db.update(users).set({ totpPendingSecret: secret }).where(eq(users.id, ctx.actor.userId));
  const url = otpauthUrl(secret, ctx.actor.username ?? ctx.actor.displayName);
  return { secret, otpauthUrl: url, qrSvg: await QRCode.toString(url, { type: 'svg', margin: 2 }) };
}

async function storeRecoveryCodes(tx: Parameters<Parameters<Db['transaction']>[0]>[0], userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: sha256(c) })));
  return codes;
}

export async function enable(ctx: Ctx, code: string) {
  const [u] = await ctx.db.select({ pending: users.totpPendingSecret }).from(users).where(eq(users.id, ctx.actor.userId));
  if (!u?.pending) throw badRequest('auth.2fa_no_setup', 'Hãy bắt đầu cài đặt xác thực hai bước trước.');
  const step = matchTotp(u.pending, code.trim(), ctx.clock.now());
  if (step === null) throw wrongCode();
  return ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ totpSecret: u.pending, totpPendingSecret: null, totpEnabledAt: ctx.clock.now(), totpLastStep: step })
      .where(eq(users.id, ctx.actor.userId));
    const codes = await storeRecoveryCodes(tx, ctx.actor.userId);
    await recordAudit(tx, sourceOf(ctx), {
      action: 'auth.2fa_enable',
      targetType: 'user',
      targetId: ctx.actor.userId,
      changes: { twoFactor: { old: false, new: true } },
    });
    return { recoveryCodes: codes };
  });
}

export async function disable(ctx: Ctx, password: string) {
  if (twoFactorRequired(ctx.actor, ctx.config))
    throw new AppError(403, 'auth.2fa_mandatory', 'Vai trò của bạn bắt buộc dùng xác thực hai bước; không thể tắt.');
  const [u] = await ctx.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, ctx.actor.userId));
  if (!u?.hash || !(await verifyPassword(u.hash, password)))
    throw badRequest('auth.wrong_password', 'Mật khẩu hiện tại không đúng.', [
      { field: 'password', message: 'Mật khẩu không đúng.' },
    ]);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null })
      .where(eq(users.id, ctx.actor.userId));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, ctx.actor.userId));
    await recordAudit(tx, sourceOf(ctx), {
      action: 'auth.2fa_disable',
      targetType: 'user',
      targetId: ctx.actor.userId,
      changes: { twoFactor: { old: true, new: false } },
    });
  });
}

/** After a correct password: the token the second step must present. */
export async function createChallenge(db: Db, userId: string, now: Date): Promise<string> {
  const token = newToken();
  await db.insert(authChallenges).values({ id: sha256(token), userId, expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS) });
  return token;
}

interface Deps {
  db: Db;
  clock: Clock;
  config: Config;
}

export async function completeChallenge(
  deps: Deps,
  input: { challenge: string; code?: string | undefined; recoveryCode?: string | undefined },
  meta: RequestMeta,
) {
  const now = deps.clock.now();
  const id = sha256(input.challenge);
  const [c] = await deps.db
    .select({
      userId: authChallenges.userId,
      expiresAt: authChallenges.expiresAt,
      usedAt: authChallenges.usedAt,
      attempts: authChallenges.attempts,
      secret: users.totpSecret,
      lastStep: users.totpLastStep,
    })
    .from(authChallenges)
    .innerJoin(users, eq(users.id, authChallenges.userId))
    .where(eq(authChallenges.id, id));
  if (!c || c.usedAt || c.expiresAt.getTime() < now.getTime() || c.attempts >= CHALLENGE_ATTEMPTS || !c.secret) {
    throw new AppError(401, 'auth.2fa_challenge', 'Phiên xác thực đã hết hạn. Vui lòng đăng nhập lại.');
  }
  let ok = false;
  let step: number | null = null;
  if (input.code) {
    step = matchTotp(c.secret, input.code.trim(), now);
    ok = step !== null && (c.lastStep === null || step > c.lastStep);
  } else if (input.recoveryCode) {
    const used = await deps.db
      .update(recoveryCodes)
      .set({ usedAt: now })
      .where(
        and(
          eq(recoveryCodes.userId, c.userId),
          eq(recoveryCodes.codeHash, sha256(normalizeRecoveryCode(input.recoveryCode))),
          isNull(recoveryCodes.usedAt),
        ),
      )
      .returning({ id: recoveryCodes.id });
    ok = used.length > 0;
  }
  if (!ok) {
    await deps.db
      .update(authChallenges)
      .set({ attempts: sql`${authChallenges.attempts} + 1` })
      .where(eq(authChallenges.id, id));
    throw wrongCode();
  }
  return deps.db.transaction(async (tx) => {
    const claimed = await tx
      .update(authChallenges)
      .set({ usedAt: now })
      .where(and(eq(authChallenges.id, id), isNull(authChallenges.usedAt)))
      .returning({ id: authChallenges.id });
    if (claimed.length === 0) throw new AppError(401, 'auth.2fa_challenge', 'Phiên xác thực đã hết hạn. Vui lòng đăng nhập lại.');
    if (step !== null) await tx.update(users).set({ totpLastStep: step }).where(eq(users.id, c.userId));
    await recordAudit(
      tx,
      { actorId: c.userId, requestId: meta.requestId, at: now },
      { action: input.code ? 'auth.sign_in_2fa' : 'auth.sign_in_recovery_code', targetType: 'user', targetId: c.userId },
    );
    return { userId: c.userId, session: await createSession(tx, c.userId, meta, now, deps.config) };
  });
}
