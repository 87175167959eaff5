/**
 * What the crash tests work on, written straight to the database before the server starts: a ward
 * with a cell to import into, cells whose meetings are ready to finalize (minutes times, resolution,
 * a signed-copy photo, invited members nobody has marked yet), a meeting under way whose members
 * check in, and sessions for the accounts the test acts as.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import type { Config } from '../config.ts';
import {
  meetingFiles,
  meetingInvitations,
  meetings,
  memberCellPeriods,
  members,
  sessions,
  storedFiles,
  users,
} from '../db/schema.ts';
import { foldVietnamese } from '../../common/text/vietnamese.ts';
import { vnMonth } from '../../common/time/vietnam.ts';
import { registrationDeadline } from '../../common/meetings/time.ts';
import { createSession, SESSION_COOKIE } from '../auth/sessions.ts';
import { newToken, sha256 } from '../auth/tokens.ts';
import { makeUnit, makeUser } from '../testing/factories.ts';

export interface CrashWorld {
  wardId: string;
  importCellId: string;
  adminCookie: string;
  /** Meetings ready to finalize, with how many members each invited. */
  finalizable: string[];
  invitedPerMeeting: number;
  checkInMeetingId: string;
  /** One session per member invited to the meeting under way. */
  checkInCookies: string[];
}

const GIVEN = [
  'An',
  'Bình',
  'Chi',
  'Dũng',
  'Giang',
  'Hà',
  'Hải',
  'Hạnh',
  'Hòa',
  'Hùng',
  'Hương',
  'Khánh',
  'Lan',
  'Linh',
  'Long',
  'Mai',
  'Minh',
  'Nam',
  'Nga',
  'Phúc',
  'Quang',
  'Sơn',
  'Tâm',
  'Thảo',
  'Trung',
  'Tuấn',
  'Vân',
  'Việt',
];
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô'];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Thu', 'Quốc', 'Ngọc', 'Hữu'];

/** A distinct, plausible Vietnamese name for every i (no digits: names are validated). */
export function nameOf(i: number): string {
  const g1 = GIVEN[i % GIVEN.length]!;
  const rest = Math.floor(i / GIVEN.length);
  const g2 = GIVEN[rest % GIVEN.length]!;
  const mid = MIDDLE[Math.floor(rest / GIVEN.length) % MIDDLE.length]!;
  const fam = FAMILY[Math.floor(rest / GIVEN.length / MIDDLE.length) % FAMILY.length]!;
  return `${fam} ${mid} ${g2} ${g1}`;
}

