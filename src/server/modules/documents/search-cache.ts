/**
 * Ranked candidate lists of library searches, kept in memory per query and filters, shared by
 * every reader (visibility is applied per request, here and again in SQL for the page's rows).
 *
 * Why: a search costs PostgreSQL ~3 ms of CPU (planning three ranked branches for the words typed,
 * walking the text index, a capped count) where opening a document costs 0.8 ms, and members type
 * the same searches (the month's resolution, "sinh hoạt chi bộ"). The library changes a few times
 * a day; each change raises library_state.version (triggers, migration 0020), and a list built
 * under another version is dropped the next time a page is read from it, in every process, because
 * the page's SQL returns the version in the same snapshot as the rows. What a list cannot know by
 * itself — the reader's units, a scheduled publication coming due — is checked per request (walk).
 * A page of items not shown before is read in SQL with the visibility rule applied there too.
 */
import type { Db } from '../../db/client.ts';

export interface Candidate {
  id: string;
  tier: number;
  /** Publication time (ms): a scheduled item is listed and shown only from then on. */
  publishAt: number;
  /** The item's target units (shared between candidates with the same targets). */
  targets: readonly string[];
}

export interface CandidateList {
  version: number;
  candidates: Candidate[];
  /** False when a rank was cut at its limit: counts beyond the list are then not known here. */
  complete: boolean;
  /**
   * Results as the list shows them (summary, snippet, where it matched), by item, filled as pages
   * are read: they depend on the item and the words only, never on the reader, and the list is
   * dropped with any change to the library (names of units, types and issuers included: migration
   * 0021). Reading and cutting them again was most of a repeated search's cost.
   */
  items: Map<string, unknown>;
}

/** At most this many candidates per rank; beyond, the search falls back to counting in SQL. */
export const MAX_PER_TIER = 500;
/** Queries remembered as asked once (a list is built the second time one is asked). */
const MAX_SEEN = 20_000;
/** Memory bound: candidates over all lists (~100 bytes each, target arrays shared). */
const MAX_CANDIDATES = 200_000;
const MAX_LISTS = 1000;

class Lists {
  private lists = new Map<string, CandidateList>();
  private size = 0;
  private targetSets = new Map<string, readonly string[]>();
  private seen = new Set<string>();
  /** Lists answered from memory (tests read it). */
  hits = 0;

  /**
   * Whether a list is worth building for a query that has none: only when it was asked before.
   * Building a list reads every match up to MAX_PER_TIER per rank, several times what one direct
   * search reads; most queries typed letter by letter are asked once and never again.
   */
  askedBefore(key: string): boolean {
    if (this.seen.has(key)) return true;
    if (this.seen.size >= MAX_SEEN) this.seen.clear();
    this.seen.add(key);
    return false;
  }

  get(key: string): CandidateList | undefined {
    const list = this.lists.get(key);
    if (list) {
      // Most recently used last: the Map's order is the eviction order.
      this.lists.delete(key);
      this.lists.set(key, list);
      this.hits++;
    }
    return list;
  }

  set(key: string, list: CandidateList) {
    this.drop(key);
    // A list from a newer version makes every older one useless, and their shared target arrays
    // with them (lists still alive keep their own references).
    const older = [...this.lists].filter(([, l]) => l.version < list.version);
    for (const [k] of older) this.drop(k);
    if (older.length) this.targetSets.clear();
    this.lists.set(key, list);
    this.size += list.candidates.length;
    while ((this.size > MAX_CANDIDATES || this.lists.size > MAX_LISTS) && this.lists.size > 1)
      this.drop(this.lists.keys().next().value!);
  }

  drop(key: string) {
    const old = this.lists.get(key);
    if (!old) return;
    this.size -= old.candidates.length;
    this.lists.delete(key);
  }

  /** One shared array per distinct set of targets (most items go to the same few units). */
  targets(ids: readonly string[]): readonly string[] {
    const k = ids.join(',');
    let shared = this.targetSets.get(k);
    if (!shared) this.targetSets.set(k, (shared = Object.freeze([...ids])));
    return shared;
  }
}

const byDatabase = new WeakMap<Db, Lists>();

export function candidateLists(db: Db): Lists {
  let lists = byDatabase.get(db);
  if (!lists) byDatabase.set(db, (lists = new Lists()));
  return lists;
}

export interface Walked {
  /** The page's candidates, in rank order. */
  page: Candidate[];
  /** Visible candidates counted, up to cap + 1. */
  visible: number;
  /** The count is exact (or already over the cap); otherwise count in SQL. */
  counted: boolean;
  /** The page is exact (complete list, or the page ends inside it). */
  paged: boolean;
}

/**
 * The reader's page and count from a list: candidates published by `now` and addressed to one of
 * `readingUnits` (null: the system administrator reads everything published).
 */
export function walk(
  list: CandidateList,
  readingUnits: ReadonlySet<string> | null,
  now: number,
  offset: number,
  limit: number,
  cap: number,
): Walked {
  const page: Candidate[] = [];
  let visible = 0;
  for (const c of list.candidates) {
    if (c.publishAt > now) continue;
    if (readingUnits && !c.targets.some((t) => readingUnits.has(t))) continue;
    if (visible >= offset && visible < offset + limit) page.push(c);
    visible++;
    if (visible > cap && visible >= offset + limit) break;
  }
  const counted = list.complete || visible > cap;
  return { page, visible, counted, paged: list.complete || visible >= offset + limit };
}

/** node-postgres parses uuid[] into an array; other drivers may hand over the '{a,b}' text. */
export function uuidList(v: string[] | string | null): string[] {
  if (!v) return [];
  if (Array.isArray(v)) return v;
  const inner = v.replace(/^\{|\}$/g, '');
  return inner ? inner.split(',') : [];
}
