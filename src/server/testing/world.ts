/**
 * A ward with a cell that holds a real resource of every kind the API takes an id of: a document
 * targeted at the cell only, a draft, a library file, feedback, a notice, a meeting with an agenda
 * item and a material, a notification, a correction request, a transfer, a member photo, meeting
 * guidance, a role and a session. Everything is made through the API where one exists (as the
 * ward's own people would), so the rows are what production writes.
 *
 * The scope matrix builds one such world to reach for and one to stand in; the fuzz builds one so
 * its requests carry real ids and reach the database. `secrets` are strings that exist only in
 * this world (names, titles, numbers): an answer to anyone outside it must contain none of them.
 */
import sharp from 'sharp';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { notifications, roleAssignments, type Role } from '../db/schema.ts';
import type { TestApp } from './app.ts';
import { call, makeMember, makeUnit, makeUser, sessionCookie, type TestUnit } from './factories.ts';
import { makeDocument, makePdf, multipart } from './documents.factories.ts';
import { sampleMeeting } from './meetings.factories.ts';

export interface WorldIds {
  unit: string;
  /** The ward above the cell. */
  parent: string;
  /** A second cell of the ward (the transfer's destination). */
  sibling: string;
  member: string;
  /** The secretary's account. */
  user: string;
  role: string;
  session: string;
  meeting: string;
  agendaItem: string;
  meetingFile: string;
  document: string;
  draft: string;
  file: string;
  feedback: string;
  notice: string;
  notification: string;
  correction: string;
  transfer: string;
  /** The member whose e-card photo is on file (the photo routes take the member's id). */
  photo: string;
  guidance: string;
  /** A vote item of the meeting (draft). */
  vote: string;
  /** The year's review opened at the ward, and the member's entry in it. */
  reviewCycle: string;
  reviewEntry: string;
}

export interface World {
  ward: TestUnit;
  cell: TestUnit;
  ids: WorldIds;
  secrets: string[];
  /** Cookies of the world's own people, by role. */
  cookies: { secretary: string; member: string; editor: string; approver: string; committee: string };
}

