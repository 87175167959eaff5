import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { fixedClock } from '../../clock.ts';
import { testConfig } from '../../config.ts';
import { ENGINES, createTestDatabase, type TestDatabase } from '../../testing/databases.ts';
import { call, makeUnit, makeUser } from '../../testing/factories.ts';
import { SESSION_COOKIE } from '../../auth/sessions.ts';
import { totpCode } from '../../auth/totp.ts';
import type { FastifyInstance } from 'fastify';

const cookieOf = (res: { cookies: Array<{ name: string; value: string }> }) =>
  `${SESSION_COOKIE}=${res.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`;

describe.each(ENGINES)('two-factor sign-in on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const clock = fixedClock('2026-05-01T02:00:00Z');
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await buildApp({ database, config: testConfig({ REQUIRE_2FA: 'true' }), clock });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const signIn = (login: string, password: string) =>
    call(app, undefined, { method: 'POST', url: '/api/auth/sign-in', payload: { login, password } });

  it('makes a unit admin enrol before anything else, then asks for a code at every sign-in', async () => {
    const unit = await makeUnit(database.db, { type: 'province' });
    await makeUser(database.db, { username: 'qtv2fa', password: 'mat-khau-qtv', roles: [{ role: 'unit_admin', unit }] });
    const first = await signIn('qtv2fa', 'mat-khau-qtv');
    expect(first.statusCode).toBe(200);
    const cookie = cookieOf(first);
    expect(first.json()).toMatchObject({ user: { twoFactor: { enabled: false, required: true } } });
    const blocked = await call(app, cookie, { method: 'GET', url: '/api/units/roots' });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ code: 'auth.2fa_enrollment_required' });

    const setup = (await call(app, cookie, { method: 'POST', url: '/api/auth/2fa/setup' })).json() as {
      secret: string;
      otpauthUrl: string;
      qrSvg: string;
    };
    expect(setup.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(setup.qrSvg.startsWith('<svg')).toBe(true);
    const wrong = await call(app, cookie, { method: 'POST', url: '/api/auth/2fa/enable', payload: { code: '000000' } });
    expect(wrong.statusCode).toBe(400);
    const enabled = await call(app, cookie, {
      method: 'POST',
      url: '/api/auth/2fa/enable',
      payload: { code: totpCode(setup.secret, clock.now()) },
    });
    expect(enabled.statusCode).toBe(200);
    const { recoveryCodes } = enabled.json() as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect((await call(app, cookie, { method: 'GET', url: '/api/units/roots' })).statusCode).toBe(200);

    // Next sign-in: password alone gives no session, only a challenge.
    clock.advance(60_000);
    const step1 = await signIn('qtv2fa', 'mat-khau-qtv');
    const { challenge } = step1.json() as { challenge: string; twoFactorRequired: boolean };
    expect(step1.json()).toMatchObject({ twoFactorRequired: true });
    expect(step1.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
    const code = totpCode(setup.secret, clock.now());
    const step2 = await call(app, undefined, { method: 'POST', url: '/api/auth/sign-in/2fa', payload: { challenge, code } });
    expect(step2.statusCode).toBe(200);
    expect((await call(app, cookieOf(step2), { method: 'GET', url: '/api/units/roots' })).statusCode).toBe(200);

    // The same code cannot be replayed, even with a fresh challenge.
    const again = (await signIn('qtv2fa', 'mat-khau-qtv')).json() as { challenge: string };
    const replay = await call(app, undefined, {
      method: 'POST',
      url: '/api/auth/sign-in/2fa',
      payload: { challenge: again.challenge, code },
    });
    expect(replay.statusCode).toBe(400);

    // A recovery code works once.
    const rec = await call(app, undefined, {
      method: 'POST',
      url: '/api/auth/sign-in/2fa',
      payload: { challenge: again.challenge, recoveryCode: recoveryCodes[0]!.toUpperCase() },
    });
    expect(rec.statusCode).toBe(200);
    const again2 = (await signIn('qtv2fa', 'mat-khau-qtv')).json() as { challenge: string };
    expect(
      (
        await call(app, undefined, {
          method: 'POST',
          url: '/api/auth/sign-in/2fa',
          payload: { challenge: again2.challenge, recoveryCode: recoveryCodes[0] },
        })
      ).statusCode,
    ).toBe(400);

    // Mandatory for this role: it cannot be turned off.
    const off = await call(app, cookieOf(rec), {
      method: 'POST',
      url: '/api/auth/2fa/disable',
      payload: { password: 'mat-khau-qtv' },
    });
    expect(off.json()).toMatchObject({ code: 'auth.2fa_mandatory' });
  });

  it('expires a challenge and stops guessing after a few attempts', async () => {
    const unit = await makeUnit(database.db, { type: 'province' });
    await makeUser(database.db, { username: 'duyet2fa', password: 'mat-khau-duyet', roles: [{ role: 'approver', unit }] });
    const cookie = cookieOf(await signIn('duyet2fa', 'mat-khau-duyet'));
    const { secret } = (await call(app, cookie, { method: 'POST', url: '/api/auth/2fa/setup' })).json() as { secret: string };
    await call(app, cookie, { method: 'POST', url: '/api/auth/2fa/enable', payload: { code: totpCode(secret, clock.now()) } });
    clock.advance(60_000);
    const { challenge } = (await signIn('duyet2fa', 'mat-khau-duyet')).json() as { challenge: string };
    for (let i = 0; i < 5; i++)
      await call(app, undefined, { method: 'POST', url: '/api/auth/sign-in/2fa', payload: { challenge, code: '123456' } });
    const locked = await call(app, undefined, {
      method: 'POST',
      url: '/api/auth/sign-in/2fa',
      payload: { challenge, code: totpCode(secret, clock.now()) },
    });
    expect(locked.json()).toMatchObject({ code: 'auth.2fa_challenge' });
    const { challenge: c2 } = (await signIn('duyet2fa', 'mat-khau-duyet')).json() as { challenge: string };
    clock.advance(6 * 60_000);
    const expired = await call(app, undefined, {
      method: 'POST',
      url: '/api/auth/sign-in/2fa',
      payload: { challenge: c2, code: totpCode(secret, clock.now()) },
    });
    expect(expired.json()).toMatchObject({ code: 'auth.2fa_challenge' });
  });

  it('leaves members free of the requirement', async () => {
    const cell = await makeUnit(database.db, { type: 'cell' });
    await makeUser(database.db, { username: 'dv2fa', password: 'mat-khau-dv1', roles: [{ role: 'cell_secretary', unit: cell }] });
    const res = await signIn('dv2fa', 'mat-khau-dv1');
    expect(res.json()).toMatchObject({ user: { twoFactor: { required: false } } });
    expect((await call(app, cookieOf(res), { method: 'GET', url: '/api/members' })).statusCode).toBe(200);
  });
});
