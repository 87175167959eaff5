/**
 * The database schema (Drizzle, pg-core): one file per domain area under schema/, re-exported
 * here. One schema for the embedded server and PostgreSQL servers. After a change, `npm run db:generate -- --name <what>`
 * writes the SQL migration, which is committed; the server applies it at start.
 */
export * from './schema/org.ts';
export * from './schema/members.ts';
export * from './schema/accounts.ts';
export * from './schema/audit.ts';
export * from './schema/files.ts';
export * from './schema/documents.ts';
export * from './schema/meetings.ts';
export * from './schema/jobs.ts';
export * from './schema/notifications.ts';
export * from './schema/feedback.ts';
export * from './schema/members-review.ts';
export * from './schema/stats.ts';
export * from './schema/rules.ts';
export * from './schema/voting.ts';
export * from './schema/discipline.ts';
export * from './schema/annual-review.ts';