/** `rows` members as a CSV the import reads (one cell, so no "Chi bộ" column), deterministic. */
export function memberCsv(rows: number): Buffer {
  const lines = ['STT,Họ và tên,Ngày sinh,Giới tính,Số điện thoại,Ngày vào Đảng,Ngày chính thức'];
  for (let i = 0; i < rows; i++) {
    const year = 1950 + (i % 50);
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + (i % 12)).padStart(2, '0');
    lines.push(
      `${i + 1},${nameOf(i)},${day}/${month}/${year},${i % 2 ? 'Nữ' : 'Nam'},09${String(i).padStart(8, '0')},${day}/${month}/${year + 22},${day}/${month}/${year + 23}`,
    );
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

async function bulkMembers(db: Db, cellId: string, count: number, offset: number): Promise<string[]> {
  const rows = Array.from({ length: count }, (_, k) => {
    const fullName = `${nameOf(500_000 + offset + k)}`;
    return {
      id: randomUUID(),
      cellId,
      fullName,
      nameSearch: foldVietnamese(fullName),
      dateOfBirth: '1970-05-06',
      sex: 'male' as const,
      status: 'official' as const,
      admissionDate: '1995-01-01',
      officialDate: '1996-01-01',
    };
  });
  await db.insert(members).values(rows);
  await db
    .insert(memberCellPeriods)
    .values(rows.map((r) => ({ memberId: r.id, cellId, validFrom: new Date('2024-01-01T00:00:00Z') })));
  return rows.map((r) => r.id);
}

async function cookieFor(db: Db, config: Config, userId: string, now: Date): Promise<string> {
  const { token } = await createSession(db, userId, { ip: '127.0.0.1', userAgent: 'crash-test' }, now, config);
  return `${SESSION_COOKIE}=${token}`;
}

function meetingRow(cellId: string, startsAt: Date, minutes: number) {
  const month = vnMonth(startsAt);
  const end = new Date(startsAt.getTime() + minutes * 60_000);
  return {
    id: randomUUID(),
    cellId,
    month,
    kind: 'regular' as const,
    topic: 'Sinh hoạt thường kỳ',
    startsAt,
    plannedEndAt: end,
    place: 'Nhà văn hóa',
    registeredAt: new Date(startsAt.getTime() - 20 * 86_400_000),
    registrationDeadline: registrationDeadline(month, 25),
    registeredLate: false,
    createdAt: new Date(startsAt.getTime() - 20 * 86_400_000),
    updatedAt: new Date(startsAt.getTime() - 20 * 86_400_000),
  };
}

export async function makeCrashWorld(
  db: Db,
  config: Config,
  opts: { meetings: number; invited: number; checkIns: number; now: Date },
): Promise<CrashWorld> {
  const { now } = opts;
  const ward = await makeUnit(db, { type: 'grassroots', name: 'Đảng bộ phường Thử Sự Cố' });
  const importCell = await makeUnit(db, { parent: ward, type: 'cell', name: 'Chi bộ nhập danh sách', code: 'SUCO.NHAP' });
  const admin = await makeUser(db, { roles: [{ role: 'unit_admin', unit: ward }], displayName: 'Quản trị phường' });

  // Meetings held yesterday, recorded and photographed, waiting for "Hoàn tất".
  const finalizable: string[] = [];
  const held = new Date(now.getTime() - 26 * 3_600_000);
  for (let i = 0; i < opts.meetings; i++) {
    const cell = await makeUnit(db, { parent: ward, type: 'cell', name: `Chi bộ khu phố ${i + 1}` });
    const invited = await bulkMembers(db, cell.id, opts.invited, i * opts.invited);
    const m = meetingRow(cell.id, held, 120);
    await db.insert(meetings).values({
      ...m,
      actualStartAt: held,
      actualEndAt: new Date(held.getTime() + 100 * 60_000),
      resolutionText: 'Chi bộ thống nhất ba nhiệm vụ trọng tâm của tháng tới.',
    });
    await db.insert(meetingInvitations).values(
      invited.map((memberId, k) => ({
        meetingId: m.id,
        memberId,
        ...(k % 5 === 0 ? { rsvp: 'absent' as const, rsvpReason: 'Đi công tác' } : {}),
      })),
    );
    const fileId = randomUUID();
    await db.insert(storedFiles).values({
      id: fileId,
      storageKey: `meetings/${randomUUID()}`,
      originalName: 'ban-ky.jpg',
      mime: 'image/jpeg',
      size: 1000,
      sha256: '0'.repeat(64),
      createdAt: held,
    });
    await db.insert(meetingFiles).values({ meetingId: m.id, purpose: 'signed_copy', fileId, createdAt: held });
    finalizable.push(m.id);
  }

  // A meeting that started ten minutes ago: members check in with the QR code.
  const checkInCell = await makeUnit(db, { parent: ward, type: 'cell', name: 'Chi bộ điểm danh' });
  const attendees = await bulkMembers(db, checkInCell.id, opts.checkIns, 900_000);
  const live = meetingRow(checkInCell.id, new Date(now.getTime() - 10 * 60_000), 120);
  await db.insert(meetings).values(live);
  await db.insert(meetingInvitations).values(attendees.map((memberId) => ({ meetingId: live.id, memberId })));
  const accounts = await db
    .insert(users)
    .values(
      attendees.map((memberId, k) => ({
        username: `suco.dv${k}`,
        displayName: `Đảng viên ${k}`,
        memberId,
        status: 'active' as const,
        activatedAt: now,
      })),
    )
    .returning({ id: users.id });
  // Sessions in one statement, the way createSession writes them (the table keeps the token's hash).
  const tokens = accounts.map(() => newToken());
  const expiresAt = new Date(now.getTime() + config.SESSION_MAX_DAYS * 86_400_000);
  await db.insert(sessions).values(
    accounts.map((a, k) => ({
      id: sha256(tokens[k]!),
      userId: a.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      ip: '127.0.0.1',
      userAgent: 'crash-test',
    })),
  );
  const checkInCookies = tokens.map((t) => `${SESSION_COOKIE}=${t}`);

  return {
    wardId: ward.id,
    importCellId: importCell.id,
    adminCookie: await cookieFor(db, config, admin.id, now),
    finalizable,
    invitedPerMeeting: opts.invited,
    checkInMeetingId: live.id,
    checkInCookies,
  };
}
