/**
 * First start: an empty database gets the demo organization. Every start prints the demo logins
 * while the demo accounts exist, so a newcomer always knows how to sign in.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
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
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(units);
  let loaded = false;
  if (n === 0) {
    const t = Date.now();
    console.log('Cơ sở dữ liệu trống: đang tạo tổ chức mẫu (loading the demo organization)…');
    const summary = await loadOrganization(db, generateOrganization({ scale: 'demo' }), { password });
    console.log(`Đã tạo ${summary.units} đơn vị, ${summary.members} đảng viên, ${summary.users} tài khoản trong ${Date.now() - t} ms.`);
    loaded = true;
  }
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'admin'));
  if (!admin) return { loaded, banner: '' };
  const width = Math.max(...DEMO_LOGINS.map((l) => l.username.length));
  const lines = DEMO_LOGINS.map((l) => `  ${l.username.padEnd(width)}  ${l.what}`);
  const banner = [`\nTài khoản mẫu (demo logins), mật khẩu / password: ${password}`, ...lines, ''].join('\n');
  return { loaded, banner };
}
