/**
 * One search over everything the actor may read (documents, news, pages).
 *
 * The query is folded and tokenized like the index (search-text.ts); every token must match,
 * the last one as a prefix while typing. Ranking: the symbol typed ("nq 57", "57/NQ-TW",
 * "nghị quyết 57") first, then matches in the head (symbol, title, topics, summary), then
 * matches only in the text, newer first among equals.
 *
 * Why it is built this way (10,000 documents with 100 MB of text, a common word matching nearly
 * all of them): the three ranks are three disjoint queries, each ordered by the stored sort key
 * (`sort_at`, indexed for published items) with a LIMIT of one page, so a word found everywhere
 * costs a walk of the newest few items instead of reading and sorting every match. The head is a
 * small tsvector with its own GIN index. The total is counted only up to TOTAL_CAP ("200+"): the
 * count of a common word was most of a search's cost at 1,000, and nobody pages past 200 results.
 * Snippets are cut for the page's rows only. The visibility condition is part of every WHERE, so
 * counts, ranks and snippets only ever come from visible items.
 */
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import { CUSTOM_PLAN } from '../../db/pglite-statements.ts';
import type { LibraryKind } from '../../db/schema.ts';
import type { Ctx } from '../../context.ts';
import { buildSnippet, parseSearchQuery, toTsQuery, type SnippetPart } from '../../../common/documents/search-text.ts';
import { cachedCatalog } from './codes.service.ts';
import { SUMMARY_FROM, SUMMARY_SELECT, toSummary, type SummaryRow } from './rows.ts';
import { visibleSql } from './visibility.ts';

export interface LibraryFilters {
  kind?: LibraryKind | undefined;
  type?: string | undefined;
  issuer?: string | undefined;
  year?: number | undefined;
  unitId?: string | undefined;
  category?: string | undefined;
  limit: number;
  offset: number;
  /** Count up to this many (default TOTAL_CAP); tests lower it. */
  totalCap?: number | undefined;
}

/** Totals are counted up to here; beyond it the answer says "more than" (totalCapped). */
export const TOTAL_CAP = 200;

function filterSql(f: LibraryFilters): SQL[] {
  const conds: SQL[] = [];
  if (f.kind) conds.push(sql`d.kind = ${f.kind}`);
  if (f.type) conds.push(sql`d.type_code = ${f.type}`);
  if (f.issuer) conds.push(sql`d.issuer_code = ${f.issuer}`);
  if (f.category) conds.push(sql`d.category = ${f.category}`);
  // A range on the sort key rather than extract(year …): the index can serve it.
  if (f.year) conds.push(sql`d.sort_at >= ${`${f.year}-01-01T00:00:00Z`}::timestamptz AND d.sort_at < ${`${f.year + 1}-01-01T00:00:00Z`}::timestamptz`);
  if (f.unitId) conds.push(sql`(d.unit_id = ${f.unitId} OR ${f.unitId}::uuid = ANY (d.target_unit_ids))`);
  return conds;
}

/** Newest first; the same columns and directions as documents_published_sort_idx. */
const NEWEST = sql.raw('d.sort_at DESC NULLS LAST, d.publish_at DESC NULLS LAST, d.id');

/** Capped count of the visible rows matching `where`: the LIMIT stops reading at the cap. */
async function cappedCount(ctx: Ctx, where: SQL, cap = TOTAL_CAP): Promise<{ total: number; totalCapped: boolean }> {
  const [row] = rowsOf<{ n: number }>(await ctx.db.execute(sql`${CUSTOM_PLAN} SELECT count(*)::int AS n FROM (SELECT 1 FROM documents d WHERE ${where} LIMIT ${cap + 1}) c`));
  const n = row?.n ?? 0;
  return { total: Math.min(n, cap), totalCapped: n > cap };
}

/** The visible library, newest first (no query). */
export async function listLibrary(ctx: Ctx, f: LibraryFilters) {
  const where = sql.join([visibleSql(ctx.actor, ctx.clock.now(), 'd'), ...filterSql(f)], sql` AND `);
  const rows = rowsOf<SummaryRow>(await ctx.db.execute(sql`SELECT ${SUMMARY_SELECT} FROM ${SUMMARY_FROM} WHERE ${where} ORDER BY ${NEWEST} LIMIT ${f.limit} OFFSET ${f.offset}`));
  const count = rows.length < f.limit && (f.offset === 0 || rows.length > 0) ? { total: f.offset + rows.length, totalCapped: false } : await cappedCount(ctx, where, f.totalCap);
  return { items: rows.map(toSummary), ...count };
}

type MatchedIn = 'symbol' | 'title' | 'text' | 'none';
const TIERS: MatchedIn[] = ['symbol', 'title', 'text'];

