import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ENGINES } from '../testing/databases.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { call, makeMember, makeUnit, makeUser, sessionCookie, type TestUnit } from '../testing/factories.ts';
import { buildXlsx, multipart } from '../testing/members.factories.ts';
import { rowsOf } from '../db/client.ts';
import { findDuplicatesOf } from '../modules/members/record.ts';
import { activeCccdKeys, CccdKeyError, decryptCccd, encryptCccd, hashCccd, keysFromSecret, useCccdKeys } from './cccd-crypto.ts';
import { backfillCccd, CccdKeyMismatchError, verifyCccdKey } from './cccd-backfill.ts';

const PASSWORD = 'Mật-khẩu-thử-2026';

describe.each(ENGINES)('CCCD encrypted at rest on %s', (engine) => {
  let t: TestApp;
  let ward: TestUnit;
  let cell: TestUnit;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2026-03-01T03:00:00Z'));
    const db = t.database.db;
    ward = await makeUnit(db, { type: 'grassroots', code: `W-${engine}` });
    cell = await makeUnit(db, { parent: ward, type: 'cell', code: `W-${engine}.C1` });
    admin = await sessionCookie(
      db,
      t.config,
      (await makeUser(db, { roles: [{ role: 'unit_admin', unit: ward }] })).id,
      t.clock.now(),
    );
  });
  afterAll(async () => t.close());

  /** Every text value of the members, audit and correction tables, as the database holds them. */
  async function rawDump(): Promise<string> {
    const tables = ['members', 'audit_log', 'member_correction_requests'];
    const parts = await Promise.all(
      tables.map(async (tb) => JSON.stringify(rowsOf(await t.database.db.execute(sql.raw(`SELECT * FROM ${tb}`))))),
    );
    return parts.join('\n');
  }

  it('stores no plaintext CCCD: factory, record edit, import and correction request', async () => {
    const db = t.database.db;
    const { member } = await makeMember(db, { cell, cccd: '001070012345', fullName: 'Nguyễn Văn Một' });
    const patched = await call(t.app, admin, {
      method: 'PATCH',
      url: `/api/members/${member.id}`,
      payload: { cccd: '001070054321' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().member.cccd).toBe('001070054321');
    const file = await buildXlsx(
      ['Số CCCD', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Chi bộ'],
      [['001080067890', 'Trần Thị Hai', '01/02/1980', 'Nữ', cell.code]],
    );
    const body = multipart({ name: 'ds.xlsx', content: file });
    const imported = await call(t.app, admin, {
      method: 'POST',
      url: `/api/members/import?unitId=${ward.id}&dryRun=false`,
      payload: body.payload,
      headers: body.headers,
    });
    expect(imported.json().counts).toMatchObject({ created: 1 });
    const own = await makeUser(db, { memberId: member.id });
    const ownCookie = await sessionCookie(db, t.config, own.id, t.clock.now());
    const corr = await call(t.app, ownCookie, {
      method: 'POST',
      url: '/api/me/member/corrections',
      payload: { field: 'cccd', proposedValue: '001070099999', note: '' },
    });
    expect([200, 201]).toContain(corr.statusCode);
    expect(corr.json().correction.proposedValue).toBe('001070099999');

    const dump = await rawDump();
    for (const n of ['001070012345', '001070054321', '001080067890', '001070099999']) expect(dump).not.toContain(n);
    const rows = rowsOf<{ cccd: string | null; cccd_enc: string | null; cccd_masked: string | null }>(
      await db.execute(sql`SELECT cccd, cccd_enc, cccd_masked FROM members`),
    );
    expect(rows.every((r) => r.cccd === null)).toBe(true);
    expect(rows.filter((r) => r.cccd_enc?.startsWith('v1.')).length).toBe(2);
    expect(rows.map((r) => r.cccd_masked).sort()).toEqual(['0*********21', '0*********90']);

    // The secretary accepts the requested number: decrypted from the request, stored encrypted again.
    const decided = await call(t.app, admin, {
      method: 'POST',
      url: `/api/members/corrections/${corr.json().correction.id}/decision`,
      payload: { accept: true, note: '' },
    });
    expect(decided.statusCode).toBe(200);
    expect((await call(t.app, admin, { method: 'GET', url: `/api/members/${member.id}` })).json().member.cccd).toBe(
      '001070099999',
    );
    expect(await rawDump()).not.toContain('001070099999');
  });

  it('signs in by CCCD, finds a member by exact CCCD, and matches an import row by CCCD', async () => {
    const db = t.database.db;
    const { member } = await makeMember(db, { cell, cccd: '001070011111', fullName: 'Lê Văn Ba' });
    await makeUser(db, { memberId: member.id, password: PASSWORD });
    const ok = await call(t.app, undefined, {
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { login: '001070011111', password: PASSWORD },
    });
    expect(ok.statusCode).toBe(200);
    const wrong = await call(t.app, undefined, {
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { login: '001070011112', password: PASSWORD },
    });
    expect(wrong.statusCode).toBe(401);

    const found = await call(t.app, admin, { method: 'GET', url: `/api/members?unitId=${ward.id}&q=001070011111` });
    expect(found.json().items.map((i: { id: string }) => i.id)).toEqual([member.id]);
    expect(found.json().items[0].cccdMasked).toBe('0*********11');

    const file = await buildXlsx(['Số CCCD', 'Họ và tên', 'Số điện thoại'], [['001070011111', 'Lê Văn Ba', '0912345678']]);
    const body = multipart({ name: 'ds.xlsx', content: file });
    const res = await call(t.app, admin, {
      method: 'POST',
      url: `/api/members/import?unitId=${ward.id}&dryRun=false`,
      payload: body.payload,
      headers: body.headers,
    });
    expect(res.json().counts).toMatchObject({ created: 0, updated: 1 });
    const view = await call(t.app, admin, { method: 'GET', url: `/api/members/${member.id}` });
    expect(view.json().member.phone).toBe('0912345678');
  });

  it('finds the same CCCD as a certain duplicate and refuses it on another record', async () => {
    const db = t.database.db;
    const { member: a } = await makeMember(db, { cell, cccd: '001070022222' });
    const { member: b } = await makeMember(db, { cell, cccd: '001070033333' });
    const dups = await findDuplicatesOf(db, { id: b.id, cccd: '001070022222', nameKey: 'khong trung', dateOfBirth: null });
    expect(dups).toEqual([{ id: a.id, kind: 'cccd' }]);
    const res = await call(t.app, admin, { method: 'PATCH', url: `/api/members/${b.id}`, payload: { cccd: '001070022222' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('member.cccd_taken');
  });

  it('converts plaintext rows of an older database at start, once', async () => {
    const db = t.database.db;
    const { member } = await makeMember(db, { cell, cccd: null, fullName: 'Phạm Văn Cũ' });
    await makeUser(db, { memberId: member.id, password: PASSWORD });
    // What a database written before encryption holds: the number in the old plaintext column only.
    await db.execute(sql`UPDATE members SET cccd = '001070044444' WHERE id = ${member.id}`);
    expect(await backfillCccd(db, activeCccdKeys())).toBe(1);
    expect(await backfillCccd(db, activeCccdKeys())).toBe(0);
    const [row] = rowsOf<{ cccd: string | null; cccd_hash: string }>(
      await db.execute(sql`SELECT cccd, cccd_hash FROM members WHERE id = ${member.id}`),
    );
    expect(row).toEqual({ cccd: null, cccd_hash: hashCccd('001070044444') });
    const ok = await call(t.app, undefined, {
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { login: '001070044444', password: PASSWORD },
    });
    expect(ok.statusCode).toBe(200);
  });

  it('a wrong key cannot decrypt: clear errors at start and on read, and the server keeps answering', async () => {
    const db = t.database.db;
    const right = activeCccdKeys();
    const wrong = keysFromSecret('une autre clé, pas la bonne, 32+ caractères', 'CCCD_KEY');
    await verifyCccdKey(db, right);
    await expect(verifyCccdKey(db, wrong)).rejects.toBeInstanceOf(CccdKeyMismatchError);
    await expect(verifyCccdKey(db, wrong)).rejects.toThrow(/không khớp/);
    expect(() => decryptCccd(encryptCccd('001070055555', right), wrong)).toThrow(CccdKeyError);

    const { member } = await makeMember(db, { cell, cccd: '001070055555' });
    useCccdKeys(wrong);
    try {
      const res = await call(t.app, admin, { method: 'GET', url: `/api/members/${member.id}` });
      expect(res.statusCode).toBe(500);
      expect(res.json().code).toBe('cccd.key');
      expect(res.json().title).toMatch(/Không giải mã được số CCCD/);
      expect(JSON.stringify(res.json())).not.toContain('001070055555');
    } finally {
      useCccdKeys(right);
    }
    const again = await call(t.app, admin, { method: 'GET', url: `/api/members/${member.id}` });
    expect(again.json().member.cccd).toBe('001070055555');
  });
});
