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
 *
 * A query asked again is answered from its ranked candidate list in memory (search-cache.ts,
 * fromCandidates below): the same ranks, built without the reader, walked with the reader's units
 * and the clock; the items of a page not shown before are read with the visibility condition in
 * SQL, and every page checks the library's version in the same statement. The direct search
 * (searchDirect) answers first-time queries and whatever a list cut short cannot.
 */
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import type { LibraryKind } from '../../db/schema.ts';
import type { Ctx } from '../../context.ts';
import { buildSnippet, parseSearchQuery, toTsQuery, type SnippetPart } from '../../../common/documents/search-text.ts';
import { cachedCatalog } from './codes.service.ts';
import { SUMMARY_FROM, SUMMARY_SELECT, toSummary, type SummaryRow } from './rows.ts';
import { uuidArray, visibleSql } from './visibility.ts';
import { candidateLists, MAX_PER_TIER, uuidList, walk, type Candidate, type CandidateList } from './search-cache.ts';
import { preparedRows } from '../../db/prepared.ts';
import { isSystemAdmin, readingUnitIds } from '../../auth/authorize.ts';

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
  if (f.year)
    conds.push(
      sql`d.sort_at >= ${`${f.year}-01-01T00:00:00Z`}::timestamptz AND d.sort_at < ${`${f.year + 1}-01-01T00:00:00Z`}::timestamptz`,
    );
  if (f.unitId) conds.push(sql`(d.unit_id = ${f.unitId} OR ${f.unitId}::uuid = ANY (d.target_unit_ids))`);
  return conds;
}

/** Newest first; the same columns and directions as documents_published_sort_idx. */
const NEWEST = sql.raw('d.sort_at DESC NULLS LAST, d.publish_at DESC NULLS LAST, d.id');

