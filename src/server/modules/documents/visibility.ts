/**
 * Who may read a library item. An item published to unit X is visible to X's whole subtree:
 * to anyone holding a role (the implicit member role at their cell included) at X or below.
 * So the reader's "reading units" are every unit on the path to each unit where they hold a
 * role; an item is visible when one of its targets is among them. Paths are taken fresh from the
 * actor's roles, so a restructured tree needs no rewrite of the targets.
 */
import { sql, type SQL } from 'drizzle-orm';
import { isSystemAdmin, readingUnitIds, type Actor } from '../../auth/authorize.ts';

/** Ancestor-or-self ids of one unit path. */
export function pathIds(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** Published and due: a scheduled item stays hidden until its publication time. */
export function publishedSql(alias: string, now: Date): SQL {
  const a = sql.raw(`"${alias}"`);
  return sql`(${a}.status = 'published' AND ${a}.publish_at <= ${now.toISOString()})`;
}

/**
 * Targets of the item (`alias`) include one of `unitIds`: an overlap with the item's own
 * `target_unit_ids` (kept from document_targets by triggers), one array parameter, so the text of
 * the statement is the same whatever the reader's units, none included (an empty overlap is
 * false): named statements (search.service.ts) rely on that.
 */
export function targetedSql(alias: string, unitIds: string[]): SQL {
  const a = sql.raw(`"${alias}"`);
  return sql`${a}.target_unit_ids && ${uuidArray(unitIds)}`;
}

/** A uuid[] parameter. The ids come from the database (role grants, unit paths), never from input. */
export function uuidArray(ids: string[]): SQL {
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

/** The row `alias` of documents is published, due and addressed to the actor's units. */
export function visibleSql(actor: Actor, now: Date, alias = 'documents'): SQL {
  if (isSystemAdmin(actor)) return publishedSql(alias, now);
  return sql`(${publishedSql(alias, now)} AND ${targetedSql(alias, readingUnitIds(actor))})`;
}

/** Visible to readers of the unit at `unitPath` (its ancestors' items included). */
export function visibleToUnitSql(unitPath: string, now: Date, alias = 'documents'): SQL {
  return sql`(${publishedSql(alias, now)} AND ${targetedSql(alias, pathIds(unitPath))})`;
}

/**
 * Published, due, and addressed to the unit at `unitPath`, to a unit above it or to one inside its
 * subtree: the documents whose reading a committee or secretary of that unit may be shown. A
 * draft, or an item for another branch of the tree, is not among them (issue 17 finding 1: the
 * reading statistics answered with the title of a draft meant for another ward).
 */
export function reachesSubtreeSql(unitPath: string, now: Date, alias = 'documents'): SQL {
  const a = sql.raw(`"${alias}"`);
  return sql`(${publishedSql(alias, now)} AND (${targetedSql(alias, pathIds(unitPath))} OR EXISTS (
    SELECT 1 FROM units t WHERE t.id = ANY(${a}.target_unit_ids) AND t.path LIKE ${unitPath + '%'})))`;
}
