import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call, makeUnit, makeUser, sessionCookie } from '../../testing/factories.ts';
import { makePerson, type Person } from '../../testing/meetings.factories.ts';

describe.each(ENGINES)('disciplinary records on %s', (engine) => {
  let t: TestApp;
  let secretary: Person;
  let member: Person;
  let other: Person;
  let committee: string;
  let outsider: string;
  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2026-05-10T03:00:00Z'));
    const db = t.database.db;
    const ward = await makeUnit(db, { type: 'grassroots', name: 'Đảng bộ phường Kỷ Luật' });
    const cell = await makeUnit(db, { parent: ward, type: 'cell', name: 'Chi bộ khu phố Kỷ Luật' });
    const far = await makeUnit(db, { type: 'grassroots', name: 'Đảng bộ phường Xa' });
    secretary = await makePerson(db, t.config, cell, { fullName: 'Bí Thư Chi Bộ', secretary: true });
    member = await makePerson(db, t.config, cell, { fullName: 'Đảng Viên Bị Kỷ Luật' });
    other = await makePerson(db, t.config, cell, { fullName: 'Đảng Viên Khác' });
    committee = await sessionCookie(db, t.config, (await makeUser(db, { roles: [{ role: 'committee_member', unit: ward }] })).id);
    outsider = await sessionCookie(db, t.config, (await makeUser(db, { roles: [{ role: 'committee_member', unit: far }] })).id);
  });
  afterAll(async () => t.close());

  const url = (p: Person, what: string) => `/api/members/${p.memberId}/${what}`;

  it('the committee records a discipline and a suspension; dates are checked', async () => {
    const rec = await call(t.app, committee, {
      method: 'POST',
      url: url(member, 'disciplines'),
      payload: {
        decidedOn: '2026-04-10',
        form: 'reprimand',
        decidedBy: 'Ban Thường vụ Đảng ủy phường',
        documentNumber: '12-QĐ/ĐU',
      },
    });
    expect(rec.statusCode).toBe(200);
    expect(rec.json().disciplines).toHaveLength(1);
    const bad = await call(t.app, committee, {
      method: 'POST',
      url: url(member, 'suspensions'),
      payload: { kind: 'suspended', fromDate: '2026-05-01', toDate: '2026-04-01' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().title).toBe('Ngày kết thúc phải sau ngày bắt đầu.');
    expect(
      (
        await call(t.app, committee, {
          method: 'POST',
          url: url(member, 'suspensions'),
          payload: { kind: 'detained', fromDate: '2026-05-01' },
        })
      ).statusCode,
    ).toBe(200);
    // The cell's secretary reads it but does not record; a committee elsewhere sees nothing.
    expect(
      (
        await call(t.app, secretary.cookie, {
          method: 'POST',
          url: url(member, 'disciplines'),
          payload: { decidedOn: '2026-04-10', form: 'warning', decidedBy: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await call(t.app, outsider, {
          method: 'POST',
          url: url(member, 'suspensions'),
          payload: { kind: 'detained', fromDate: '2026-05-01' },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('is shown only to the roles that need it and to the member', async () => {
    const get = (cookie: string) => call(t.app, cookie, { method: 'GET', url: url(member, 'discipline') });
    expect((await get(secretary.cookie)).json().disciplines[0]).toMatchObject({ form: 'reprimand', documentNumber: '12-QĐ/ĐU' });
    expect((await get(member.cookie)).json().suspensions[0]).toMatchObject({ kind: 'detained', toDate: null });
    expect((await get(other.cookie)).statusCode).toBe(404);
    expect((await get(outsider)).statusCode).toBe(404);
  });
});
