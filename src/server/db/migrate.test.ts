import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from './client.ts';
import { createTestDatabase, ENGINES } from '../testing/databases.ts';
import { MIGRATIONS_FOLDER, MigrationError, migrateDatabase, migrationsCurrent } from './migrate.ts';

/** A copy of the real migrations plus one that fails halfway, to prove all-or-nothing. */
function brokenFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotay-mig-'));
  fs.cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journal = JSON.parse(fs.readFileSync(path.join(dir, 'meta/_journal.json'), 'utf8')) as {
    entries: Array<{ idx: number; when: number; tag: string; version: string; breakpoints: boolean }>;
  };
  const last = journal.entries.at(-1)!;
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag: '9999_broken' });
  fs.writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify(journal));
  fs.writeFileSync(
    path.join(dir, '9999_broken.sql'),
    'CREATE TABLE half_done (id int);\n--> statement-breakpoint\nSELECT * FROM no_such_table;',
  );
  return dir;
}

describe.each(ENGINES)('migrations on %s', (engine) => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('applies every migration once and reports them current', async () => {
    const database = await createTestDatabase(engine, { empty: true });
    expect(await migrationsCurrent(database.db)).toBe(false);
    const first = await migrateDatabase(database);
    expect(first.applied[0]).toBe('0000_extensions');
    expect(await migrationsCurrent(database.db)).toBe(true);
    expect((await migrateDatabase(database)).applied).toEqual([]);
    await database.close();
  });

  it('leaves the database exactly as it was when a migration fails, with a clear message', async () => {
    const folder = brokenFolder();
    dirs.push(folder);
    const database = await createTestDatabase(engine, { empty: true });
    const error = await migrateDatabase(database, folder).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toContain('9999_broken');
    expect((error as Error).message).toMatch(/giữ nguyên/);
    // Not even the good migrations before it were kept: one transaction.
    const tables = rowsOf<{ n: number }>(
      await database.db.execute(sql`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`),
    );
    expect(tables[0]!.n).toBe(0);
    await database.close();
  });
});