export async function search(ctx: Ctx, q: string, f: LibraryFilters) {
  const started = performance.now();
  const query = parseSearchQuery(q, await cachedCatalog(ctx.db));
  if (query.tokens.length === 0) {
    const list = await listLibrary(ctx, f);
    return { ...list, items: list.items.map((i) => ({ ...i, snippet: i.summary ? buildSnippet(i.summary, []) : [], matchedIn: 'none' as MatchedIn })), tookMs: Math.round(performance.now() - started) };
  }
  const all = toTsQuery(query);
  const symbolHit = query.symbol
    ? sql`(d.symbol_number = ${query.symbol.number} AND d.type_code = ${query.symbol.typeCode}${query.symbol.issuerCode ? sql` AND d.issuer_code = ${query.symbol.issuerCode}` : sql``})`
    : query.number
      ? sql`(d.symbol_number = ${query.number})`
      : null;
  const tsq = sql`to_tsquery('simple', ${all})`;
  const common = sql.join([visibleSql(ctx.actor, ctx.clock.now(), 'd'), ...filterSql(f)], sql` AND `);
  const notSymbol = symbolHit ? sql` AND ${symbolHit} IS NOT TRUE` : sql``;
  // Disjoint ranks: the head vector is part of the full one, so a head match is a full match.
  const tiers: SQL[] = [
    ...(symbolHit ? [sql`${symbolHit} AND d.search_tsv @@ ${tsq}`] : []),
    sql`d.search_head_tsv @@ ${tsq}${notSymbol}`,
    sql`d.search_tsv @@ ${tsq} AND NOT (d.search_head_tsv @@ ${tsq})${notSymbol}`,
  ];
  const firstTier = symbolHit ? 0 : 1;
  const upTo = f.offset + f.limit;
  const cap = f.totalCap ?? TOTAL_CAP;
  const branches = tiers.map((cond, i) => sql`(SELECT d.id, ${firstTier + i}::int AS tier, d.sort_at, d.publish_at FROM documents d WHERE ${cond} AND ${common} ORDER BY ${NEWEST} LIMIT ${upTo})`);
  // The longest token is the most selective place to cut a snippet around.
  const anchor = [...query.tokens].sort((a, b) => b.length - a.length)[0]!;
  // One statement: the page, the capped total and, for rows matched only in the text (or without
  // a summary), the stretch of text around the match. Snippets and counts see visible rows only.
  const rows = rowsOf<SummaryRow & { tier: number; total_n: number; pos: number | null; chunk: string | null }>(
    // Planned for its words each time: a rare word and one found everywhere want different plans.
    await ctx.db.execute(sql`${CUSTOM_PLAN}
      WITH page AS (
        SELECT * FROM (${sql.join(branches, sql` UNION ALL `)}) p
        ORDER BY p.tier, p.sort_at DESC NULLS LAST, p.publish_at DESC NULLS LAST, p.id
        LIMIT ${f.limit} OFFSET ${f.offset}
      )
      SELECT ${SUMMARY_SELECT}, page.tier,
        (SELECT count(*)::int FROM (SELECT 1 FROM documents d WHERE d.search_tsv @@ ${tsq} AND ${common} LIMIT ${cap + 1}) c) AS total_n,
        s.pos, CASE WHEN s.pos > 0 THEN substr(d.body_text, greatest(1, s.pos - 100), 400) END AS chunk
      FROM page JOIN ${SUMMARY_FROM} ON d.id = page.id
      -- The text (10 KB a document, compressed) is read only for the rows whose snippet comes from
      -- it: as a join condition the position was computed for every row of the page first.
      CROSS JOIN LATERAL (SELECT CASE WHEN page.tier = 2 OR d.summary = '' THEN strpos(d.body_folded, ${anchor}) END AS pos) s
      ORDER BY page.tier, ${NEWEST}`),
  );
  const n = rows[0]?.total_n;
  const count = n !== undefined ? { total: Math.min(n, cap), totalCapped: n > cap } : f.offset === 0 ? { total: 0, totalCapped: false } : await cappedCount(ctx, sql`d.search_tsv @@ ${tsq} AND ${common}`, cap);
  const items = rows.map((r) => {
    const matchedIn = TIERS[r.tier] ?? 'text';
    const fromBody = r.chunk && r.pos ? bodySnippet(r.chunk, r.pos, query.tokens) : undefined;
    const snippet = matchedIn === 'text' && fromBody ? fromBody : r.summary ? buildSnippet(r.summary, query.tokens) : (fromBody ?? []);
    return { ...toSummary(r), snippet, matchedIn };
  });
  return { items, ...count, tookMs: Math.round(performance.now() - started) };
}

/**
 * A snippet from the extracted text: the match was found in the folded copy (`pos`, 1-based) and
 * the same positions were cut from the original (`chunk` starts 100 characters before), then marked.
 */
function bodySnippet(chunk: string, pos: number, tokens: string[]): SnippetPart[] {
  const parts = buildSnippet(chunk, tokens, 240);
  if (pos > 101 && parts[0] && !parts[0].text.startsWith('…')) parts.unshift({ text: '…', mark: false });
  return parts;
}
