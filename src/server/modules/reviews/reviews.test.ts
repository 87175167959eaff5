import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call, makeUnit, makeUser, sessionCookie } from '../../testing/factories.ts';
import { makePerson, type Person } from '../../testing/meetings.factories.ts';
import { memberDisciplines, members, memberSuspensions } from '../../db/schema.ts';
import { eq } from 'drizzle-orm';
import { inspectFile } from '../documents/inspect.ts';

const content = (over: Record<string, unknown> = {}) => ({
  form: '2B',
  strengths: 'Chấp hành tốt chủ trương của Đảng.',
  shortcomings: 'Còn chậm trong báo cáo.',
  tasks: 'Hoàn thành các nhiệm vụ được giao.',
  scores: { general: 27, tasks: 60 },
  selfGrade: 'good',
  pledge: 'Khắc phục hạn chế trong năm tới.',
  ...over,
});

describe.each(ENGINES)('the year’s review on %s', (engine) => {
  let t: TestApp;
  let city: Awaited<ReturnType<typeof makeUnit>>;
  let wardA: Awaited<ReturnType<typeof makeUnit>>;
  let cellA: Awaited<ReturnType<typeof makeUnit>>;
  let cellB: Awaited<ReturnType<typeof makeUnit>>;
  let cellR: Awaited<ReturnType<typeof makeUnit>>;
  let secA: Person;
  let secR: Person;
  let people: Person[];
  let newcomer: Person;
  let exempted: Person;
  let suspended: Person;
  let cityCommittee: string;
  let wardCommittee: string;
  let cycleId = '';
  const post = (cookie: string, url: string, payload?: object) =>
    call(t.app, cookie, { method: 'POST', url, ...(payload ? { payload } : {}) });
  const put = (cookie: string, url: string, payload: object) => call(t.app, cookie, { method: 'PUT', url, payload });
  const get = (cookie: string, url: string) => call(t.app, cookie, { method: 'GET', url });
  const entryOf = async (p: Person) =>
    ((await get(p.cookie, '/api/reviews/mine')).json() as { review: { id: string } }).review.id;

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2026-11-20T03:00:00Z'));
    const db = t.database.db;
    const now = t.clock.now();
    city = await makeUnit(db, { type: 'upper_level', name: 'Đảng bộ thành phố Kiểm Điểm' });
    wardA = await makeUnit(db, { parent: city, type: 'grassroots', name: 'Đảng bộ phường Một' });
    const wardB = await makeUnit(db, { parent: city, type: 'grassroots', name: 'Đảng bộ phường Hai' });
    cellA = await makeUnit(db, { parent: wardA, type: 'cell', name: 'Chi bộ khu phố 1' });
    cellR = await makeUnit(db, { parent: wardA, type: 'cell', name: 'Chi bộ khu phố Cư Trú' });
    cellB = await makeUnit(db, { parent: wardB, type: 'cell', name: 'Chi bộ khu phố 2' });
    secA = await makePerson(db, t.config, cellA, { fullName: 'Trần Văn Bí Thư', secretary: true, now });
    secR = await makePerson(db, t.config, cellR, { fullName: 'Lê Văn Bí Thư Cư Trú', secretary: true, now });
    people = [];
    for (let i = 0; i < 9; i++)
      people.push(await makePerson(db, t.config, cellA, { fullName: `Đảng viên ${String.fromCharCode(65 + i)}`, now }));
    for (let i = 0; i < 3; i++) await makePerson(db, t.config, cellB, { fullName: `Đảng viên phường Hai ${i}`, now });
    newcomer = await makePerson(db, t.config, cellA, { fullName: 'Đảng viên Mới', status: 'probationary', now });
    await db.update(members).set({ admissionDate: '2026-08-01' }).where(eq(members.id, newcomer.memberId));
    for (const p of [...people, secA])
      await db.update(members).set({ admissionDate: '2010-05-19' }).where(eq(members.id, p.memberId));
    exempted = await makePerson(db, t.config, cellA, { fullName: 'Đảng viên Miễn', status: 'exempted', now });
    suspended = await makePerson(db, t.config, cellA, { fullName: 'Đảng viên Đình Chỉ', now });
    await db
      .insert(memberSuspensions)
      .values({ memberId: suspended.memberId, kind: 'suspended', fromDate: '2026-06-01', recordedAt: now });
    await db.insert(memberDisciplines).values({
      memberId: people[8]!.memberId,
      decidedOn: '2026-04-10',
      form: 'reprimand',
      decidedBy: 'Ban Thường vụ Đảng ủy phường Một',
      documentNumber: '12-QĐ/ĐU',
      recordedAt: now,
    });
    const cityUser = await makeUser(db, { displayName: 'Thành ủy', roles: [{ role: 'committee_member', unit: city }] });
    cityCommittee = await sessionCookie(db, t.config, cityUser.id, now);
    const wardUser = await makeUser(db, {
      displayName: 'Đảng ủy phường Một',
      roles: [{ role: 'committee_member', unit: wardA }],
    });
    wardCommittee = await sessionCookie(db, t.config, wardUser.id, now);
  });
  afterAll(async () => t.close());

  it('the city committee opens the year: exempted and suspended left out with the reason, new members not graded', async () => {
    const body = {
      unitId: city.id,
      year: 2026,
      referenceDate: '2026-12-15',
      deadlines: { selfReview: '2026-11-30', residence: '2026-12-05', cellSession: '2026-12-10', decision: '2026-12-20' },
      extraCriteria: [{ form: '2B', section: 'tasks', label: 'Tham gia chuyển đổi số của thành phố' }],
    };
    expect((await post(secA.cookie, '/api/reviews', body)).statusCode).toBe(403);
    const res = await post(cityCommittee, '/api/reviews', body);
    expect(res.statusCode).toBe(201);
    cycleId = res.json().id;
    expect(res.json().members).toBe(17);
    const again = await post(cityCommittee, '/api/reviews', { ...body, unitId: wardA.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().title).toBe('Năm 2026 đã mở kiểm điểm tại "Đảng bộ thành phố Kiểm Điểm", trùng phạm vi với đơn vị này.');
    const mine = (await get(people[0]!.cookie, '/api/reviews/mine')).json().review;
    expect(mine).toMatchObject({ year: 2026, included: true, graded: true, status: 'not_started', result: null });
    const tasks = mine.criteria
      .find((s: { form: string }) => s.form === '2B')
      .sections.find((x: { key: string }) => x.key === 'tasks');
    expect(tasks.items.at(-1).label).toBe('Tham gia chuyển đổi số của thành phố');
    expect((await get(newcomer.cookie, '/api/reviews/mine')).json().review).toMatchObject({
      included: true,
      graded: false,
      reason: 'new_member',
    });
    expect((await get(exempted.cookie, '/api/reviews/mine')).json().review).toMatchObject({
      included: false,
      reason: 'exempted',
    });
    expect((await get(suspended.cookie, '/api/reviews/mine')).json().review).toMatchObject({
      included: false,
      reason: 'suspended',
    });
  });

  it('the member drafts, submits, gets it back, and submits again; incomplete submissions say what is missing', async () => {
    const id = await entryOf(people[0]!);
    const draft = await put(people[0]!.cookie, `/api/review-entries/${id}/self`, { content: content({ pledge: '' }) });
    expect(draft.statusCode).toBe(200);
    expect(draft.json().review.status).toBe('draft');
    const incomplete = await post(people[0]!.cookie, `/api/review-entries/${id}/submit`, { content: content({ pledge: '' }) });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().title).toBe('Bản kiểm điểm còn thiếu: Hãy viết lời cam kết, hướng khắc phục.');
    expect((await post(people[0]!.cookie, `/api/review-entries/${id}/submit`, { content: content() })).json().review.status).toBe(
      'submitted',
    );
    // Nobody else can touch it.
    expect((await put(people[1]!.cookie, `/api/review-entries/${id}/self`, { content: content() })).statusCode).toBe(404);
    expect((await post(secA.cookie, `/api/review-entries/${id}/return`, { reason: 'Bổ sung kết quả cụ thể.' })).statusCode).toBe(
      200,
    );
    expect((await get(people[0]!.cookie, '/api/reviews/mine')).json().review).toMatchObject({
      status: 'returned',
      returnReason: 'Bổ sung kết quả cụ thể.',
    });
    expect((await post(people[0]!.cookie, `/api/review-entries/${id}/submit`, { content: content() })).json().review.status).toBe(
      'submitted',
    );
  });

  it('prints the self-review as the standard form (PDF), for the member and the cell, nobody else', async () => {
    const id = await entryOf(people[0]!);
    const res = await get(people[0]!.cookie, `/api/review-entries/${id}/pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const { text } = await inspectFile('pdf', res.rawPayload);
    expect(text).toContain('BẢN KIỂM ĐIỂM CÁ NHÂN');
    expect(text).toContain('Chấp hành tốt chủ trương của Đảng.');
    expect(text).toContain('Hoàn thành tốt nhiệm vụ');
    expect((await get(secA.cookie, `/api/review-entries/${id}/pdf`)).statusCode).toBe(200);
    expect((await get(people[1]!.cookie, `/api/review-entries/${id}/pdf`)).statusCode).toBe(404);
  });

  it('asks the residence cell for its comment; only that cell answers; overdue shows after the deadline', async () => {
    const id = await entryOf(people[1]!);
    expect(
      (await post(secA.cookie, `/api/review-entries/${id}/residence-request`, { residenceCellCode: cellR.code })).statusCode,
    ).toBe(200);
    const list = (await get(secR.cookie, '/api/reviews/residence-requests')).json().items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ fullName: people[1]!.fullName, status: 'requested', overdue: false });
    expect((await post(secA.cookie, `/api/review-entries/${id}/residence-comment`, { comment: 'Tốt' })).statusCode).toBe(404);
    t.clock.set('2026-12-06T03:00:00Z');
    expect((await get(secR.cookie, '/api/reviews/residence-requests')).json().items[0].overdue).toBe(true);
    expect(
      (await post(secR.cookie, `/api/review-entries/${id}/residence-comment`, { comment: 'Gương mẫu ở khu dân cư.' })).statusCode,
    ).toBe(200);
    expect((await get(secR.cookie, '/api/reviews/residence-requests')).json().items[0]).toMatchObject({
      status: 'answered',
      overdue: false,
    });
  });

  it('checks the proposed grades: the score band, discipline, the cap on "xuất sắc", new members', async () => {
    const ids = await Promise.all(people.map(entryOf));
    const propose = (i: number, grade: string, score: number | null, conditionsConfirmed = 1) =>
      put(secA.cookie, `/api/review-entries/${ids[i]}/proposal`, {
        grade,
        score,
        discussion: 'Chi bộ thống nhất.',
        conditionsConfirmed,
      });
    for (let i = 1; i <= 5; i++) expect((await propose(i, 'good', 80)).statusCode).toBe(200);
    const band = await propose(0, 'excellent', 85);
    expect(band.statusCode).toBe(400);
    expect(band.json().title).toBe(
      '85 điểm thuộc mức "Hoàn thành tốt nhiệm vụ": không xếp "Hoàn thành xuất sắc nhiệm vụ" được (cần từ 90 điểm).',
    );
    const disciplined = await propose(8, 'good', 80);
    expect(disciplined.json().title).toBe(
      'Đảng viên bị kỷ luật trong năm chỉ được xếp loại "Không hoàn thành nhiệm vụ" trở xuống.',
    );
    expect((await propose(8, 'unfulfilled', 80)).statusCode).toBe(200);
    // 6 rated "tốt" or better with this one: 20% of 6 is 1.
    expect((await propose(0, 'excellent', 95)).statusCode).toBe(200);
    const capped = await propose(6, 'excellent', 96);
    expect(capped.statusCode).toBe(400);
    expect(capped.json().title).toBe(
      'Số đảng viên "Hoàn thành xuất sắc" không quá 20% số xếp loại "Hoàn thành tốt" trở lên: chi bộ được tối đa 1, đây sẽ là người thứ 2.',
    );
    expect((await propose(6, 'good', 88)).statusCode).toBe(200);
    expect((await propose(7, 'fulfilled', 60)).statusCode).toBe(200);
    const newId = await entryOf(newcomer);
    const notGraded = await put(secA.cookie, `/api/review-entries/${newId}/proposal`, { grade: 'good', score: 80 });
    expect(notGraded.json().title).toMatch(/không được xếp loại/);
    expect(
      (await put(secA.cookie, `/api/reviews/cells/${cellA.id}/collective`, { grade: 'good', note: 'Chi bộ tự đánh giá.' }))
        .statusCode,
    ).toBe(200);
    const cell = (await get(secA.cookie, `/api/reviews/cells/${cellA.id}`)).json();
    expect(cell.entries.find((e: { memberId: string }) => e.memberId === people[8]!.memberId).disciplined).toBe(true);
    expect(cell.collective).toMatchObject({ selfGrade: 'good' });
  });

  it('the committee above decides (a change needs a reason), publishes, and the member sees grade and comments', async () => {
    const ids = await Promise.all(people.map(entryOf));
    // The cell's own secretary does not decide.
    expect((await put(secA.cookie, `/api/review-entries/${ids[1]}/decision`, { grade: 'good', reason: '' })).statusCode).toBe(
      403,
    );
    const noReason = await put(wardCommittee, `/api/review-entries/${ids[7]}/decision`, { grade: 'good', reason: '' });
    expect(noReason.json().title).toBe('Xếp loại khác đề xuất của chi bộ: hãy ghi lý do.');
    expect(
      (
        await put(wardCommittee, `/api/review-entries/${ids[7]}/decision`, {
          grade: 'good',
          reason: 'Có thành tích vận động nhân dân.',
        })
      ).statusCode,
    ).toBe(200);
    for (const i of [0, 1, 2, 3, 4, 5, 6, 8]) {
      const proposed = i === 0 ? 'excellent' : i === 8 ? 'unfulfilled' : 'good';
      expect(
        (await put(wardCommittee, `/api/review-entries/${ids[i]}/decision`, { grade: proposed, reason: '' })).statusCode,
      ).toBe(200);
    }
    expect((await get(people[0]!.cookie, '/api/reviews/mine')).json().review.result).toBeNull();
    const pub = await post(wardCommittee, `/api/reviews/${cycleId}/publish`, { unitId: wardA.id });
    expect(pub.json()).toEqual({ published: 9 });
    const seen = (await get(people[7]!.cookie, '/api/reviews/mine')).json().review.result;
    expect(seen).toMatchObject({
      grade: 'good',
      gradeText: 'Hoàn thành tốt nhiệm vụ',
      decisionReason: 'Có thành tích vận động nhân dân.',
      discussion: 'Chi bộ thống nhất.',
    });
    expect((await get(people[1]!.cookie, '/api/reviews/mine')).json().review.result.residenceComment).toBe(
      'Gương mẫu ở khu dân cư.',
    );
    // Final once published.
    const late = await put(wardCommittee, `/api/review-entries/${ids[7]}/decision`, { grade: 'fulfilled', reason: 'Đổi ý' });
    expect(late.statusCode).toBe(409);
    expect(late.json().title).toBe('Kết quả đã công bố: không thay đổi được nữa.');
  });

  it('counts each grade per unit up the tree: children add up to the parent; drill-down; late lists; .xlsx', async () => {
    const cityStats = (await get(cityCommittee, `/api/reviews/${cycleId}/stats?unitId=${city.id}`)).json();
    expect(cityStats.children.map((c: { name: string }) => c.name)).toEqual(['Đảng bộ phường Hai', 'Đảng bộ phường Một']);
    for (const k of ['included', 'leftOut', 'notGraded'] as const)
      expect(cityStats.children.reduce((s: number, c: Record<string, number>) => s + c[k]!, 0)).toBe(cityStats.total[k]);
    for (const g of ['excellent', 'good', 'fulfilled', 'unfulfilled'])
      expect(
        cityStats.children.reduce((s: number, c: { grades: Record<string, { count: number }> }) => s + c.grades[g]!.count, 0),
      ).toBe(cityStats.total.grades[g].count);
    expect(cityStats.total.grades).toMatchObject({
      excellent: { count: 1, share: 11.11 },
      good: { count: 7 },
      unfulfilled: { count: 1 },
    });
    expect(cityStats.total).toMatchObject({ included: 15, leftOut: 2, notGraded: 1 });
    // Drill down into ward 1: its cells.
    const ward = (await get(cityCommittee, `/api/reviews/${cycleId}/stats?unitId=${wardA.id}`)).json();
    expect(ward.children.map((c: { name: string }) => c.name)).toEqual(['Chi bộ khu phố 1', 'Chi bộ khu phố Cư Trú']);
    expect(ward.total.grades).toEqual(cityStats.children.find((c: { name: string }) => c.name === 'Đảng bộ phường Một').grades);
    // The deadline for self-reviews has passed (clock at 6/12): the members who did not submit are listed.
    const late = (await get(cityCommittee, `/api/reviews/${cycleId}/late?unitId=${city.id}&step=self`)).json();
    expect(late.overdue).toBe(true);
    expect(late.items.map((i: { fullName: string }) => i.fullName)).toContain('Đảng viên phường Hai 0');
    expect(late.items.map((i: { fullName: string }) => i.fullName)).not.toContain(people[0]!.fullName);
    // A secretary sees the cell's numbers, not the city's.
    expect((await get(secA.cookie, `/api/reviews/${cycleId}/stats?unitId=${city.id}`)).statusCode).toBe(404);
    const xlsx = await get(cityCommittee, `/api/reviews/${cycleId}/stats.xlsx?unitId=${city.id}`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(5).getCell(1).value).toBe('Tổng cộng Đảng bộ thành phố Kiểm Điểm');
    expect(ws.getRow(5).getCell(2).value).toBe(15);
  });
});
