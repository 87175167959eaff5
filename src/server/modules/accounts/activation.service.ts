/**
 * Assisted activation: a secretary or unit admin issues a one-time code (also a QR linking to the
 * activation page), valid 72 hours, single use. The member sets a password, or a 6-digit PIN
 * checked together with their date of birth, and is signed in.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { Db } from '../../db/client.ts';
import { activationCodes, members, users } from '../../db/schema.ts';
import { hashPassword } from '../../auth/password.ts';
import { createSession } from '../../auth/sessions.ts';
import { newActivationCode, normalizeActivationCode, sha256 } from '../../auth/tokens.ts';
import { assertNotLocked, recordFailure, RULES } from '../../auth/throttle.ts';
import { AppError, badRequest } from '../../http/errors.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Ctx } from '../../context.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import { validateNewPassword, type RequestMeta } from './accounts.service.ts';
import { load } from '../../auth/policies.ts';

export const ACTIVATION_TTL_MS = 72 * 3600_000;

interface Deps {
  db: Db;
  clock: Clock;
  config: Config;
}

const invalidCode = () =>
  new AppError(
    400,
    'activation.invalid_code',
    'Mã kích hoạt không đúng, đã hết hạn hoặc đã được sử dụng. Hãy xin bí thư chi bộ cấp mã mới.',
  );

/** Issues a fresh code for a member, creating their (pending) account if they have none. */
export async function issueActivationCode(ctx: Ctx, memberId: string) {
  const member = await load.member(ctx, memberId, 'accounts.manage');
  if (member.accountStatus === 'disabled')
    throw new AppError(409, 'activation.account_disabled', 'Tài khoản của đảng viên này đang bị khóa.');
  const code = newActivationCode();
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + ACTIVATION_TTL_MS);
  await ctx.db.transaction(async (tx) => {
    let userId = member.userId;
    if (!userId) {
      // The phone becomes a login only if no other account already uses it.
      const [taken] = member.phone ? await tx.select({ id: users.id }).from(users).where(eq(users.phone, member.phone)) : [];
      const [created] = await tx
        .insert(users)
        .values({
          memberId: member.id,
          displayName: member.fullName,
          phone: taken ? null : member.phone,
          status: 'pending',
          createdAt: now,
        })
        .returning({ id: users.id });
      userId = created!.id;
      await recordAudit(tx, sourceOf(ctx), {
        action: 'account.create',
        targetType: 'user',
        targetId: userId,
        unitId: member.cellId,
        unitPath: member.cellPath,
      });
    }
    // A new code replaces any earlier unused one: only the last printed sheet works.
    await tx
      .update(activationCodes)
      .set({ usedAt: now })
      .where(and(eq(activationCodes.userId, userId), isNull(activationCodes.usedAt)));
    await tx
      .insert(activationCodes)
      .values({ userId, codeHash: sha256(code), createdAt: now, expiresAt, createdBy: ctx.actor.userId });
    await recordAudit(tx, sourceOf(ctx), {
      action: 'account.activation_code',
      targetType: 'user',
      targetId: userId,
      unitId: member.cellId,
      unitPath: member.cellPath,
    });
  });
  const activationUrl = `${ctx.config.publicUrl}/kich-hoat?code=${encodeURIComponent(code)}`;
  const qrSvg = await QRCode.toString(activationUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { code, expiresAt, activationUrl, qrSvg };
}

async function findValidCode(db: Db, code: string, now: Date) {
  const [row] = await db
    .select({
      id: activationCodes.id,
      userId: activationCodes.userId,
      expiresAt: activationCodes.expiresAt,
      displayName: users.displayName,
      memberId: users.memberId,
      dateOfBirth: members.dateOfBirth,
      userStatus: users.status,
    })
    .from(activationCodes)
    .innerJoin(users, eq(users.id, activationCodes.userId))
    .leftJoin(members, eq(members.id, users.memberId))
    .where(
      and(
        eq(activationCodes.codeHash, sha256(normalizeActivationCode(code))),
        isNull(activationCodes.usedAt),
        gt(activationCodes.expiresAt, now),
      ),
    );
  return row && row.userStatus !== 'disabled' ? row : undefined;
}

async function failedAttempt(deps: Deps, meta: RequestMeta, now: Date): Promise<never> {
  await recordFailure(deps.db, `activation:${meta.ip}`, RULES.activation, now);
  await assertNotLocked(deps.db, [`activation:${meta.ip}`], now);
  throw invalidCode();
}

export async function checkActivation(deps: Deps, code: string, meta: RequestMeta) {
  const now = deps.clock.now();
  await assertNotLocked(deps.db, [`activation:${meta.ip}`], now);
  const row = await findValidCode(deps.db, code, now);
  if (!row) return failedAttempt(deps, meta, now);
  return { displayName: row.displayName, expiresAt: row.expiresAt };
}

export interface ActivateInput {
  code: string;
  password?: string | undefined;
  pin?: string | undefined;
  dateOfBirth?: string | undefined;
}

export async function activate(deps: Deps, input: ActivateInput, meta: RequestMeta) {
  const now = deps.clock.now();
  await assertNotLocked(deps.db, [`activation:${meta.ip}`], now);
  const row = await findValidCode(deps.db, input.code, now);
  if (!row) return failedAttempt(deps, meta, now);
  let passwordHash: string | null = null;
  let pinHash: string | null = null;
  if (input.password !== undefined) {
    validateNewPassword(input.password, 'password');
    passwordHash = await hashPassword(input.password);
  } else if (input.pin !== undefined) {
    if (!/^\d{6}$/.test(input.pin))
      throw badRequest('activation.pin_format', 'Mã PIN phải gồm đúng 6 chữ số.', [
        { field: 'pin', message: 'Mã PIN phải gồm đúng 6 chữ số.' },
      ]);
    if (!row.dateOfBirth || row.dateOfBirth !== input.dateOfBirth) {
      await recordFailure(deps.db, `activation:${meta.ip}`, RULES.activation, now);
      throw badRequest('activation.dob_mismatch', 'Ngày sinh không khớp với hồ sơ đảng viên.', [
        { field: 'dateOfBirth', message: 'Ngày sinh không khớp với hồ sơ.' },
      ]);
    }
    pinHash = await hashPassword(input.pin);
  } else {
    throw badRequest('activation.secret_required', 'Hãy đặt mật khẩu hoặc mã PIN.', [
      { field: 'password', message: 'Hãy đặt mật khẩu hoặc mã PIN.' },
    ]);
  }
  const session = await deps.db.transaction(async (tx) => {
    // Single use even under a double tap: only the request that flips used_at goes on.
    const claimed = await tx
      .update(activationCodes)
      .set({ usedAt: now })
      .where(and(eq(activationCodes.id, row.id), isNull(activationCodes.usedAt)))
      .returning({ id: activationCodes.id });
    if (claimed.length === 0) throw invalidCode();
    await tx
      .update(users)
      .set({ status: 'active', activatedAt: now, ...(passwordHash ? { passwordHash } : {}), ...(pinHash ? { pinHash } : {}) })
      .where(eq(users.id, row.userId));
    await recordAudit(
      tx,
      { actorId: row.userId, requestId: meta.requestId, at: now },
      {
        action: 'account.activate',
        targetType: 'user',
        targetId: row.userId,
        changes: { status: { old: 'pending', new: 'active' } },
      },
    );
    return createSession(tx, row.userId, meta, now, deps.config);
  });
  return { userId: row.userId, session };
}
