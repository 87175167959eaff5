/**
 * Empties an installation (seed --reset, benchmark datasets): the schemas are dropped and the
 * migrations run again, so reference data seeded by migrations (document types, rubrics) comes back
 * exactly as a new installation has it, and the audit log's append-only trigger is recreated.
 */
import { sql } from 'drizzle-orm';
import type { Database } from './client.ts';
import { migrateDatabase } from './migrate.ts';

export async function resetInstallation(database: Database): Promise<void> {
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`DROP SCHEMA IF EXISTS drizzle CASCADE`);
    await tx.execute(sql`DROP SCHEMA public CASCADE`);
    await tx.execute(sql`CREATE SCHEMA public`);
  });
  await migrateDatabase(database);
}
