import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';

/** Audit log: every write, with actor, target, unit and changed fields. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    unitId: uuid('unit_id'),
    /** The unit's path at the time of the write, so scoping the log stays one range scan. */
    unitPath: text('unit_path'),
    requestId: text('request_id'),
    changes: jsonb('changes').$type<Record<string, { old: unknown; new: unknown }>>().notNull().default({}),
    /**
     * Tamper evidence: entries are sealed in order into a hash chain (sequence, previous hash,
     * own hash) shortly after they are written; a trigger makes the log append-only.
     */
    chainSeq: bigint('chain_seq', { mode: 'number' }),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    uniqueIndex('audit_log_chain_seq_uq').on(t.chainSeq),
    index('audit_log_unsealed_idx')
      .on(t.id)
      .where(sql`${t.chainSeq} IS NULL`),
    index('audit_log_unit_path_idx').using('btree', sql`${t.unitPath} text_pattern_ops`, t.at),
    index('audit_log_at_idx').on(t.at),
    index('audit_log_target_idx').on(t.targetType, t.targetId),
  ],
);

/** Key-value settings kept by the installation (secrets generated in embedded mode live in files instead). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
