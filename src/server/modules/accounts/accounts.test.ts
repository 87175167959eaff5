import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call, makeMember, makeUnit, makeUser, sessionCookie } from '../../testing/factories.ts';
import { auditLog, users } from '../../db/schema.ts';
import { SESSION_COOKIE } from '../../auth/sessions.ts';

function cookieOf(res: { cookies: Array<{ name: string; value: string }> }): string {
  const c = res.cookies.find((k) => k.name === SESSION_COOKIE);
  if (!c) throw new Error('no session cookie');
  return `${SESSION_COOKIE}=${c.value}`;
}

describe.each(ENGINES)('accounts on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2026-03-01T08:00:00Z'));
  });
  afterAll(async () => t.close());

  it('signs in with username, phone (any form) or CCCD, and sets an httpOnly SameSite cookie', async () => {
    const { member, cell } = await makeMember(t.database.db, { phone: '0912345001', cccd: '001070012345' });
    await makeUser(t.database.db, {
      username: 'bithu1',
      password: 'mat-khau-1',
      memberId: member.id,
      roles: [{ role: 'cell_secretary', unit: cell }],
    });
    await t.database.db.update(users).set({ phone: '0912345001' }).where(eq(users.username, 'bithu1'));
    for (const login of ['bithu1', 'BiThu1', '+84 912 345 001', '0912.345.001', '001070012345']) {
      const res = await call(t.app, undefined, {
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { login, password: 'mat-khau-1' },
      });
      expect(res.statusCode, login).toBe(200);
      const body = res.json() as { user: { username: string; abilities: { readMembers: boolean; manageOrg: boolean } } };
      expect(body.user.username).toBe('bithu1');
      expect(body.user.abilities.readMembers).toBe(true);
      expect(body.user.abilities.manageOrg).toBe(false);
      const set = String(res.headers['set-cookie']);
      expect(set).toMatch(/HttpOnly/i);
      expect(set).toMatch(/SameSite=Lax/i);
    }
  });

  it('rejects a wrong password with a Vietnamese 401, then locks the account with 429 and Retry-After', async () => {
    await makeUser(t.database.db, { username: 'khoa1', password: 'dung-roi-1' });
    let last;
    for (let i = 0; i < 5; i++) {
      last = await call(t.app, undefined, {
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { login: 'khoa1', password: 'sai' },
        remoteAddress: `10.0.0.${i}`,
      });
      if (i < 4) {
        expect(last.statusCode).toBe(401);
        expect(last.json()).toMatchObject({ code: 'auth.invalid_credentials' });
      }
    }
    expect(last!.statusCode).toBe(429);
    // Locked: even the right password waits until the lock ends.
    const locked = await call(t.app, undefined, {
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { login: 'khoa1', password: 'dung-roi-1' },
    });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(60);
    expect((locked.json() as { title: string }).title).toMatch(/thử lại sau \d+ phút/);
    t.clock.advance(16 * 60_000);
    const after = await call(t.app, undefined, {
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { login: 'khoa1', password: 'dung-roi-1' },
    });
    expect(after.statusCode).toBe(200);
  });

  it('lists, revokes and expires sessions; sign-out ends the session', async () => {
    await makeUser(t.database.db, { username: 'phien1', password: 'mat-khau-9' });
    const a = cookieOf(
      await call(t.app, undefined, {
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { login: 'phien1', password: 'mat-khau-9' },
      }),
    );
    const b = cookieOf(
      await call(t.app, undefined, {
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { login: 'phien1', password: 'mat-khau-9' },
      }),
    );
    const list = (await call(t.app, a, { method: 'GET', url: '/api/auth/sessions' })).json() as {
      items: Array<{ id: string; current: boolean }>;
    };
    expect(list.items).toHaveLength(2);
    const other = list.items.find((s) => !s.current)!;
    expect((await call(t.app, a, { method: 'DELETE', url: `/api/auth/sessions/${other.id}` })).statusCode).toBe(204);
    expect((await call(t.app, b, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await call(t.app, a, { method: 'POST', url: '/api/auth/sign-out' })).statusCode).toBe(204);
    expect((await call(t.app, a, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    // Idle expiry.
    const c = cookieOf(
      await call(t.app, undefined, {
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { login: 'phien1', password: 'mat-khau-9' },
      }),
    );
    t.clock.advance((t.config.SESSION_IDLE_DAYS + 1) * 86_400_000);
    expect((await call(t.app, c, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('answers the current session with 200 either way: the user, or null when signed out, unknown, revoked or idle', async () => {
    await makeUser(t.database.db, { username: 'phien2', password: 'mat-khau-10', displayName: 'Nguyễn Thị Phiên' });
    const session = async (cookie?: string) => {
      const res = await call(t.app, cookie, { method: 'GET', url: '/api/auth/session' });
      expect(res.statusCode).toBe(200);
      return (res.json() as { user: { username: string; displayName: string } | null }).user;
    };
    expect(await session()).toBeNull();
    expect(await session(`${SESSION_COOKIE}=not-a-token`)).toBeNull();
    const a = cookieOf(
      await call(t.app, undefined, {
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { login: 'phien2', password: 'mat-khau-10' },
      }),
    );
    // The same user /me shows.
    expect(await session(a)).toEqual((await call(t.app, a, { method: 'GET', url: '/api/auth/me' })).json());
    expect((await session(a))?.displayName).toBe('Nguyễn Thị Phiên');
    expect((await call(t.app, a, { method: 'POST', url: '/api/auth/sign-out' })).statusCode).toBe(204);
    expect(await session(a)).toBeNull();
    const b = cookieOf(
      await call(t.app, undefined, {
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { login: 'phien2', password: 'mat-khau-10' },
      }),
    );
    expect(await session(b)).not.toBeNull();
    t.clock.advance((t.config.SESSION_IDLE_DAYS + 1) * 86_400_000);
    expect(await session(b)).toBeNull();
  });

  it('rotates the session id at sign-in: the cookie carried before signing in stops working', async () => {
    await makeUser(t.database.db, { username: 'xoay1', password: 'mat-khau-xoay' });
    const before = cookieOf(
      await call(t.app, undefined, {
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { login: 'xoay1', password: 'mat-khau-xoay' },
      }),
    );
    const res = await call(t.app, before, {
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { login: 'xoay1', password: 'mat-khau-xoay' },
    });
    const after = cookieOf(res);
    expect(after).not.toBe(before);
    expect((await call(t.app, before, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await call(t.app, after, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
  });

  it('signs out everywhere', async () => {
    await makeUser(t.database.db, { username: 'khap1', password: 'mat-khau-khap' });
    const login = () =>
      call(t.app, undefined, {
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { login: 'khap1', password: 'mat-khau-khap' },
      });
    const a = cookieOf(await login());
    const b = cookieOf(await login());
    expect((await call(t.app, a, { method: 'POST', url: '/api/auth/sign-out-everywhere' })).statusCode).toBe(204);
    expect((await call(t.app, a, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await call(t.app, b, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('ends the sessions of a user whose roles change', async () => {
    const cell = await makeUnit(t.database.db, { type: 'cell' });
    const admin = await makeUser(t.database.db, { roles: [{ role: 'unit_admin', unit: cell }] });
    const adminCookie = await sessionCookie(t.database.db, t.config, admin.id, t.clock.now());
    const target = await makeUser(t.database.db, { username: 'quyen1', password: 'mat-khau-quyen' });
    const targetCookie = cookieOf(
      await call(t.app, undefined, {
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { login: 'quyen1', password: 'mat-khau-quyen' },
      }),
    );
    const assigned = await call(t.app, adminCookie, {
      method: 'POST',
      url: '/api/roles',
      payload: { userId: target.id, role: 'cell_deputy', unitId: cell.id },
    });
    expect(assigned.statusCode).toBe(201);
    expect((await call(t.app, targetCookie, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const again = cookieOf(
      await call(t.app, undefined, {
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { login: 'quyen1', password: 'mat-khau-quyen' },
      }),
    );
    const me = (await call(t.app, again, { method: 'GET', url: '/api/auth/me' })).json() as { roles: Array<{ role: string }> };
    expect(me.roles.map((r) => r.role)).toContain('cell_deputy');
  });

  it('changes the password, signing out the other devices', async () => {
    await makeUser(t.database.db, { username: 'doimk', password: 'cu-mat-khau-1' });
    const a = cookieOf(
      await call(t.app, undefined, {
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { login: 'doimk', password: 'cu-mat-khau-1' },
      }),
    );
    const b = cookieOf(
      await call(t.app, undefined, {
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { login: 'doimk', password: 'cu-mat-khau-1' },
      }),
    );
    const wrong = await call(t.app, a, {
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: 'khong-dung', newPassword: 'moi-mat-khau-2' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ errors: [{ field: 'currentPassword' }] });
    const weak = await call(t.app, a, {
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: 'cu-mat-khau-1', newPassword: '12345678' },
    });
    expect(weak.json()).toMatchObject({ code: 'auth.weak_password' });
    expect(
      (
        await call(t.app, a, {
          method: 'POST',
          url: '/api/auth/password',
          payload: { currentPassword: 'cu-mat-khau-1', newPassword: 'moi-mat-khau-2' },
        })
      ).statusCode,
    ).toBe(204);
    expect((await call(t.app, a, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    expect((await call(t.app, b, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    expect(
      (
        await call(t.app, undefined, {
          method: 'POST',
          url: '/api/auth/sign-in',
          payload: { login: 'doimk', password: 'moi-mat-khau-2' },
        })
      ).statusCode,
    ).toBe(200);
  });

  describe('assisted activation', () => {
    it('issues a code a member uses once to set a password and is signed in', async () => {
      const cell = await makeUnit(t.database.db, { type: 'cell' });
      const secretary = await makeUser(t.database.db, { roles: [{ role: 'cell_secretary', unit: cell }] });
      const cookie = await sessionCookie(t.database.db, t.config, secretary.id, t.clock.now());
      const { member } = await makeMember(t.database.db, { cell, fullName: 'Trần Thị Hòa', dateOfBirth: '1948-02-03' });
      const issued = await call(t.app, cookie, { method: 'POST', url: `/api/members/${member.id}/activation-code` });
      expect(issued.statusCode).toBe(200);
      const { code, activationUrl, qrSvg, expiresAt } = issued.json() as {
        code: string;
        activationUrl: string;
        qrSvg: string;
        expiresAt: string;
      };
      expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      expect(activationUrl).toContain(`/kich-hoat?code=${code}`);
      expect(qrSvg.startsWith('<svg')).toBe(true);
      expect(new Date(expiresAt).getTime() - t.clock.now().getTime()).toBe(72 * 3600_000);

      const check = await call(t.app, undefined, {
        method: 'POST',
        url: '/api/auth/activation/check',
        payload: { code: code.toLowerCase().replace('-', ' ') },
      });
      expect(check.json()).toMatchObject({ displayName: 'Trần Thị Hòa' });
      const done = await call(t.app, undefined, {
        method: 'POST',
        url: '/api/auth/activate',
        payload: { code, password: 'hoa-1948-mk' },
      });
      expect(done.statusCode).toBe(200);
      expect(done.json()).toMatchObject({ user: { displayName: 'Trần Thị Hòa', roles: [{ role: 'member', unitId: cell.id }] } });
      expect((await call(t.app, cookieOf(done), { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
      const again = await call(t.app, undefined, {
        method: 'POST',
        url: '/api/auth/activate',
        payload: { code, password: 'hoa-1948-mk' },
      });
      expect(again.statusCode).toBe(400);
      expect(again.json()).toMatchObject({ code: 'activation.invalid_code' });
      const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'account.activate'));
      expect(audit.length).toBeGreaterThan(0);
    });

    it('accepts a PIN with the matching date of birth, and the PIN signs in with it', async () => {
      const cell = await makeUnit(t.database.db, { type: 'cell' });
      const admin = await makeUser(t.database.db, { roles: [{ role: 'unit_admin', unit: cell }] });
      const cookie = await sessionCookie(t.database.db, t.config, admin.id, t.clock.now());
      const { member } = await makeMember(t.database.db, {
        cell,
        dateOfBirth: '1940-10-10',
        cccd: '001040099999',
        phone: '0988000111',
      });
      const { code } = (
        await call(t.app, cookie, { method: 'POST', url: `/api/members/${member.id}/activation-code` })
      ).json() as { code: string };
      const badDob = await call(t.app, undefined, {
        method: 'POST',
        url: '/api/auth/activate',
        payload: { code, pin: '123456', dateOfBirth: '1941-10-10' },
      });
      expect(badDob.json()).toMatchObject({ code: 'activation.dob_mismatch' });
      const ok = await call(t.app, undefined, {
        method: 'POST',
        url: '/api/auth/activate',
        payload: { code, pin: '246810', dateOfBirth: '1940-10-10' },
      });
      expect(ok.statusCode).toBe(200);
      const signIn = await call(t.app, undefined, {
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { login: '0988000111', pin: '246810', dateOfBirth: '1940-10-10' },
      });
      expect(signIn.statusCode).toBe(200);
      const wrongDob = await call(t.app, undefined, {
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { login: '0988000111', pin: '246810', dateOfBirth: '1940-10-11' },
      });
      expect(wrongDob.statusCode).toBe(401);
    });

    it('expires codes after 72 hours and a new code replaces the old one', async () => {
      const cell = await makeUnit(t.database.db, { type: 'cell' });
      const admin = await makeUser(t.database.db, { roles: [{ role: 'unit_admin', unit: cell }] });
      const cookie = await sessionCookie(t.database.db, t.config, admin.id, t.clock.now());
      const { member } = await makeMember(t.database.db, { cell });
      const first = (await call(t.app, cookie, { method: 'POST', url: `/api/members/${member.id}/activation-code` })).json() as {
        code: string;
      };
      const second = (await call(t.app, cookie, { method: 'POST', url: `/api/members/${member.id}/activation-code` })).json() as {
        code: string;
      };
      expect(
        (await call(t.app, undefined, { method: 'POST', url: '/api/auth/activation/check', payload: { code: first.code } }))
          .statusCode,
      ).toBe(400);
      expect(
        (await call(t.app, undefined, { method: 'POST', url: '/api/auth/activation/check', payload: { code: second.code } }))
          .statusCode,
      ).toBe(200);
      t.clock.advance(72 * 3600_000 + 1000);
      expect(
        (await call(t.app, undefined, { method: 'POST', url: '/api/auth/activation/check', payload: { code: second.code } }))
          .statusCode,
      ).toBe(400);
    });

    it('throttles guessing of activation codes per address', async () => {
      let res;
      for (let i = 0; i < 11; i++) {
        res = await call(t.app, undefined, {
          method: 'POST',
          url: '/api/auth/activation/check',
          payload: { code: `ZZZZ-ZZ${String(i).padStart(2, '2')}` },
          remoteAddress: '10.9.9.9',
        });
      }
      expect(res!.statusCode).toBe(429);
      expect(res!.headers['retry-after']).toBeDefined();
    });
  });
});
