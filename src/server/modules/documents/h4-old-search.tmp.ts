/**
 * One search over everything the actor may read (documents, news, pages).
 *
 * The query is folded and tokenized like the index (search-text.ts); every token must match,
 * the last one as a prefix while typing. Ranking: the symbol typed ("nq 57", "57/NQ-TW",
 * "nghị quyết 57") first, then matches in the head (symbol, title, topics, summary), then
 * matches only in the text, newer first among equals. The visibility condition is part of the
 * same WHERE as the match, so counts and snippets only ever come from visible items.
 */
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import type { LibraryKind } from '../../db/schema.ts';
import type { Ctx } from '../../context.ts';
import { buildSnippet, parseSearchQuery, toTsQuery, type SnippetPart } from '../../../common/documents/search-text.ts';
import { loadCatalog } from './codes.service.ts';
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
}

function filterSql(f: LibraryFilters): SQL[] {
  const conds: SQL[] = [];
  if (f.kind) conds.push(sql`d.kind = ${f.kind}`);
  if (f.type) conds.push(sql`d.type_code = ${f.type}`);
  if (f.issuer) conds.push(sql`d.issuer_code = ${f.issuer}`);
  if (f.category) conds.push(sql`d.category = ${f.category}`);
  if (f.year) conds.push(sql`extract(year FROM coalesce(d.issue_date::timestamptz, d.publish_at)) = ${f.year}`);
  if (f.unitId) conds.push(sql`(d.unit_id = ${f.unitId} OR EXISTS (SELECT 1 FROM document_targets ft WHERE ft.document_id = d.id AND ft.unit_id = ${f.unitId}))`);
  return conds;
}

const NEWEST = sql.raw('coalesce(d.issue_date::timestamptz, d.publish_at) DESC, d.publish_at DESC, d.id');

/** The visible library, newest first (no query). */
export async function listLibrary(ctx: Ctx, f: LibraryFilters) {
  const where = sql.join([visibleSql(ctx.actor, ctx.clock.now(), 'd'), ...filterSql(f)], sql` AND `);
  const rows = rowsOf<SummaryRow & { total: number }>(
    await ctx.db.execute(sql`SELECT ${SUMMARY_SELECT}, count(*) OVER ()::int AS total FROM ${SUMMARY_FROM} WHERE ${where} ORDER BY ${NEWEST} LIMIT ${f.limit} OFFSET ${f.offset}`),
  );
  return { items: rows.map(toSummary), total: rows[0]?.total ?? 0 };
}

type MatchedIn = 'symbol' | 'title' | 'text' | 'none';

export async function search(ctx: Ctx, q: string, f: LibraryFilters) {
  const started = performance.now();
  const query = parseSearchQuery(q, await loadCatalog(ctx.db));
  if (query.tokens.length === 0) {
    const list = await listLibrary(ctx, f);
    return { items: list.items.map((i) => ({ ...i, snippet: i.summary ? buildSnippet(i.summary, []) : [], matchedIn: 'none' as MatchedIn })), total: list.total, tookMs: Math.round(performance.now() - started) };
  }
  const all = toTsQuery(query);
  const symbolHit = query.symbol
    ? sql`(d.symbol_number = ${query.symbol.number} AND d.type_code = ${query.symbol.typeCode}${query.symbol.issuerCode ? sql` AND d.issuer_code = ${query.symbol.issuerCode}` : sql``})`
    : query.number
      ? sql`(d.symbol_number = ${query.number})`
      : sql`false`;
  const where = sql.join([sql`d.search_tsv @@ to_tsquery('simple', ${all})`, visibleSql(ctx.actor, ctx.clock.now(), 'd'), ...filterSql(f)], sql` AND `);
  const rows = rowsOf<SummaryRow & { total: number; symbol_hit: boolean; head_hit: boolean }>(
    await ctx.db.execute(sql`
      SELECT * FROM (
        SELECT ${SUMMARY_SELECT}, d.issue_date AS sort_date,
          ${symbolHit} AS symbol_hit,
          (d.search_head_tsv @@ to_tsquery('simple', ${all})) AS head_hit,
          count(*) OVER ()::int AS total
        FROM ${SUMMARY_FROM}
        WHERE ${where}
      ) d
      ORDER BY d.symbol_hit DESC, d.head_hit DESC, coalesce(d.sort_date::timestamptz, d.publish_at) DESC, d.publish_at DESC, d.id
      LIMIT ${f.limit} OFFSET ${f.offset}`),
  );
  const snippets = await snippetsFor(
    ctx,
    rows.map((r) => r.id),
    query.tokens,
  );
  const items = rows.map((r) => {
    const matchedIn: MatchedIn = r.symbol_hit ? 'symbol' : r.head_hit ? 'title' : 'text';
    const fromBody = snippets.get(r.id);
    const snippet = matchedIn === 'text' && fromBody ? fromBody : r.summary ? buildSnippet(r.summary, query.tokens) : (fromBody ?? []);
    return { ...toSummary(r), snippet, matchedIn };
  });
  return { items, total: rows[0]?.total ?? 0, tookMs: Math.round(performance.now() - started) };
}

/**
 * Snippets from the extracted text of the given (already visible) items: the match is found in
 * the folded copy and the same positions are cut from the original, then marked.
 */
async function snippetsFor(ctx: Ctx, ids: string[], tokens: string[]): Promise<Map<string, SnippetPart[]>> {
  const out = new Map<string, SnippetPart[]>();
  if (ids.length === 0) return out;
  // The longest token is the most selective place to cut around.
  const anchor = [...tokens].sort((a, b) => b.length - a.length)[0]!;
  const rows = rowsOf<{ id: string; chunk: string; pos: number }>(
    await ctx.db.execute(sql`
      SELECT id, strpos(body_folded, ${anchor}) AS pos,
        substr(body_text, greatest(1, strpos(body_folded, ${anchor}) - 100), 400) AS chunk
      FROM documents WHERE id IN (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)}) AND body_text <> ''`),
  );
  for (const r of rows) {
    if (!r.pos) continue;
    const parts = buildSnippet(r.chunk, tokens, 240);
    if (r.pos > 101 && parts[0] && !parts[0].text.startsWith('…')) parts.unshift({ text: '…', mark: false });
    out.set(r.id, parts);
  }
  return out;
}
