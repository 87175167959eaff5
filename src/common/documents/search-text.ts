/**
 * Search text for the library, pure so the server and tests share it.
 *
 * Stored text is folded (no diacritics, đ → d, lower case) so "nghi quyet", "nghị quyết",
 * "hoà" and "hòa" all meet. Extracted text is folded character by character so the folded copy
 * has exactly the code points of the original: a match found in the folded copy is at the same
 * position in the original, which is where the highlighted snippet is cut from.
 */
import { foldVietnamese } from '../text/vietnamese.ts';
import { findSymbolInTokens, searchTokens, type SymbolCatalog } from './symbol.ts';

/** NFC, control characters out, every whitespace run one space. */
export function normalizeExtracted(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

const foldCache = new Map<string, string>();

/** Fold one code point; keep it as is when folding would change the length. */
function foldChar(ch: string): string {
  if (ch < '\u0080') return ch >= 'A' && ch <= 'Z' ? ch.toLowerCase() : ch;
  let f = foldCache.get(ch);
  if (f === undefined) {
    const folded = foldVietnamese(ch);
    f = [...folded].length === 1 ? folded : ch;
    if (foldCache.size < 10_000) foldCache.set(ch, f);
  }
  return f;
}

/** Folded copy with the same number of code points as `text` (normalize it first). */
export function foldAligned(text: string): string {
  let out = '';
  for (const ch of text) out += foldChar(ch);
  return out;
}

/** Text handed to to_tsvector('simple', …): folded tokens separated by spaces. */
export function tsvText(text: string): string {
  return searchTokens(text).join(' ');
}

export interface SearchQuery {
  /** Folded tokens, in the order typed. */
  tokens: string[];
  /** The last token is still being typed: match it as a prefix. */
  prefix: boolean;
  /** A symbol recognised in the query ("nq 57", "57/NQ-TW", "nghị quyết 57"). */
  symbol: { number: string; typeCode: string; issuerCode: string | null } | null;
  /** Only a number was typed: documents numbered so rank first. */
  number: string | null;
}

const MAX_TOKENS = 12;

export function parseSearchQuery(q: string, catalog: SymbolCatalog): SearchQuery {
  const tokens = searchTokens(q).slice(0, MAX_TOKENS);
  const prefix = tokens.length > 0 && !/\s$/u.test(q);
  const found = findSymbolInTokens(tokens, catalog);
  const symbol = found ? { number: found.number, typeCode: found.typeCode, issuerCode: found.issuerCode } : null;
  const numbers = tokens.filter((t) => /^\d{1,6}$/.test(t));
  return {
    tokens,
    prefix,
    symbol,
    number: !symbol && numbers.length === 1 && tokens.length === 1 ? String(Number(numbers[0])) : null,
  };
}

/**
 * to_tsquery text: every token must match (AND), the last as a prefix while typing. No weights:
 * the stored vectors are stripped (the head has a vector of its own).
 * Tokens are letters and digits only, so nothing in them is tsquery syntax.
 */
export function toTsQuery(query: SearchQuery): string {
  // A one-letter prefix ("chi b…") narrows almost nothing yet costs the planner a walk over every
  // lexeme starting with it (85 ms of planning measured on PGlite, the first embedded engine): it waits for the next keystroke, unless it
  // is all that was typed. Digits stay ("nq 5" → 5, 57, 50…).
  const last = query.tokens.length - 1;
  const tokens = query.prefix && last > 0 && /^\p{L}$/u.test(query.tokens[last]!) ? query.tokens.slice(0, last) : query.tokens;
  return tokens
    .map((t, i) => {
      const isPrefix = query.prefix && i === query.tokens.length - 1;
      const term = (x: string) => (isPrefix ? `${x}:*` : x);
      // "07" also matches "7": symbol numbers are indexed without leading zeros (symbolTokens).
      const bare = /^0+\d/.test(t) ? t.replace(/^0+(?=\d)/, '') : null;
      return bare ? `(${term(t)} | ${term(bare)})` : term(t);
    })
    .join(' & ');
}

export interface SnippetPart {
  text: string;
  mark: boolean;
}

/**
 * Cuts a snippet of about `width` characters around the first match of any token in `text`
 * (an original, normalized text) and marks every token occurrence in it. Without a match, the
 * beginning of the text, unmarked.
 */
export function buildSnippet(text: string, tokens: string[], width = 220): SnippetPart[] {
  if (text.length === 0) return [];
  // Positions count characters (code points). Vietnamese text lies in the Basic Multilingual
  // Plane, where a string's indices are its characters: the text itself is the sequence, and no
  // array of characters is built (this ran for every result of every search). Text with emoji
  // or other astral characters falls back to an array, and its folded copy gets one placeholder
  // per such character, so both have the same length.
  const astral = /[\uD800-\uDFFF]/.test(text);
  const chars: string | string[] = astral ? [...text] : text;
  const folded = astral ? [...foldAligned(text)].map((c) => (c.length > 1 ? '\uFFFD' : c)).join('') : foldAligned(text);
  const cut = (from: number, to: number) => (typeof chars === 'string' ? chars.slice(from, to) : chars.slice(from, to).join(''));
  const wanted = [...new Set(tokens.filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
  let first = -1;
  for (const t of wanted) {
    const at = findWordStart(folded, t);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  let start = first < 0 ? 0 : Math.max(0, first - Math.floor(width / 3));
  // Start at a word boundary.
  while (start > 0 && start < first && chars[start - 1] !== ' ') start += 1;
  const end = Math.min(chars.length, start + width);
  const windowFolded = folded.slice(start, end);
  const marks = new Uint8Array(end - start);
  for (const t of wanted) {
    for (let at = findWordStart(windowFolded, t); at >= 0; at = findWordStart(windowFolded, t, at + t.length))
      marks.fill(1, at, at + t.length);
  }
  const parts: SnippetPart[] = [];
  if (start > 0) parts.push({ text: '…', mark: false });
  for (let i = 0; i < marks.length;) {
    let j = i + 1;
    while (j < marks.length && marks[j] === marks[i]) j++;
    parts.push({ text: cut(start + i, start + j), mark: marks[i] === 1 });
    i = j;
  }
  if (end < chars.length) parts.push({ text: '…', mark: false });
  return parts;
}

/** Index of `token` in `folded` at the start of a word, or -1. */
function findWordStart(folded: string, token: string, from = 0): number {
  let at = folded.indexOf(token, from);
  while (at >= 0) {
    const before = at === 0 ? '' : folded[at - 1]!;
    if (!before || !/[\p{L}\p{N}]/u.test(before)) return at;
    at = folded.indexOf(token, at + 1);
  }
  return -1;
}
