/**
 * First start: an empty database gets the demo organization. Every start prints the demo logins
 * while the demo accounts exist, so a newcomer always knows how to sign in.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';

const DEMO_SEED_LOCK = 7_345_002;
import { units, users } from '../db/schema.ts';
import { generateOrganization } from './generate.ts';
import { loadOrganization } from './load.ts';

export const DEMO_LOGINS = [
  { username: 'admin', what: 'Quản trị hệ thống (system admin)' },
  { username: 'tinh.admin', what: 'Quản trị Đảng bộ tỉnh (province admin, TINH)' },
  { username: 'tp.admin', what: 'Quản trị Đảng bộ thành phố (demo city admin, TP)' },
  { username: 'tp.uyvien', what: 'Cấp ủy viên thành phố (committee member, TP)' },
  { username: 'chibo.bithu', what: 'Bí thư chi bộ (cell secretary, TP.P01.CB01)' },
  { username: 'dangvien', what: 'Đảng viên (member, TP.P01.CB01)' },
];

export async function ensureDemo(db: Db, password: string): Promise<{ loaded: boolean; banner: string }> {
  const isEmpty = async (q: Db | Tx) => ((await q.select({ n: sql<number>`count(*)::int` }).from(units))[0]?.n ?? 0) === 0;
  let loaded = false;
  if (await isEmpty(db)) {
    // Two app processes starting together on one empty PostgreSQL: the lock lets one seed, the
    // other waits and then finds the data there.
    loaded = await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${DEMO_SEED_LOCK})`);
      if (!(await isEmpty(tx))) return false;
      const t = Date.now();
      console.log('Cơ sở dữ liệu trống: đang tạo tổ chức mẫu (loading the demo organization)…');
      const summary = await loadOrganization(tx, generateOrganization({ scale: 'demo' }), { password });
      console.log(
        `Đã tạo ${summary.units} đơn vị, ${summary.members} đảng viên, ${summary.users} tài khoản trong ${Date.now() - t} ms.`,
      );
      return true;
    });
  }
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'admin'));
  if (!admin) return { loaded, banner: '' };
  const width = Math.max(...DEMO_LOGINS.map((l) => l.username.length));
  const lines = DEMO_LOGINS.map((l) => `  ${l.username.padEnd(width)}  ${l.what}`);
  const banner = [`\nTài khoản mẫu (demo logins), mật khẩu / password: ${password}`, ...lines, ''].join('\n');
  return { loaded, banner };
}