function expectStatus(res: { statusCode: number; body: string }, status: number, what: string) {
  if (res.statusCode !== status) throw new Error(`world: ${what} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
}

/** A small JPEG as a phone makes it. */
export function testJpeg(color = { r: 180, g: 60, b: 40 }): Promise<Buffer> {
  return sharp({ create: { width: 320, height: 240, channels: 3, background: color } })
    .jpeg()
    .toBuffer();
}

/**
 * `names` makes the world's strings its own: the words must not occur in any other world's
 * strings (the matrix uses "Bí Mật Xa" for the world reached for and "An Bình" for the actor's).
 */
export async function makeWorld(
  t: TestApp,
  opts: { parent?: TestUnit; names: { ward: string; cell: string; person: string; title: string }; phone: string; cccd: string },
): Promise<World> {
  const db = t.database.db;
  const now = t.clock.now();
  const { names } = opts;
  const ward = await makeUnit(db, { ...(opts.parent ? { parent: opts.parent } : {}), type: 'grassroots', name: names.ward });
  const cell = await makeUnit(db, { parent: ward, type: 'cell', name: names.cell });
  const sibling = await makeUnit(db, { parent: ward, type: 'cell', name: `${names.cell} Hai` });
  const { member: secretaryMember } = await makeMember(db, {
    cell,
    fullName: `Bí thư ${names.person}`,
    phone: opts.phone,
    cccd: opts.cccd,
  });
  const secretary = await makeUser(db, {
    memberId: secretaryMember.id,
    displayName: `Bí thư ${names.person}`,
    roles: [{ role: 'cell_secretary', unit: cell }],
  });
  const { member } = await makeMember(db, { cell, fullName: `Đảng viên ${names.person}` });
  const memberUser = await makeUser(db, { memberId: member.id, displayName: `Đảng viên ${names.person}` });
  const wardPerson = async (role: Role) =>
    sessionCookie(
      db,
      t.config,
      (await makeUser(db, { displayName: `${role} ${names.person}`, roles: [{ role, unit: ward }] })).id,
      now,
    );
  const cookies = {
    secretary: await sessionCookie(db, t.config, secretary.id, now),
    member: await sessionCookie(db, t.config, memberUser.id, now),
    editor: await wardPerson('editor'),
    approver: await wardPerson('approver'),
    committee: await wardPerson('committee_member'),
  };

  // Library: a published document for the cell only, a draft, and a real PDF attached to the first.
  const document = await makeDocument(db, {
    unit: ward,
    targets: [cell],
    title: `Nghị quyết ${names.title}`,
    status: 'draft',
    at: now,
  });
  const draft = await makeDocument(db, {
    unit: ward,
    targets: [cell],
    title: `Dự thảo ${names.title}`,
    status: 'draft',
    at: now,
  });
  const upload = await call(t.app, cookies.editor, {
    method: 'POST',
    url: `/api/documents/${document}/files`,
    ...(await multipart(`Toàn văn ${names.title}.pdf`, await makePdf([`Toàn văn nghị quyết ${names.title} của chi bộ.`]))),
  });
  expectStatus(upload, 200, 'library file');
  const file = (upload.json() as { document: { files: Array<{ id: string }> } }).document.files[0]!.id;
  const publish = await call(t.app, cookies.approver, { method: 'POST', url: `/api/documents/${document}/publish`, payload: {} });
  expectStatus(publish, 200, 'publication');

  // Meetings: one registered meeting with an agenda item, a material and guidance for the month.
  const meeting = await sampleMeeting(t.app, cookies.secretary, cell.id, now);
  const agenda = await call(t.app, cookies.secretary, {
    method: 'PUT',
    url: `/api/meetings/${meeting}/agenda`,
    payload: { items: [{ title: `Bàn việc ${names.title}` }] },
  });
  expectStatus(agenda, 200, 'agenda');
  const agendaItem = (agenda.json() as { agenda: Array<{ id: string }> }).agenda[0]!.id;
  const material = await call(t.app, cookies.secretary, {
    method: 'POST',
    url: `/api/meetings/${meeting}/materials`,
    ...(await multipart(`Tài liệu ${names.title}.pdf`, await makePdf([`Tài liệu họp ${names.title}.`]))),
  });
  expectStatus(material, 201, 'meeting material');
  const meetingFile = (material.json() as { id: string }).id;
  const month = new Date(now.getTime() + 7 * 86_400_000).toISOString().slice(0, 7);
  const guidance = await call(t.app, cookies.committee, {
    method: 'POST',
    url: '/api/meetings/guidance',
    payload: { unitId: ward.id, month, title: `Hướng dẫn ${names.title}`, url: 'https://example.org/huong-dan.pdf' },
  });
  expectStatus(guidance, 201, 'guidance');

  // Two-way channel: the member's question, the secretary's notice, a notification.
  const feedback = await call(t.app, cookies.member, {
    method: 'POST',
    url: '/api/feedback',
    payload: {
      clientId: randomUUID(),
      targetUnitId: cell.id,
      kind: 'question',
      subject: `Câu hỏi ${names.title}`,
      body: `Hỏi về ${names.title}`,
    },
  });
  expectStatus(feedback, 200, 'feedback');
  const notice = await call(t.app, cookies.secretary, {
    method: 'POST',
    url: '/api/notices',
    payload: { unitId: cell.id, title: `Thông báo ${names.title}`, body: `Nội dung ${names.title}` },
  });
  expectStatus(notice, 200, 'notice');
  const [notification] = await db
    .insert(notifications)
    .values({
      userId: memberUser.id,
      kind: 'new_document',
      title: `Có văn bản ${names.title}`,
      link: `/thu-vien/${document}`,
      batchId: randomUUID(),
      createdAt: now,
    })
    .returning({ id: notifications.id });

  // Member records: a correction request, a transfer, an e-card photo.
  const correction = await call(t.app, cookies.member, {
    method: 'POST',
    url: '/api/me/member/corrections',
    payload: { field: 'hometown', proposedValue: `Quê ${names.title}`, note: 'Sửa quê quán' },
  });
  expectStatus(correction, 200, 'correction');
  const transfer = await call(t.app, cookies.secretary, {
    method: 'POST',
    url: `/api/members/${member.id}/transfers`,
    payload: { toCellId: sibling.id, startDate: now.toISOString().slice(0, 10), reason: `Chuyển ${names.title}` },
  });
  expectStatus(transfer, 200, 'transfer');
  const photo = await call(t.app, cookies.secretary, {
    method: 'POST',
    url: `/api/members/${secretaryMember.id}/photo`,
    ...(await multipart('chan-dung.jpg', await testJpeg())),
  });
  expectStatus(photo, 200, 'photo');

  // Voting and the year's review: a vote item of the meeting, a review opened at the ward.
  const vote = await call(t.app, cookies.secretary, {
    method: 'POST',
    url: `/api/meetings/${meeting}/votes`,
    payload: { kind: 'resolution', method: 'show_of_hands', title: `Biểu quyết ${names.title}` },
  });
  expectStatus(vote, 201, 'vote item');
  const cycle = await call(t.app, cookies.committee, {
    method: 'POST',
    url: '/api/reviews',
    payload: {
      unitId: ward.id,
      year: 2026,
      referenceDate: '2026-12-15',
      deadlines: { selfReview: '2026-11-30', residence: '2026-12-05', cellSession: '2026-12-10', decision: '2026-12-20' },
    },
  });
  expectStatus(cycle, 201, 'review cycle');
  const mine = await call(t.app, cookies.member, { method: 'GET', url: '/api/reviews/mine' });
  expectStatus(mine, 200, 'own review');

  const [role] = await db.select().from(roleAssignments).where(eq(roleAssignments.userId, secretary.id));
  const sessions = (await call(t.app, cookies.secretary, { method: 'GET', url: '/api/auth/sessions' })).json() as {
    items: Array<{ id: string }>;
  };
  const id = (res: { json(): unknown }) => String((res.json() as { id: string | number }).id);
  const ids: WorldIds = {
    unit: cell.id,
    parent: ward.id,
    sibling: sibling.id,
    member: member.id,
    user: secretary.id,
    role: role!.id,
    session: sessions.items[0]!.id,
    meeting,
    agendaItem,
    meetingFile,
    document,
    draft,
    file,
    feedback: id(feedback),
    notice: id(notice),
    notification: notification!.id,
    correction: (correction.json() as { correction: { id: string } }).correction.id,
    transfer: (transfer.json() as { transfer: { id: string } }).transfer.id,
    photo: secretaryMember.id,
    guidance: id(guidance),
    vote: id(vote),
    reviewCycle: id(cycle),
    reviewEntry: (mine.json() as { review: { id: string } }).review.id,
  };
  const secrets = [
    // Ids long enough to be unique (the guidance id is a small integer; its title stands for it).
    ...Object.values(ids).filter((v) => v.length >= 8),
    names.ward,
    names.cell,
    names.person,
    names.title,
    opts.phone,
    opts.cccd,
    opts.phone.slice(-6),
    opts.cccd.slice(-5),
  ];
  return { ward, cell, ids, secrets, cookies };
}
