import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call, makeUnit, makeUser, sessionCookie } from '../../testing/factories.ts';
import { recordAudit } from './audit.service.ts';
import { sealAuditLog, verifyAuditChain } from './chain.ts';
import { resetInstallation } from '../../db/reset.ts';

describe.each(ENGINES)('audit hash chain on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  const write = async (n: number) => {
    for (let i = 0; i < n; i++) {
      await recordAudit(
        t.database.db,
        { actorId: null, requestId: `r${i}`, at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) },
        {
          action: 'test.write',
          targetType: 'thing',
          targetId: String(i),
          changes: { tên: { old: `cũ ${i}`, new: { b: 2, a: [1, 'ă'] } } },
        },
      );
    }
  };

  it('seals entries in order and verifies them', async () => {
    await write(30);
    expect(await sealAuditLog(t.database.db, 10)).toBe(10);
    expect(await sealAuditLog(t.database.db)).toBe(20);
    await write(5);
    const report = await verifyAuditChain(t.database.db);
    expect(report).toMatchObject({ ok: true, checked: 30, unsealed: 5 });
    await sealAuditLog(t.database.db);
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true, checked: 35, unsealed: 0 });
  });

  it('refuses updates, deletes and truncation of entries', async () => {
    await expect(
      t.database.db.execute(sql`UPDATE audit_log SET action = 'hidden' WHERE id = (SELECT min(id) FROM audit_log)`),
    ).rejects.toThrow();
    await expect(t.database.db.execute(sql`DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`TRUNCATE audit_log`)).rejects.toThrow();
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });

  it('detects an entry changed behind the trigger’s back', async () => {
    // An attacker with database rights can drop the trigger; the chain still tells.
    await t.database.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await t.database.db.execute(sql`UPDATE audit_log SET changes = '{"tên": {"old": "khác", "new": 1}}' WHERE chain_seq = 12`);
    await t.database.db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    const report = await verifyAuditChain(t.database.db);
    expect(report.ok).toBe(false);
    expect(report.brokenAt).toMatchObject({ chainSeq: 12, reason: expect.stringMatching(/thay đổi/) });
  });

  it('lets only the system admin verify through the API', async () => {
    const root = await makeUnit(t.database.db, { type: 'province' });
    const admin = await makeUser(t.database.db, { roles: [{ role: 'system_admin', unit: root }] });
    const unitAdmin = await makeUser(t.database.db, { roles: [{ role: 'unit_admin', unit: root }] });
    const res = await call(t.app, await sessionCookie(t.database.db, t.config, admin.id), {
      method: 'GET',
      url: '/api/audit/verify',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: false, brokenAt: { chainSeq: 12 } });
    expect(
      (await call(t.app, await sessionCookie(t.database.db, t.config, unitAdmin.id), { method: 'GET', url: '/api/audit/verify' }))
        .statusCode,
    ).toBe(403);
  });

  it('empties on a deliberate installation reset (schemas dropped and migrated again)', async () => {
    await resetInstallation(t.database);
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true, checked: 0 });
  });
});
