/**
 * An installation of the first releases moves to the embedded PostgreSQL server on its first start.
 * The fixture is a data folder made by the last PGlite release (main at de8a4e3: `npm start` on an
 * empty DATA_DIR, which loads the demo organization, three sign-ins, then stopped): PGlite's `pg/`
 * with the demo city, `files/` and `secrets/cccd.key`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { buildApp } from '../../app.ts';
import { testConfig } from '../../config.ts';
import { prepareCccd } from '../../privacy/cccd-backfill.ts';
import { cccdKeysFor, decryptCccd } from '../../privacy/cccd-crypto.ts';
import { sealAuditLog, verifyAuditChain } from '../../modules/audit/chain.ts';
import { clusterDir, openDatabase, rowsOf } from '../client.ts';
import { migrateDatabase } from '../migrate.ts';
import { isEmbeddedCluster } from './server.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures/pglite-release-de8a4e3.tar.gz');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function unpackFixture(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sotay-conv-'));
  dirs.push(root);
  const res = spawnSync('tar', ['xzf', FIXTURE, '-C', root]);
  expect(res.status, res.stderr?.toString()).toBe(0);
  return path.join(root, 'data');
}

/** Row counts of every public table, read by PGlite itself from the untouched folder. */
async function pgliteCounts(pgDir: string): Promise<Record<string, number>> {
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
  const client = await PGlite.create(pgDir, { extensions: { pg_trgm, unaccent } });
  try {
    const tables = (await client.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'`)).rows;
    const counts: Record<string, number> = {};
    for (const { t } of tables)
      counts[t] = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${t}"`)).rows[0]!.n;
    return counts;
  } finally {
    await client.close();
  }
}

describe('converting a PGlite data folder of the first releases', () => {
  it('moves every row to the embedded server on the first start, keeps the old folder aside, and the installation works', async () => {
    const dataDir = unpackFixture();
    const before = await pgliteCounts(clusterDir(dataDir));
    expect(before.members).toBeGreaterThan(6000);
    // A conversion interrupted earlier left its half-made cluster: it is made again.
    fs.mkdirSync(`${clusterDir(dataDir)}.converting`);
    fs.writeFileSync(`${clusterDir(dataDir)}.converting/PG_VERSION`, '17\n');

    const messages: string[] = [];
    let database = await openDatabase({ dataDir, poolSize: 3, log: (m) => messages.push(m) });
    try {
      expect(messages.join('\n')).toMatch(/Đã chuyển \d+ dòng/);
      expect(isEmbeddedCluster(clusterDir(dataDir))).toBe(true);
      const aside = fs.readdirSync(dataDir).filter((f) => f.startsWith('pglite-'));
      expect(aside).toHaveLength(1);
      expect(fs.existsSync(path.join(dataDir, aside[0]!, 'PG_VERSION'))).toBe(true);
      expect(fs.existsSync(`${clusterDir(dataDir)}.converting`)).toBe(false);

      const after: Record<string, number> = {};
      for (const t of Object.keys(before))
        after[t] = rowsOf<{ n: number }>(await database.db.execute(sql.raw(`SELECT count(*)::int AS n FROM "${t}"`)))[0]!.n;
      expect(after).toEqual(before);

      // The release's start-up path on the converted data: migrations from its level to this one,
      // the CCCD key of its secrets folder, the sealed audit chain, a demo sign-in.
      await migrateDatabase(database);
      const config = testConfig({ DATA_DIR: dataDir });
      await prepareCccd(database.db, config);
      const [member] = rowsOf<{ full_name: string; cccd_enc: string }>(
        await database.db.execute(sql`SELECT full_name, cccd_enc FROM members WHERE cccd_enc IS NOT NULL ORDER BY id LIMIT 1`),
      );
      expect(member!.full_name).toMatch(/[ăâđêôơư]/i);
      expect(decryptCccd(member!.cccd_enc, cccdKeysFor(config))).toMatch(/^\d{12}$/);
      while ((await sealAuditLog(database.db)) > 0);
      const chain = await verifyAuditChain(database.db);
      expect(chain.ok).toBe(true);
      expect(chain.checked).toBeGreaterThan(0);
      const app = await buildApp({ database, config });
      try {
        const res = await app.inject({
          method: 'POST',
          url: '/api/auth/sign-in',
          headers: { 'x-requested-with': 'sotay' },
          payload: { login: 'dangvien', password: 'Demo@2026' },
        });
        expect(res.statusCode, res.body).toBe(200);
      } finally {
        await app.close();
      }
    } finally {
      await database.close();
    }

    // The second start is an ordinary one.
    messages.length = 0;
    database = await openDatabase({ dataDir, poolSize: 2, log: (m) => messages.push(m) });
    expect(messages).toEqual([]);
    expect(rowsOf(await database.db.execute(sql`SELECT count(*)::int AS n FROM members`))).toEqual([{ n: before.members }]);
    await database.close();
  });
});
