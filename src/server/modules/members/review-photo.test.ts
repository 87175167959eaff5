/**
 * "Không trùng" marks on likely duplicates (stored, audited, pair hidden, back after an edit) and
 * the e-card photo (typed by content, EXIF dropped, resized, never on the public check).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, inArray, or } from 'drizzle-orm';
import sharp from 'sharp';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call, makeMember, makeUnit, makeUser, sessionCookie, type TestUnit } from '../../testing/factories.ts';
import { auditLog, memberDuplicateDismissals, memberPhotos, storedFiles } from '../../db/schema.ts';

function multipart(filename: string, content: Buffer, mime: string) {
  const boundary = `----sotay${randomUUID()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, content, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A 1600×1200 phone photo with camera and GPS EXIF. */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Cam 1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 1/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '105/1 51/1 0/1' },
    })
    .jpeg()
    .toBuffer();
}

describe.each(ENGINES)('duplicate review and e-card photo on %s', (engine) => {
  let t: TestApp;
  let cellA: TestUnit;
  let secA: string;
  let secB: string;
  let memberCookie: string;
  let memberId: string;
  let twinA: string;
  let twinB: string;
  let cellB: TestUnit;

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2026-03-01T03:00:00Z'));
    const db = t.database.db;
    const ward = await makeUnit(db, { type: 'grassroots', name: 'Đảng bộ phường Hai' });
    cellA = await makeUnit(db, { parent: ward, type: 'cell', name: 'Chi bộ khu phố 3', code: 'KP3' });
    cellB = await makeUnit(db, { parent: ward, type: 'cell', name: 'Chi bộ khu phố 4', code: 'KP4' });
    // Two people with the same name (tone placed differently) and the same birthday.
    twinA = (await makeMember(db, { cell: cellA, fullName: 'Lê Thị Hoà', dateOfBirth: '1968-02-03' })).member.id;
    twinB = (await makeMember(db, { cell: cellA, fullName: 'Lê Thị Hòa', dateOfBirth: '1968-02-03' })).member.id;
    const { member } = await makeMember(db, { cell: cellA, fullName: 'Phạm Văn Ảnh', dateOfBirth: '1975-07-08' });
    memberId = member.id;
    memberCookie = await sessionCookie(db, t.config, (await makeUser(db, { memberId })).id, t.clock.now());
    secA = await sessionCookie(
      db,
      t.config,
      (await makeUser(db, { roles: [{ role: 'cell_secretary', unit: cellA }] })).id,
      t.clock.now(),
    );
    secB = await sessionCookie(
      db,
      t.config,
      (await makeUser(db, { roles: [{ role: 'cell_secretary', unit: cellB }] })).id,
      t.clock.now(),
    );
  });
  afterAll(async () => t.close());

  const reviewIds = async () => {
    const res = await call(t.app, secA, { method: 'GET', url: `/api/members/duplicates?unitId=${cellA.id}` });
    expect(res.statusCode).toBe(200);
    return (res.json() as { review: Array<{ members: Array<{ id: string }> }> }).review.map((g) =>
      g.members.map((m) => m.id).sort(),
    );
  };

  it('hides a pair marked "không trùng", audits it at the cell, and shows the group again when a third record joins it', async () => {
    expect(await reviewIds()).toContainEqual([twinA, twinB].sort());
    // The other cell's secretary cannot review these records.
    expect(
      (
        await call(t.app, secB, {
          method: 'POST',
          url: '/api/members/duplicates/dismiss',
          payload: { memberIds: [twinA, twinB] },
        })
      ).statusCode,
    ).toBe(404);
    // A pair that does not share name and date is refused.
    expect(
      (
        await call(t.app, secA, {
          method: 'POST',
          url: '/api/members/duplicates/dismiss',
          payload: { memberIds: [twinA, memberId] },
        })
      ).statusCode,
    ).toBe(400);

    const res = await call(t.app, secA, {
      method: 'POST',
      url: '/api/members/duplicates/dismiss',
      payload: { memberIds: [twinB, twinA], note: 'Hai người khác nhau, khác quê' },
    });
    expect(res.statusCode).toBe(200);
    expect(await reviewIds()).not.toContainEqual([twinA, twinB].sort());
    const rows = await t.database.db.select().from(memberDuplicateDismissals);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.memberA < rows[0]!.memberB).toBe(true);
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'member.duplicate_dismiss'));
    expect(audits.map((a) => a.targetId).sort()).toEqual([twinA, twinB].sort());
    expect(audits.every((a) => a.unitId === cellA.id)).toBe(true);

    // A second person with this name and date: the new pairs are open, so the group shows again.
    const third = (await makeMember(t.database.db, { cell: cellA, fullName: 'LÊ THỊ HOÀ', dateOfBirth: '1968-02-03' })).member.id;
    const groups = await call(t.app, secA, { method: 'GET', url: `/api/members/duplicates?unitId=${cellA.id}` });
    const g = (groups.json() as { review: Array<{ members: Array<{ id: string }>; openPairs: string[][] }> }).review.find((x) =>
      x.members.some((m) => m.id === third),
    )!;
    expect(g.openPairs).toHaveLength(2);
    expect(g.openPairs.some((p) => p.includes(twinA) && p.includes(twinB))).toBe(false);
  });

  it('takes a photo from the member, strips EXIF, crops it square, and keeps it off the public check', async () => {
    const fake = await call(t.app, memberCookie, {
      method: 'POST',
      url: '/api/me/card/photo',
      ...multipart('anh.jpg', Buffer.from('%PDF-1.4 not an image'), 'image/jpeg'),
    });
    expect(fake.statusCode).toBe(415);
    const up = await call(t.app, memberCookie, {
      method: 'POST',
      url: '/api/me/card/photo',
      ...multipart('IMG_2001.jpg', await phonePhoto(), 'image/jpeg'),
    });
    expect(up.statusCode).toBe(200);
    const card = await call(t.app, memberCookie, { method: 'GET', url: '/api/me/card' });
    const { photoUrl, token } = card.json() as { photoUrl: string; token: string };
    expect(photoUrl).toMatch(/^\/api\/me\/card\/photo\?v=/);
    const img = await call(t.app, memberCookie, { method: 'GET', url: photoUrl });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(img.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([600, 600]);
    // Staff of the cell see it; another cell does not; the public check carries no photo.
    expect((await call(t.app, secA, { method: 'GET', url: `/api/members/${memberId}/photo?thumb=1` })).statusCode).toBe(200);
    expect((await call(t.app, secB, { method: 'GET', url: `/api/members/${memberId}/photo` })).statusCode).toBe(404);
    const check = await call(t.app, undefined, { method: 'GET', url: `/api/cards/verify/${token}` });
    expect(Object.keys(check.json() as object).sort()).toEqual(['cellName', 'fullName', 'reason', 'valid']);
    expect(check.body).not.toContain('photo');
    expect(
      (
        await t.database.db
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.action, 'member.photo_own'), eq(auditLog.targetId, memberId)))
      ).length,
    ).toBe(1);
  });

  it('lets the secretary upload a photo for a member of the cell, not of another cell', async () => {
    expect(
      (
        await call(t.app, secB, {
          method: 'POST',
          url: `/api/members/${memberId}/photo`,
          ...multipart('a.jpg', await phonePhoto(), 'image/jpeg'),
        })
      ).statusCode,
    ).toBe(404);
    const photoFiles = async () =>
      t.database.db
        .select({ id: storedFiles.id, key: storedFiles.storageKey })
        .from(storedFiles)
        .innerJoin(memberPhotos, or(eq(memberPhotos.fileId, storedFiles.id), eq(memberPhotos.thumbFileId, storedFiles.id)))
        .where(eq(memberPhotos.memberId, memberId));
    const before = await photoFiles();
    expect(before).toHaveLength(2);
    const up = await call(t.app, secA, {
      method: 'POST',
      url: `/api/members/${memberId}/photo`,
      ...multipart('a.jpg', await phonePhoto(), 'image/jpeg'),
    });
    expect(up.statusCode).toBe(200);
    expect((up.json() as { photoUrl: string }).photoUrl).toMatch(new RegExp(`^/api/members/${memberId}/photo\\?v=`));
    // The replaced portrait is gone, row and bytes; the new one is served.
    const replaced = before.map((f) => f.id);
    expect(await t.database.db.select().from(storedFiles).where(inArray(storedFiles.id, replaced))).toEqual([]);
    for (const f of before) expect(fs.existsSync(path.join(t.config.filesDir, f.key))).toBe(false);
    const now = await photoFiles();
    expect(now).toHaveLength(2);
    for (const f of now) expect(fs.existsSync(path.join(t.config.filesDir, f.key))).toBe(true);
    expect((await call(t.app, secA, { method: 'GET', url: `/api/members/${memberId}/photo` })).statusCode).toBe(200);
  });

  it('finds a receiving cell by name inside the scope and by exact code outside it; lists what each side may do', async () => {
    const search = async (cookie: string, q: string) =>
      (
        (
          await call(t.app, cookie, { method: 'GET', url: `/api/members/transfer-targets?q=${encodeURIComponent(q)}` })
        ).json() as { items: Array<{ id: string }> }
      ).items.map((i) => i.id);
    expect(await search(secA, 'khu pho')).toEqual([cellA.id]);
    expect(await search(secA, 'kp4')).toEqual([cellB.id]);
    expect(await search(secA, 'KP')).toEqual([cellA.id]);
    const req = await call(t.app, secA, {
      method: 'POST',
      url: `/api/members/${twinA}/transfers`,
      payload: { toCellId: cellB.id, startDate: '2026-03-10', endDate: '2026-09-10' },
    });
    expect(req.statusCode).toBe(200);
    const abilities = async (cookie: string) =>
      (
        (await call(t.app, cookie, { method: 'GET', url: '/api/members/transfers' })).json() as {
          items: Array<{ abilities: object }>;
        }
      ).items.map((i) => i.abilities);
    expect(await abilities(secA)).toEqual([{ decide: false, cancel: true }]);
    expect(await abilities(secB)).toEqual([{ decide: true, cancel: false }]);
  });
});
