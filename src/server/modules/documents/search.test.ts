import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call, makeUser, sessionCookie } from '../../testing/factories.ts';
import { libraryOrg, makeDocument } from '../../testing/documents.factories.ts';
import { actorFromToken } from '../../auth/sessions.ts';
import { search } from './search.service.ts';
import { candidateLists } from './search-cache.ts';
import { sql } from 'drizzle-orm';

type Org = Awaited<ReturnType<typeof libraryOrg>>;
interface Hit {
  id: string;
  title: string;
  matchedIn: string;
  snippet: Array<{ text: string; mark: boolean }>;
}

describe.each(ENGINES)('library search on %s', (engine) => {
  let t: TestApp;
  let o: Org;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2025-06-01T08:00:00Z'));
    o = await libraryOrg(t);
    const db = t.database.db;
    ids.nq57 = await makeDocument(db, {
      unit: o.city1,
      symbol: '57-NQ/TW',
      issueDate: '2024-12-22',
      title: 'Nghị quyết về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia',
      text:
        'Mở đầu. '.repeat(50) +
        'Phát triển khoa học, công nghệ là đột phá quan trọng hàng đầu, là động lực chính để phát triển nhanh lực lượng sản xuất hiện đại. ' +
        'Phần cuối. '.repeat(50),
    });
    ids.hd42 = await makeDocument(db, {
      unit: o.city1,
      symbol: '42-HD/BTCTW',
      issueDate: '2025-10-28',
      title: 'Hướng dẫn nâng cao chất lượng sinh hoạt chi bộ',
      text: 'Chi bộ sinh hoạt thường kỳ mỗi tháng một lần; sinh hoạt chuyên đề ít nhất mỗi quý một lần.',
    });
    ids.kh = await makeDocument(db, {
      unit: o.city1,
      symbol: '12-KH/ThU',
      issueDate: '2025-02-01',
      title: 'Kế hoạch tuyên truyền về hoà bình',
      text: 'Thực hiện Nghị quyết 57 trong toàn Đảng bộ thành phố.',
    });
    ids.old = await makeDocument(db, {
      unit: o.city1,
      symbol: '5-CT/ThU',
      issueDate: '2020-03-01',
      title: 'Chỉ thị cũ về chuyển đổi số',
      text: 'Nội dung cũ.',
    });
    ids.news = await makeDocument(db, {
      unit: o.city1,
      kind: 'news',
      category: 'local',
      title: 'Phường Hòa Bình ra mắt mô hình chuyển đổi số',
    });
    // Secrets elsewhere: city 2 only, a draft, a scheduled item.
    ids.city2 = await makeDocument(db, {
      unit: o.city2,
      symbol: '99-NQ/ThU',
      title: 'Nghị quyết bí mật của thành phố Hai',
      text: 'Đột phá phát triển khoa học riêng thành phố Hai.',
    });
    ids.draft = await makeDocument(db, { unit: o.city1, status: 'draft', title: 'Bản nháp đột phá khoa học' });
    ids.later = await makeDocument(db, {
      unit: o.city1,
      title: 'Đột phá khoa học sắp công bố',
      publishAt: new Date('2025-07-01T00:00:00Z'),
    });
  });
  afterAll(async () => t.close());

  async function find(cookie: string, q: string, extra = '') {
    const res = await call(t.app, cookie, { method: 'GET', url: `/api/library/search?q=${encodeURIComponent(q)}${extra}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Hit[]; total: number; totalCapped: boolean; tookMs: number };
  }

  it('finds a phrase from inside the file without diacritics, with a highlighted snippet', async () => {
    const r = await find(o.memberA.cookie, 'dong luc chinh de phat trien nhanh');
    expect(r.items.map((i) => i.id)).toEqual([ids.nq57]);
    expect(r.items[0]!.matchedIn).toBe('text');
    const marked = r.items[0]!.snippet.filter((p) => p.mark).map((p) => p.text.toLowerCase());
    expect(marked.join(' ')).toContain('động lực chính để phát triển nhanh');
    expect(r.items[0]!.snippet.map((p) => p.text).join('')).toContain('lực lượng sản xuất');
  });

  it('matches either tone placement and diacritics', async () => {
    for (const q of ['hoà bình', 'hòa bình', 'hoa binh', 'HOÀ BÌNH']) {
      const r = await find(o.memberA.cookie, q);
      expect(r.items.map((i) => i.id).sort(), q).toEqual([ids.kh, ids.news].sort());
    }
  });

  it('finds a symbol typed loosely and ranks it first', async () => {
    for (const q of ['57-NQ/TW', '57/NQ-TW', 'nq 57', 'nghị quyết 57', 'nghi quyet 57', 'NQ57']) {
      const r = await find(o.memberA.cookie, q);
      expect(r.items[0]?.id, q).toBe(ids.nq57);
      expect(r.items[0]?.matchedIn, q).toBe('symbol');
    }
    // The plan that mentions "Nghị quyết 57" in its text comes after the resolution itself.
    const r = await find(o.memberA.cookie, 'nghị quyết 57');
    expect(r.items.map((i) => i.id)).toEqual([ids.nq57, ids.kh]);
  });

  it("keeps a symbol's leading zero for display and finds it typed either way", async () => {
    const zero = await makeDocument(t.database.db, {
      unit: o.city1,
      symbol: '07-HD/TU',
      issueDate: '2023-05-05',
      title: 'Hướng dẫn về số không đứng đầu',
    });
    const plain = await makeDocument(t.database.db, {
      unit: o.city1,
      symbol: '8-QC/TU',
      issueDate: '2023-05-06',
      title: 'Quy chế về số không đứng đầu',
    });
    for (const q of ['07-HD/TU', '7-HD/TU', 'hd 7', 'hd 07', 'hướng dẫn 07']) {
      const r = await find(o.memberA.cookie, q);
      expect(r.items[0]?.id, q).toBe(zero);
      expect(r.items[0]?.matchedIn, q).toBe('symbol');
    }
    const r = await find(o.memberA.cookie, 'hd 7');
    expect((r.items[0] as Hit & { symbol: string }).symbol).toBe('07-HD/TU');
    for (const q of ['08-QC/TU', 'qc 08', '8-QC/TU']) expect((await find(o.memberA.cookie, q)).items[0]?.id, q).toBe(plain);
  });

  it('matches by prefix while typing and ranks title matches before text, newer first', async () => {
    const r = await find(o.memberA.cookie, 'chuyen doi s');
    // Title matches (newest first), then nothing only-in-text here.
    expect(r.items.map((i) => i.id)).toEqual([ids.news, ids.nq57, ids.old]);
    const t2 = await find(o.memberA.cookie, 'sinh hoat chuyen d');
    expect(t2.items.map((i) => i.id)).toEqual([ids.hd42]);
  });

  it('filters by type, issuer, year, kind and unit', async () => {
    expect((await find(o.memberA.cookie, 'chuyen doi so', '&type=CT')).items.map((i) => i.id)).toEqual([ids.old]);
    expect((await find(o.memberA.cookie, 'chuyen doi so', '&kind=news')).items.map((i) => i.id)).toEqual([ids.news]);
    expect((await find(o.memberA.cookie, '', '&issuer=BTCTW')).items.map((i) => i.id)).toEqual([ids.hd42]);
    expect((await find(o.memberA.cookie, '', '&year=2024')).items.map((i) => i.id)).toEqual([ids.nq57]);
    expect((await find(o.memberA.cookie, '', `&unitId=${o.city2.id}`)).total).toBe(0);
  });

  it('returns nothing to a member of a different city, counts and snippets included', async () => {
    // Each query twice, and first by a member of city 1: the second time comes from the candidate
    // list built with city 1's items in it.
    for (const round of [1, 2]) {
      for (const q of ['dot pha phat trien khoa hoc', 'nghị quyết 57', 'chuyen doi so', 'hoa binh']) {
        await find(o.memberA.cookie, q);
        const r = await find(o.memberB.cookie, q);
        for (const i of r.items) expect([ids.city2], `${q}, round ${round}`).toContain(i.id);
        expect(r.total).toBe(r.items.length);
      }
    }
    const r = await find(o.memberB.cookie, 'dong luc chinh de phat trien nhanh');
    expect(r).toMatchObject({ items: [], total: 0 });
    // City 2's own document reaches its member but never city 1's.
    const mine = await find(o.memberB.cookie, 'dot pha khoa hoc');
    expect(mine.items.map((i) => i.id)).toEqual([ids.city2]);
    expect(mine.total).toBe(1);
    // And city 1's member sees neither city 2's item, the draft nor the scheduled one.
    const a = await find(o.memberA.cookie, 'dot pha khoa hoc');
    expect(a.items.map((i) => i.id)).toEqual([ids.nq57]);
    expect(a.total).toBe(1);
    expect(JSON.stringify(a)).not.toMatch(/bí mật|nháp|sắp công bố/);
  });

  it('shows scheduled items once due', async () => {
    t.clock.set('2025-07-01T00:00:01Z');
    const a = await find(o.memberA.cookie, 'dot pha khoa hoc');
    expect(a.items.map((i) => i.id).sort()).toEqual([ids.nq57, ids.later].sort());
    t.clock.set('2025-06-01T08:00:00Z');
  });

  it('pages through the ranks in order, with the same total on every page', async () => {
    const full = await find(o.memberA.cookie, 'chuyen doi so');
    expect(full.total).toBe(full.items.length);
    const paged: string[] = [];
    for (let offset = 0; offset < full.items.length + 1; offset++) {
      const page = await find(o.memberA.cookie, 'chuyen doi so', `&limit=1&offset=${offset}`);
      expect(page.total, `offset ${offset}`).toBe(full.total);
      expect(page.totalCapped).toBe(false);
      paged.push(...page.items.map((i) => i.id));
    }
    expect(paged).toEqual(full.items.map((i) => i.id));
    // Symbol first, then the text mention, across two pages.
    const first = await find(o.memberA.cookie, 'nghị quyết 57', '&limit=1');
    const second = await find(o.memberA.cookie, 'nghị quyết 57', '&limit=1&offset=1');
    expect([first.items[0]?.matchedIn, second.items[0]?.matchedIn]).toEqual(['symbol', 'text']);
    expect([first.total, second.total]).toEqual([2, 2]);
  });

  it('caps the total and says so, counting only what the member may see', async () => {
    const token = decodeURIComponent(o.memberA.cookie.split('=')[1]!.split(';')[0]!);
    const actor = (await actorFromToken(t.database.db, token, t.clock.now(), t.config))!;
    const ctx = { db: t.database.db, actor, clock: t.clock, config: t.config, requestId: 'test' };
    // Member A sees three items about "chuyển đổi số"; city 2's, the draft and the scheduled one never count.
    const exact = await search(ctx, 'chuyen doi so', { limit: 1, offset: 0 });
    expect(exact).toMatchObject({ total: 3, totalCapped: false });
    const capped = await search(ctx, 'chuyen doi so', { limit: 1, offset: 0, totalCap: 2 });
    expect(capped).toMatchObject({ total: 2, totalCapped: true });
    const notCapped = await search(ctx, 'chuyen doi so', { limit: 1, offset: 0, totalCap: 3 });
    expect(notCapped).toMatchObject({ total: exact.total, totalCapped: false });
    const tokenB = decodeURIComponent(o.memberB.cookie.split('=')[1]!.split(';')[0]!);
    const actorB = (await actorFromToken(t.database.db, tokenB, t.clock.now(), t.config))!;
    const onlyOwn = await search({ ...ctx, actor: actorB }, 'khoa hoc', { limit: 1, offset: 0, totalCap: 1 });
    expect(onlyOwn).toMatchObject({ total: 1, totalCapped: false });
    expect(onlyOwn.items.map((i) => i.id)).toEqual([ids.city2]);
  });

  it('answers a repeated search from its candidate list, each reader seeing only their own', async () => {
    const lists = candidateLists(t.database.db);
    // Asked twice by the administrator: the second time builds the list, city 2's item in it.
    const direct = await find(o.admin.cookie, 'dot pha phat trien khoa hoc');
    const everything = await find(o.admin.cookie, 'dot pha phat trien khoa hoc');
    expect(everything.items.map((i) => i.id).sort()).toEqual([ids.nq57, ids.city2].sort());
    const hits = lists.hits;
    const b = await find(o.memberB.cookie, 'dot pha phat trien khoa hoc');
    const a = await find(o.memberA.cookie, 'dot pha phat trien khoa hoc');
    expect(lists.hits).toBe(hits + 2);
    expect(b.items.map((i) => i.id)).toEqual([ids.city2]);
    expect(b.total).toBe(1);
    expect(a.items.map((i) => i.id)).toEqual([ids.nq57]);
    expect(a.total).toBe(1);
    // Snippets kept with the list are the ones the direct search cuts.
    expect(a.items[0]!.snippet).toEqual(direct.items.find((i) => i.id === ids.nq57)!.snippet);
    expect(a.items[0]!.snippet.some((p) => p.mark)).toBe(true);
  });

  it('sees a change to the library at once, however it was written', async () => {
    const db = t.database.db;
    // Asked twice, so the query has its candidate list before the changes.
    await find(o.memberA.cookie, 'ke hoach tuyen truyen');
    const before = await find(o.memberA.cookie, 'ke hoach tuyen truyen');
    expect(before.items.map((i) => i.id)).toEqual([ids.kh]);
    const hits = candidateLists(db).hits;
    // Written straight into the database, as another app process would: the next search has it.
    const added = await makeDocument(db, {
      unit: o.city1,
      symbol: '30-KH/ThU',
      issueDate: '2025-05-20',
      title: 'Kế hoạch tuyên truyền mùa hè',
    });
    const after = await find(o.memberA.cookie, 'ke hoach tuyen truyen');
    expect(after.items.map((i) => i.id)).toEqual([added, ids.kh]);
    expect(after.total).toBe(2);
    await db.execute(sql`UPDATE documents SET status = 'unpublished' WHERE id = ${added}`);
    const gone = await find(o.memberA.cookie, 'ke hoach tuyen truyen');
    expect(gone.items.map((i) => i.id)).toEqual([ids.kh]);
    expect(gone.total).toBe(1);
    // Addressed elsewhere (city 2 only): member A no longer finds it, member B does.
    await db.execute(sql`DELETE FROM document_targets WHERE document_id = ${ids.kh}`);
    await db.execute(sql`INSERT INTO document_targets (document_id, unit_id) VALUES (${ids.kh}, ${o.city2.id})`);
    expect((await find(o.memberA.cookie, 'ke hoach tuyen truyen')).items).toEqual([]);
    expect((await find(o.memberB.cookie, 'ke hoach tuyen truyen')).items.map((i) => i.id)).toEqual([ids.kh]);
    // The results show the owning unit's name: renaming it is a change too.
    await db.execute(sql`UPDATE units SET name = name || ' (tên mới)' WHERE id = ${o.city1.id}`);
    const renamed = await find(o.memberB.cookie, 'ke hoach tuyen truyen');
    expect((renamed.items[0] as unknown as { unitName: string }).unitName).toMatch(/\(tên mới\)$/);
    // Every one of those answers came through the list (found, then rebuilt after each change).
    expect(candidateLists(db).hits).toBe(hits + 5);
  });

  it('answers an account with no unit to read from (no cell, no role) with nothing, on every path', async () => {
    const db = t.database.db;
    const user = await makeUser(db, {});
    const cookie = await sessionCookie(db, t.config, user.id, t.clock.now());
    // A member's search first, so the lists exist; then the account without units asks, twice.
    for (const who of [o.memberA.cookie, o.memberA.cookie, cookie, cookie]) await find(who, 'dot pha phat trien khoa hoc');
    const none = await find(cookie, 'dot pha phat trien khoa hoc');
    expect(none).toMatchObject({ items: [], total: 0 });
    const listed = await call(t.app, cookie, { method: 'GET', url: `/api/documents/${ids.nq57}` });
    expect(listed.statusCode).toBe(404);
  });
});
