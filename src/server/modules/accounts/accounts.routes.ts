import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleDeps } from '../../app.ts';
import { SESSION_COOKIE, actorFromToken, revokeSession } from '../../auth/sessions.ts';
import { sha256 } from '../../auth/tokens.ts';
import { unauthenticated } from '../../http/errors.ts';
import { changePassword, meOf, mySessions, revokeMySession, signIn, signOut, signOutEverywhere } from './accounts.service.ts';
import { activate, checkActivation } from './activation.service.ts';
import { completeChallenge, disable, enable, startSetup } from './two-factor.service.ts';
import {
  PasswordBody,
  RecoveryCodes,
  SignInResult,
  TwoFactorBody,
  TwoFactorCode,
  TwoFactorSetup,
  ActivateBody,
  ActivationCheck,
  ChangePasswordBody,
  CodeBody,
  IdParam,
  SessionList,
  SessionState,
  SignInBody,
  UserEnvelope,
  Me,
} from './accounts.schemas.ts';

function setSessionCookie(reply: FastifyReply, deps: ModuleDeps, token: string, expiresAt: Date) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.publicUrl.startsWith('https://'),
    expires: expiresAt,
  });
}

function meta(request: FastifyRequest) {
  return { ip: request.ip, userAgent: String(request.headers['user-agent'] ?? ''), requestId: String(request.id) };
}

/**
 * Session fixation defence: whatever session the browser carried before signing in (or
 * activating) ends, and only the new one, with a new id, is valid.
 */
async function endPreviousSession(request: FastifyRequest, deps: ModuleDeps) {
  const previous = request.cookies[SESSION_COOKIE];
  if (previous) await revokeSession(deps.database.db, sha256(previous), deps.clock.now());
}

/** The user a session token stands for, as /me shows it; null when unknown, revoked, idle or expired. */
async function userOfToken(deps: ModuleDeps, token: string | undefined) {
  const actor = token ? await actorFromToken(deps.database.db, token, deps.clock.now(), deps.config) : null;
  return actor ? meOf(actor, deps.config) : null;
}

/** After sign-in or activation: the new session's user. */
async function meForToken(deps: ModuleDeps, token: string) {
  const me = await userOfToken(deps, token);
  if (!me) throw unauthenticated();
  return me;
}

export async function accountsRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['accounts'];
  const svc = { db: deps.database.db, clock: deps.clock, config: deps.config };

  r.post(
    '/api/auth/sign-in',
    {
      config: { permission: 'public' },
      schema: { tags, summary: 'Đăng nhập', body: SignInBody, response: { 200: SignInResult } },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await signIn(
        svc,
        { login: b.login, ...('password' in b ? { password: b.password } : { pin: b.pin, dateOfBirth: b.dateOfBirth }) },
        meta(request),
      );
      if ('challenge' in result && result.challenge) return { twoFactorRequired: true as const, challenge: result.challenge };
      const session = result.session!;
      await endPreviousSession(request, deps);
      setSessionCookie(reply, deps, session.token, session.expiresAt);
      return { user: await meForToken(deps, session.token) };
    },
  );

  r.post(
    '/api/auth/sign-in/2fa',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Bước 2 của đăng nhập: mã xác thực hoặc mã khôi phục',
        body: TwoFactorBody,
        response: { 200: UserEnvelope },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const { session } = await completeChallenge(
        svc,
        { challenge: b.challenge, ...('code' in b ? { code: b.code } : { recoveryCode: b.recoveryCode }) },
        meta(request),
      );
      await endPreviousSession(request, deps);
      setSessionCookie(reply, deps, session.token, session.expiresAt);
      return { user: await meForToken(deps, session.token) };
    },
  );

  const own = { permission: 'authenticated' as const, allowWithout2fa: true };
  r.post(
    '/api/auth/2fa/setup',
    { config: own, schema: { tags, summary: 'Bắt đầu cài đặt xác thực hai bước', response: { 200: TwoFactorSetup } } },
    async (request) => startSetup(deps.ctx(request)),
  );
  r.post(
    '/api/auth/2fa/enable',
    {
      config: own,
      schema: {
        tags,
        summary: 'Bật xác thực hai bước (xác nhận bằng mã đầu tiên)',
        body: TwoFactorCode,
        response: { 200: RecoveryCodes },
      },
    },
    async (request) => enable(deps.ctx(request), request.body.code),
  );
  r.post(
    '/api/auth/2fa/disable',
    { config: own, schema: { tags, summary: 'Tắt xác thực hai bước', body: PasswordBody } },
    async (request, reply) => {
      await disable(deps.ctx(request), request.body.password);
      return reply.status(204).send();
    },
  );

  r.post('/api/auth/sign-out', { config: own, schema: { tags, summary: 'Đăng xuất' } }, async (request, reply) => {
    await signOut(deps.ctx(request));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  r.post(
    '/api/auth/sign-out-everywhere',
    { config: own, schema: { tags, summary: 'Đăng xuất trên mọi thiết bị' } },
    async (request, reply) => {
      await signOutEverywhere(deps.ctx(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/auth/me',
    { config: own, schema: { tags, summary: 'Tài khoản đang đăng nhập', response: { 200: Me } } },
    async (request) => meOf(deps.ctx(request).actor, deps.config),
  );

  // What the app asks first on every visit. Signed out is an answer here, not an error: /me's 401 was
  // logged as a failed request in the console of every signed-out visitor (the sign-in page's only
  // Lighthouse best-practice finding).
  r.get(
    '/api/auth/session',
    {
      config: { permission: 'public' },
      schema: { tags, summary: 'Phiên hiện tại (user: null khi chưa đăng nhập)', response: { 200: SessionState } },
    },
    async (request) => ({
      user: await userOfToken(deps, request.cookies[SESSION_COOKIE]),
    }),
  );

  r.post(
    '/api/auth/password',
    { config: own, schema: { tags, summary: 'Đổi mật khẩu', body: ChangePasswordBody } },
    async (request, reply) => {
      await changePassword(deps.ctx(request), request.body.currentPassword, request.body.newPassword);
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/auth/sessions',
    { config: own, schema: { tags, summary: 'Các phiên đăng nhập', response: { 200: SessionList } } },
    async (request) => ({
      items: await mySessions(deps.ctx(request)),
    }),
  );

  r.delete(
    '/api/auth/sessions/:id',
    { config: own, schema: { tags, summary: 'Thu hồi phiên', params: IdParam } },
    async (request, reply) => {
      await revokeMySession(deps.ctx(request), request.params.id);
      return reply.status(204).send();
    },
  );

  r.post(
    '/api/auth/activation/check',
    {
      config: { permission: 'public' },
      schema: { tags, summary: 'Kiểm tra mã kích hoạt', body: CodeBody, response: { 200: ActivationCheck } },
    },
    async (request) => checkActivation(svc, request.body.code, meta(request)),
  );

  r.post(
    '/api/auth/activate',
    {
      config: { permission: 'public' },
      schema: { tags, summary: 'Kích hoạt tài khoản', body: ActivateBody, response: { 200: UserEnvelope } },
    },
    async (request, reply) => {
      const b = request.body;
      const { session } = await activate(
        svc,
        { code: b.code, ...('password' in b ? { password: b.password } : { pin: b.pin, dateOfBirth: b.dateOfBirth }) },
        meta(request),
      );
      await endPreviousSession(request, deps);
      setSessionCookie(reply, deps, session.token, session.expiresAt);
      return { user: await meForToken(deps, session.token) };
    },
  );
}
