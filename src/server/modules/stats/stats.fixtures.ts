/**
 * Activity on generated organizations, for the statistics tests: accounts, installs, one month of
 * meetings with invitations and roll calls, documents and read receipts. Deterministic (hashes of
 * ids), varied enough that every figure and every reason has members in it.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.ts';

export async function addActivity(db: Db, now: Date, month: string) {
  const day = 24 * 3600 * 1000;
  const iso = (ms: number) => new Date(ms).toISOString();
  // Records checked or not; a few phones missing (no smartphone recorded).
  await db.execute(
    sql`UPDATE members SET standardized = CASE WHEN abs(hashtext(id::text)) % 10 = 0 THEN NULL ELSE abs(hashtext(id::text)) % 10 < 7 END`,
  );
  await db.execute(sql`UPDATE members SET phone = NULL WHERE abs(hashtext(id::text || 'p')) % 12 = 0`);
  await db.execute(sql`
    INSERT INTO users (member_id, display_name, status, activated_at, last_seen_at)
    SELECT m.id, m.full_name,
      CASE WHEN abs(hashtext(m.id::text || 'a')) % 4 = 0 THEN 'pending' ELSE 'active' END,
      CASE WHEN abs(hashtext(m.id::text || 'a')) % 4 = 0 THEN NULL ELSE ${iso(now.getTime() - 60 * day)}::timestamptz END,
      CASE abs(hashtext(m.id::text || 's')) % 3 WHEN 0 THEN NULL WHEN 1 THEN ${iso(now.getTime() - 3 * day)}::timestamptz ELSE ${iso(now.getTime() - 45 * day)}::timestamptz END
    FROM members m WHERE abs(hashtext(m.id::text)) % 3 <> 0 AND NOT EXISTS (SELECT 1 FROM users u WHERE u.member_id = m.id)`);
  // Two devices for some, so installs count people, not devices.
  await db.execute(sql`
    INSERT INTO app_installs (user_id, device_id, platform, source, installed_at, last_seen_at)
    SELECT u.id, gen_random_uuid(), 'android', 'standalone', ${iso(now.getTime())}::timestamptz, ${iso(now.getTime())}::timestamptz
    FROM users u, generate_series(1, 2) g WHERE u.activated_at IS NOT NULL AND abs(hashtext(u.id::text)) % 5 < (CASE WHEN g = 1 THEN 3 ELSE 1 END)`);
  // The month's meetings: 1 cell in 10 never registered, 1 in 4 not held, some late in every way.
  const start = new Date(`${month}-10T01:00:00Z`).getTime();
  await db.execute(sql`
    INSERT INTO meetings (cell_id, month, kind, starts_at, planned_end_at, place, status, registered_at, registration_deadline, registered_late,
                          materials_posted_at, actual_start_at, actual_end_at, final_posted_at, created_at, updated_at)
    SELECT c.id, ${month}, 'regular', ${iso(start)}::timestamptz, ${iso(start + 90 * 60_000)}::timestamptz, 'Hội trường',
      CASE WHEN c.h % 4 = 0 THEN 'scheduled' ELSE 'finalized' END,
      ${iso(start - 25 * day)}::timestamptz, ${iso(start - 20 * day)}::timestamptz, c.h % 5 = 0,
      CASE WHEN c.h % 3 = 0 THEN ${iso(start - 3600_000)}::timestamptz ELSE ${iso(start - 5 * day)}::timestamptz END,
      CASE WHEN c.h % 4 = 0 THEN NULL ELSE ${iso(start)}::timestamptz END,
      CASE WHEN c.h % 4 = 0 THEN NULL ELSE ${iso(start + 100 * 60_000)}::timestamptz END,
      CASE WHEN c.h % 4 = 0 THEN NULL WHEN c.h % 7 = 0 THEN ${iso(start + 5 * day)}::timestamptz ELSE ${iso(start + day)}::timestamptz END,
      ${iso(start - 25 * day)}::timestamptz, ${iso(start)}::timestamptz
    FROM (SELECT id, abs(hashtext(id::text || 'm')) AS h FROM units WHERE type IN ('cell', 'grassroots_cell') AND status = 'active') c
    WHERE c.h % 10 <> 0`);
  await db.execute(sql`
    INSERT INTO meeting_invitations (meeting_id, member_id)
    SELECT mt.id, m.id FROM meetings mt JOIN members m ON m.cell_id = mt.cell_id
    WHERE mt.month = ${month} AND m.status IN ('official', 'probationary')`);
  await db.execute(sql`
    INSERT INTO meeting_attendance (meeting_id, member_id, status, method, checked_in_at, updated_at)
    SELECT i.meeting_id, i.member_id, CASE WHEN abs(hashtext(i.member_id::text || 'r')) % 10 < 8 THEN 'present' ELSE 'absent_excused' END,
      'manual', ${iso(start)}::timestamptz, ${iso(start)}::timestamptz
    FROM meeting_invitations i JOIN meetings mt ON mt.id = i.meeting_id WHERE mt.month = ${month} AND mt.status = 'finalized'`);
  // Three documents of the province; reads by about a third of the accounts each, some before the month.
  const [root] = rowsOf<{ id: string }>(
    await db.execute(sql`SELECT id FROM units WHERE parent_id IS NULL ORDER BY code LIMIT 1`),
  );
  await db.execute(sql`
    INSERT INTO documents (unit_id, title, status, created_at, updated_at, publish_at)
    SELECT ${root!.id}, 'Tài liệu thử ' || g, 'published', ${iso(start - 40 * day)}::timestamptz, ${iso(start - 40 * day)}::timestamptz, ${iso(start - 40 * day)}::timestamptz
    FROM generate_series(1, 3) g`);
  await db.execute(sql`
    INSERT INTO document_reads (document_id, user_id, member_id, first_read_at, last_read_at, read_count)
    SELECT d.id, u.id, u.member_id,
      CASE WHEN abs(hashtext(u.id::text || d.id::text)) % 6 = 0 THEN ${iso(start - 15 * day)}::timestamptz ELSE ${iso(start + 2 * day)}::timestamptz END,
      ${iso(start + 2 * day)}::timestamptz, 1
    FROM users u CROSS JOIN documents d
    WHERE u.member_id IS NOT NULL AND d.title LIKE 'Tài liệu thử %' AND abs(hashtext(u.id::text || d.id::text)) % 3 = 0`);
}