/** Capped count of the visible rows matching `where`: the LIMIT stops reading at the cap. */
async function cappedCount(ctx: Ctx, where: SQL, cap = TOTAL_CAP): Promise<{ total: number; totalCapped: boolean }> {
  const [row] = rowsOf<{ n: number }>(
    await ctx.db.execute(sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM documents d WHERE ${where} LIMIT ${cap + 1}) c`),
  );
  const n = row?.n ?? 0;
  return { total: Math.min(n, cap), totalCapped: n > cap };
}

/** The visible library, newest first (no query). */
export async function listLibrary(ctx: Ctx, f: LibraryFilters) {
  const where = sql.join([visibleSql(ctx.actor, ctx.clock.now(), 'd'), ...filterSql(f)], sql` AND `);
  const rows = rowsOf<SummaryRow>(
    await ctx.db.execute(
      sql`SELECT ${SUMMARY_SELECT} FROM ${SUMMARY_FROM} WHERE ${where} ORDER BY ${NEWEST} LIMIT ${f.limit} OFFSET ${f.offset}`,
    ),
  );
  const count =
    rows.length < f.limit && (f.offset === 0 || rows.length > 0)
      ? { total: f.offset + rows.length, totalCapped: false }
      : await cappedCount(ctx, where, f.totalCap);
  return { items: rows.map(toSummary), ...count };
}

type MatchedIn = 'symbol' | 'title' | 'text' | 'none';
const TIERS: MatchedIn[] = ['symbol', 'title', 'text'];

type Query = ReturnType<typeof parseSearchQuery>;

/** The pieces of SQL every path of a search shares: the words, the ranks, the filters. */
function searchParts(query: Query, f: LibraryFilters) {
  const all = toTsQuery(query);
  const symbolHit = query.symbol
    ? sql`(d.symbol_number = ${query.symbol.number} AND d.type_code = ${query.symbol.typeCode}${query.symbol.issuerCode ? sql` AND d.issuer_code = ${query.symbol.issuerCode}` : sql``})`
    : query.number
      ? sql`(d.symbol_number = ${query.number})`
      : null;
  const tsq = sql`to_tsquery('simple', ${all})`;
  const notSymbol = symbolHit ? sql` AND ${symbolHit} IS NOT TRUE` : sql``;
  // Disjoint ranks: the head vector is part of the full one, so a head match is a full match.
  const tiers: SQL[] = [
    ...(symbolHit ? [sql`${symbolHit} AND d.search_tsv @@ ${tsq}`] : []),
    sql`d.search_head_tsv @@ ${tsq}${notSymbol}`,
    sql`d.search_tsv @@ ${tsq} AND NOT (d.search_head_tsv @@ ${tsq})${notSymbol}`,
  ];
  // The longest token is the most selective place to cut a snippet around.
  const anchor = [...query.tokens].sort((a, b) => b.length - a.length)[0]!;
  const key = JSON.stringify([
    all,
    query.symbol,
    query.number,
    f.kind ?? null,
    f.type ?? null,
    f.issuer ?? null,
    f.year ?? null,
    f.unitId ?? null,
    f.category ?? null,
  ]);
  return { tsq, tiers, firstTier: symbolHit ? 0 : 1, anchor, key, filters: filterSql(f) };
}
type Parts = ReturnType<typeof searchParts>;

/** What the reader may see at `now`, with the search's filters: part of every reader's WHERE. */
const readerSql = (ctx: Ctx, parts: Parts, now: Date) =>
  sql.join([visibleSql(ctx.actor, now, 'd'), ...parts.filters], sql` AND `);

export async function search(ctx: Ctx, q: string, f: LibraryFilters) {
  const started = performance.now();
  const query = parseSearchQuery(q, await cachedCatalog(ctx.db));
  if (query.tokens.length === 0) {
    const list = await listLibrary(ctx, f);
    return {
      ...list,
      items: list.items.map((i) => ({
        ...i,
        snippet: i.summary ? buildSnippet(i.summary, []) : [],
        matchedIn: 'none' as MatchedIn,
      })),
      tookMs: Math.round(performance.now() - started),
    };
  }
  const parts = searchParts(query, f);
  const found = (await fromCandidates(ctx, parts, f, query.tokens)) ?? (await searchDirect(ctx, parts, f, query.tokens));
  return { ...found, tookMs: Math.round(performance.now() - started) };
}

type PageRow = SummaryRow & { tier: number; pos: number | null; chunk: string | null };
type SearchItem = ReturnType<typeof item>;
interface Found {
  items: SearchItem[];
  total: number;
  totalCapped: boolean;
}

/**
 * The page from the query's cached candidate list (search-cache.ts), built on a miss. The page's
 * rows are read with the visibility rule applied again in SQL and the library version of the same
 * snapshot: a list from before a change is rebuilt once. Undefined: the list cannot answer (it was
 * cut short before this reader's page, or the query is new: a list is built when it comes again),
 * the direct search does.
 */
async function fromCandidates(ctx: Ctx, parts: Parts, f: LibraryFilters, tokens: string[]): Promise<Found | undefined> {
  const lists = candidateLists(ctx.db);
  const reading = isSystemAdmin(ctx.actor) ? null : new Set(readingUnitIds(ctx.actor));
  const now = ctx.clock.now();
  const cap = f.totalCap ?? TOTAL_CAP;
  for (let attempt = 0; attempt < 2; attempt++) {
    const cached = attempt === 0 ? lists.get(parts.key) : undefined;
    if (!cached && attempt === 0 && !lists.askedBefore(parts.key)) return undefined;
    const list = cached ?? (await buildCandidates(ctx, parts, lists));
    const walked = walk(list, reading, now.getTime(), f.offset, f.limit, cap);
    if (!walked.paged) return undefined;
    // Items shown before come from the list; the others are read (visibility checked in SQL too).
    const unseen = walked.page.filter((c) => !list.items.has(c.id));
    const page = unseen.length
      ? await pageRows(ctx, unseen, parts.anchor, now)
      : { rows: [], version: await libraryVersion(ctx.db) };
    if (page.version !== list.version || page.rows.length !== unseen.length) {
      lists.drop(parts.key);
      continue;
    }
    for (const r of page.rows) list.items.set(r.id, item(r, tokens));
    const count = walked.counted
      ? { total: Math.min(walked.visible, cap), totalCapped: walked.visible > cap }
      : await cappedCount(ctx, sql`d.search_tsv @@ ${parts.tsq} AND ${readerSql(ctx, parts, now)}`, cap);
    return { items: walked.page.map((c) => list.items.get(c.id) as SearchItem), ...count };
  }
  return undefined;
}

/** Every published match of the query (scheduled ones too), ranked, each rank cut at MAX_PER_TIER. */
async function buildCandidates(ctx: Ctx, parts: Parts, lists: ReturnType<typeof candidateLists>): Promise<CandidateList> {
  const where = sql.join([sql`d.status = 'published'`, ...parts.filters], sql` AND `);
  const branches = parts.tiers.map(
    (cond, i) =>
      sql`(SELECT d.id, ${parts.firstTier + i}::int AS tier, d.sort_at, d.publish_at, d.target_unit_ids FROM documents d WHERE ${cond} AND ${where} ORDER BY ${NEWEST} LIMIT ${MAX_PER_TIER})`,
  );
  const rows = rowsOf<{
    version: string | number;
    id: string | null;
    tier: number;
    publish_at: string | Date | null;
    target_unit_ids: string[] | string | null;
  }>(
    await ctx.db.execute(sql`
      SELECT v.version, c.id, c.tier, c.publish_at, c.target_unit_ids
      FROM (SELECT version FROM library_state WHERE id = 1) v
      LEFT JOIN (${sql.join(branches, sql` UNION ALL `)}) c ON true
      ORDER BY c.tier, c.sort_at DESC NULLS LAST, c.publish_at DESC NULLS LAST, c.id`),
  );
  const perTier = new Map<number, number>();
  const candidates: Candidate[] = [];
  for (const r of rows) {
    if (!r.id || !r.publish_at) continue;
    perTier.set(r.tier, (perTier.get(r.tier) ?? 0) + 1);
    candidates.push({
      id: r.id,
      tier: r.tier,
      publishAt: new Date(r.publish_at).getTime(),
      targets: lists.targets(uuidList(r.target_unit_ids)),
    });
  }
  const list = {
    version: Number(rows[0]?.version ?? 0),
    candidates,
    complete: [...perTier.values()].every((n) => n < MAX_PER_TIER),
    items: new Map(),
  };
  lists.set(parts.key, list);
  return list;
}

/**
 * The page's rows by id, visible to the reader (checked here again), with the library version of
 * the same snapshot and, for rows matched only in the text (or without a summary), the stretch
 * of text around the match. The text of the statement never varies: a named statement.
 */
async function pageRows(ctx: Ctx, page: Candidate[], anchor: string, now: Date): Promise<{ rows: PageRow[]; version: number }> {
  const admin = isSystemAdmin(ctx.actor);
  const tierOf = new Map(page.map((c) => [c.id, c.tier]));
  const rows = await preparedRows<SummaryRow & { version: string | number; pos: number | null; chunk: string | null }>(
    ctx.db,
    admin ? 'library_page_all' : 'library_page',
    sql`
      SELECT ${SUMMARY_SELECT}, (SELECT version FROM library_state WHERE id = 1) AS version,
        s.pos, CASE WHEN s.pos > 0 THEN substr(d.body_text, greatest(1, s.pos - 100), 400) END AS chunk
      FROM ${SUMMARY_FROM}
      CROSS JOIN LATERAL (SELECT CASE WHEN d.id = ANY (${uuidArray(page.filter((c) => c.tier === 2).map((c) => c.id))}) OR d.summary = '' THEN strpos(d.body_folded, ${anchor}) END AS pos) s
      WHERE d.id = ANY (${uuidArray(page.map((c) => c.id))}) AND ${visibleSql(ctx.actor, now, 'd')}`,
  );
  const order = new Map(page.map((c, i) => [c.id, i]));
  rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return { rows: rows.map((r) => ({ ...r, tier: tierOf.get(r.id)! })), version: Number(rows[0]?.version ?? -1) };
}

/** The library's version now (library_state), for a page answered from memory only. */
async function libraryVersion(db: Ctx['db']): Promise<number> {
  const [row] = await preparedRows<{ version: string | number }>(
    db,
    'library_version',
    sql`SELECT version FROM library_state WHERE id = 1`,
  );
  return Number(row?.version ?? 0);
}

/** The search in one statement, reader by reader: when a candidate list cannot answer. */
async function searchDirect(ctx: Ctx, parts: Parts, f: LibraryFilters, tokens: string[]): Promise<Found> {
  const { tsq, tiers, firstTier, anchor } = parts;
  const common = readerSql(ctx, parts, ctx.clock.now());
  const upTo = f.offset + f.limit;
  const cap = f.totalCap ?? TOTAL_CAP;
  const branches = tiers.map(
    (cond, i) =>
      sql`(SELECT d.id, ${firstTier + i}::int AS tier, d.sort_at, d.publish_at FROM documents d WHERE ${cond} AND ${common} ORDER BY ${NEWEST} LIMIT ${upTo})`,
  );
  // One statement: the page, the capped total and, for rows matched only in the text (or without
  // a summary), the stretch of text around the match. Snippets and counts see visible rows only.
  const rows = rowsOf<SummaryRow & { tier: number; total_n: number; pos: number | null; chunk: string | null }>(
    await ctx.db.execute(sql`
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
  const count =
    n !== undefined
      ? { total: Math.min(n, cap), totalCapped: n > cap }
      : f.offset === 0
        ? { total: 0, totalCapped: false }
        : await cappedCount(ctx, sql`d.search_tsv @@ ${tsq} AND ${common}`, cap);
  return { items: rows.map((r) => item(r, tokens)), ...count };
}

/** One result as the list shows it: where it matched and the snippet to show. */
function item(r: PageRow, tokens: string[]) {
  const matchedIn = TIERS[r.tier] ?? 'text';
  const fromBody = r.chunk && r.pos ? bodySnippet(r.chunk, r.pos, tokens) : undefined;
  const snippet = matchedIn === 'text' && fromBody ? fromBody : r.summary ? buildSnippet(r.summary, tokens) : (fromBody ?? []);
  return { ...toSummary(r), snippet, matchedIn };
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
