/**
 * Library data for the benchmark: documents with realistic Vietnamese text, published to the
 * province or to upper-level units, inserted through the documents module's own insertDocument()
 * so the search columns are exactly what the application computes; then read receipts in bulk.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../src/server/db/client.ts';
import { insertDocument } from '../src/server/modules/documents/documents.service.ts';

export const WORDS = (
  'nghị quyết chỉ thị kết luận hướng dẫn kế hoạch chương trình thông báo báo cáo đảng bộ chi bộ đảng viên ' +
  'cán bộ công tác xây dựng chỉnh đốn tổ chức cơ sở nâng cao năng lực lãnh đạo sức chiến đấu phát triển kinh tế ' +
  'xã hội văn hóa giáo dục y tế quốc phòng an ninh chuyển đổi số đổi mới sáng tạo khoa học công nghệ ' +
  'thực hiện triển khai kiểm tra giám sát kỷ luật đánh giá xếp loại chất lượng sinh hoạt học tập làm theo ' +
  'tư tưởng đạo đức phong cách Hồ Chí Minh nhân dân mặt trận đoàn thể chính quyền địa phương tỉnh thành phố ' +
  'huyện xã phường thôn ấp khu phố nông thôn mới đô thị văn minh môi trường tài nguyên đất đai hạ tầng giao thông ' +
  'đầu tư doanh nghiệp hợp tác xã việc làm thu nhập giảm nghèo an sinh chính sách người có công gia đình ' +
  'thanh niên phụ nữ cựu chiến binh nông dân công đoàn tuyên truyền vận động nhiệm vụ giải pháp mục tiêu chỉ tiêu ' +
  'năm nhiệm kỳ đại hội hội nghị ban chấp hành ban thường vụ ủy ban kiểm tra ban tổ chức ban tuyên giáo dân vận'
).split(' ');

const TYPES = ['NQ', 'CT', 'KL', 'QĐ', 'HD', 'KH', 'TB', 'BC', 'CV'];
const ISSUERS = ['TW', 'TU', 'BTCTW', 'VPTW', 'HU'];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(r: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(r() * WORDS.length)]!);
  const s = out.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1) + '.';
}

/** Inserts `count` published documents of about `textBytes` text each; returns their ids. */
export async function loadDocuments(db: Db, count: number, textBytes: number, log: (m: string) => void): Promise<string[]> {
  const r = rng(57);
  const [root] = rowsOf<{ id: string; path: string }>(
    await db.execute(sql`SELECT id, path FROM units WHERE parent_id IS NULL LIMIT 1`),
  );
  const uppers = rowsOf<{ id: string }>(await db.execute(sql`SELECT id FROM units WHERE depth = 1 AND status = 'active'`));
  const [actor] = rowsOf<{ id: string }>(await db.execute(sql`SELECT id FROM users WHERE username = 'admin'`));
  const ids: string[] = [];
  const started = Date.now();
  for (let i = 0; i < count; i += 100) {
    await db.transaction(async (tx) => {
      for (let j = i; j < Math.min(count, i + 100); j++) {
        const type = TYPES[j % TYPES.length]!;
        const issuer = ISSUERS[Math.floor(r() * ISSUERS.length)]!;
        let text = '';
        while (text.length < textBytes) text += sentence(r, 12 + Math.floor(r() * 12)) + ' ';
        const year = 2015 + Math.floor(r() * 11);
        const target = r() < 0.5 ? root!.id : uppers[Math.floor(r() * uppers.length)]!.id;
        const id = await insertDocument(
          tx,
          {
            actorId: actor?.id ?? null,
            requestId: 'bench',
            at: new Date(Date.UTC(year, Math.floor(r() * 12), 1 + Math.floor(r() * 27))),
          },
          root!,
          {
            kind: 'document',
            unitId: root!.id,
            fields: {
              symbol: `${j + 1}-${type}/${issuer}`,
              typeCode: type,
              issuerCode: issuer,
              issueDate: `${year}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`,
              title: sentence(r, 8 + Math.floor(r() * 6)).slice(0, -1),
              summary: sentence(r, 25),
              bodyHtml: `<p>${text}</p>`,
            },
            targetUnitIds: [target],
            status: 'published',
          },
        );
        ids.push(id);
      }
    });
    if ((i / 100) % 10 === 0)
      log(`    documents ${Math.min(count, i + 100)}/${count} (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  return ids;
}

/** Read receipts: each of the first `readers` member accounts reads `perReader` documents. */
export async function loadReads(db: Db, readers: number, perReader: number): Promise<number> {
  // Each reader gets a different window of the numbered documents: cheap integer arithmetic
  // instead of a random sort per reader.
  await db.execute(sql`
    WITH d AS (SELECT id, (row_number() OVER (ORDER BY id)) - 1 AS n, count(*) OVER () AS total FROM documents WHERE status = 'published'),
         u AS (SELECT id, member_id, row_number() OVER (ORDER BY id) AS n FROM users WHERE member_id IS NOT NULL ORDER BY id LIMIT ${readers})
    INSERT INTO document_reads (document_id, user_id, member_id, first_read_at, last_read_at, read_count)
    SELECT d.id, u.id, u.member_id, now() - interval '30 days', now() - interval '1 day', 1
    FROM u JOIN d ON (d.n + u.n * 7919) % d.total < ${perReader}
    ON CONFLICT DO NOTHING`);
  const [row] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM document_reads`));
  return row?.n ?? 0;
}
