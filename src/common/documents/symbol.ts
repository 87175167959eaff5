/**
 * Số ký hiệu (document symbols): NUMBER-TYPE/ISSUER, e.g. 57-NQ/TW, 339-QĐ/TW, 42-HD/BTCTW.
 * Type and issuer codes are data (tables admins extend), so the parser takes a catalog; codes not
 * in it are still parsed from the formal shape and flagged as unknown.
 */
import { foldVietnamese } from '../text/vietnamese.ts';

export interface CodeEntry {
  code: string;
  name: string;
}

export interface SymbolCatalog {
  types: CodeEntry[];
  issuers: CodeEntry[];
}

export interface ParsedSymbol {
  /** The number without leading zeros ("7" for "07"): what matching and the key use. */
  number: string;
  /** The number as typed ("07"): what the canonical display form keeps. */
  typedNumber: string;
  typeCode: string;
  issuerCode: string | null;
  /** Canonical display form "57-NQ/TW", the number as typed ("07-HD/TU" stays so). */
  canonical: string;
  /** Folded key "57-nq/tw": the same for every spelling of the same symbol. */
  key: string;
  knownType: boolean;
  knownIssuer: boolean;
}

/** The codes of DOMAIN.md, used when no catalog is given (the migration seeds the same). */
export const DEFAULT_CATALOG: SymbolCatalog = {
  types: [
    { code: 'NQ', name: 'Nghị quyết' },
    { code: 'CT', name: 'Chỉ thị' },
    { code: 'KL', name: 'Kết luận' },
    { code: 'QĐ', name: 'Quy định, Quyết định' },
    { code: 'QC', name: 'Quy chế' },
    { code: 'HD', name: 'Hướng dẫn' },
    { code: 'KH', name: 'Kế hoạch' },
    { code: 'CTr', name: 'Chương trình' },
    { code: 'TB', name: 'Thông báo' },
    { code: 'BC', name: 'Báo cáo' },
    { code: 'CV', name: 'Công văn' },
    { code: 'VK', name: 'Văn kiện đại hội' },
    { code: 'TLSH', name: 'Tài liệu sinh hoạt chi bộ' },
    { code: 'TLTK', name: 'Tài liệu tham khảo' },
  ],
  issuers: [
    { code: 'TW', name: 'Ban Chấp hành Trung ương' },
    { code: 'BTCTW', name: 'Ban Tổ chức Trung ương' },
    { code: 'BTGTW', name: 'Ban Tuyên giáo Trung ương' },
    { code: 'VPTW', name: 'Văn phòng Trung ương Đảng' },
    { code: 'UBKTTW', name: 'Ủy ban Kiểm tra Trung ương' },
    { code: 'TU', name: 'Tỉnh ủy' },
    { code: 'ThU', name: 'Thành ủy' },
    { code: 'HU', name: 'Huyện ủy' },
    { code: 'QU', name: 'Quận ủy' },
    { code: 'ĐU', name: 'Đảng ủy' },
    { code: 'BTCTU', name: 'Ban Tổ chức Tỉnh ủy' },
    { code: 'BTGTU', name: 'Ban Tuyên giáo Tỉnh ủy' },
    { code: 'VPTU', name: 'Văn phòng Tỉnh ủy' },
    { code: 'CB', name: 'Chi bộ' },
  ],
};

/** The code of monthly cell-meeting materials (tài liệu sinh hoạt chi bộ hằng tháng). */
export const MONTHLY_MATERIALS_TYPE = 'TLSH';

const foldCode = (c: string) => foldVietnamese(c).replace(/[^a-z0-9]/g, '');

function findCode(entries: CodeEntry[], typed: string): CodeEntry | undefined {
  return codeIndex(entries).get(foldCode(typed));
}

/**
 * Entries by folded code, and type names as token lists, computed once per list: a catalog is
 * loaded once and read by every search, which otherwise folded every code and name each time
 * (a third of a repeated search's CPU).
 */
const codeIndexes = new WeakMap<CodeEntry[], Map<string, CodeEntry>>();
function codeIndex(entries: CodeEntry[]): Map<string, CodeEntry> {
  let index = codeIndexes.get(entries);
  if (!index) {
    index = new Map();
    for (const e of entries) {
      const k = foldCode(e.code);
      if (!index.has(k)) index.set(k, e);
    }
    codeIndexes.set(entries, index);
  }
  return index;
}

/**
 * Splits folded text into search tokens: letters and digits only, and a letter run glued to a
 * digit run ("nq57") becomes two tokens, so every spelling of a symbol yields the same tokens.
 */
export function searchTokens(text: string): string[] {
  const folded = foldVietnamese(text);
  const out: string[] = [];
  for (const word of folded.split(/[^\p{L}\p{N}]+/u)) {
    if (!word) continue;
    for (const part of word.match(/\p{N}+|\p{L}+/gu) ?? []) out.push(part);
  }
  return out;
}

// NUMBER sep TYPE sep ISSUER, with any of - / – . or spaces as separators ("57-NQ/TW", "57/NQ-TW", "57 NQ TW").
const FORMAL = /^\s*(\d{1,6})\s*[-–/.\s]\s*(\p{L}{1,8})\s*(?:[-–/.\s]\s*([\p{L}\p{N}]{1,12}(?:-[\p{L}\p{N}]{1,12})?))?\s*$/u;

function build(number: string, type: string, issuer: string | null, catalog: SymbolCatalog): ParsedSymbol {
  const t = findCode(catalog.types, type);
  const i = issuer ? findCode(catalog.issuers, issuer) : undefined;
  const typeCode = t?.code ?? type.toUpperCase();
  const issuerCode = issuer ? (i?.code ?? issuer.toUpperCase()) : null;
  // "07" and "7" are the same document number (matching, key); the display keeps what was typed.
  const num = String(Number(number));
  const canonical = issuerCode ? `${number}-${typeCode}/${issuerCode}` : `${number}-${typeCode}`;
  return {
    number: num,
    typedNumber: number,
    typeCode,
    issuerCode,
    canonical,
    key: issuerCode ? `${num}-${foldCode(typeCode)}/${foldCode(issuerCode)}` : `${num}-${foldCode(typeCode)}`,
    knownType: !!t,
    knownIssuer: !!i,
  };
}

/**
 * A symbol as written on a document or in a metadata sheet: the formal shape in any separator
 * style, or a type code and a number in either order ("NQ 57", "nq57"). Null when it is not one.
 */
export function parseSymbol(input: string, catalog: SymbolCatalog = DEFAULT_CATALOG): ParsedSymbol | null {
  const text = input.normalize('NFC').trim();
  if (!text || text.length > 60) return null;
  const m = FORMAL.exec(text);
  if (m) return build(m[1]!, m[2]!, m[3] ?? null, catalog);
  return parseLoose(text, catalog);
}

interface LooseMatch {
  number: string;
  /** The number token as typed (leading zeros kept). */
  typedNumber: string;
  typeCode: string;
  issuerCode: string | null;
  /** Tokens that made up the symbol (the rest is free text). */
  used: Set<number>;
}

/** Type names folded into token lists, longest first ("quy dinh" before "quy"). */
const phraseLists = new WeakMap<CodeEntry[], Array<{ code: string; tokens: string[] }>>();
function typeNamePhrases(catalog: SymbolCatalog): Array<{ code: string; tokens: string[] }> {
  let phrases = phraseLists.get(catalog.types);
  if (!phrases) phraseLists.set(catalog.types, (phrases = typeNamePhrasesOf(catalog)));
  return phrases;
}

function typeNamePhrasesOf(catalog: SymbolCatalog): Array<{ code: string; tokens: string[] }> {
  const out: Array<{ code: string; tokens: string[] }> = [];
  for (const t of catalog.types) {
    for (const name of t.name.split(/[,;/]/)) {
      const tokens = searchTokens(name);
      if (tokens.length) out.push({ code: t.code, tokens });
    }
  }
  return out.sort((a, b) => b.tokens.length - a.tokens.length);
}

/**
 * Finds a symbol among free tokens: a number next to a type code or a type name, in either
 * order ("nq 57", "57 nq tw", "nghị quyết 57", "nghi quyet so 57"), plus a known issuer code
 * anywhere after it.
 */
export function findSymbolInTokens(tokens: string[], catalog: SymbolCatalog = DEFAULT_CATALOG): LooseMatch | null {
  const phrases = typeNamePhrases(catalog);
  // Where a type (code or name) starts and ends among the tokens.
  const typesAt: Array<{ start: number; end: number; code: string }> = [];
  for (let i = 0; i < tokens.length; i++) {
    const code = findCode(catalog.types, tokens[i]!);
    if (code) typesAt.push({ start: i, end: i, code: code.code });
    for (const p of phrases) {
      if (p.tokens.every((t, k) => tokens[i + k] === t)) {
        typesAt.push({ start: i, end: i + p.tokens.length - 1, code: p.code });
        break;
      }
    }
  }
  for (const t of typesAt) {
    // The number right after the type (skipping "số"), or right before it.
    let after = t.end + 1;
    if (tokens[after] === 'so') after += 1;
    const candidates = [after, t.start - 1];
    for (const n of candidates) {
      const tok = tokens[n];
      if (!tok || !/^\d{1,6}$/.test(tok)) continue;
      const used = new Set<number>([n]);
      for (let k = t.start; k <= t.end; k++) used.add(k);
      if (after === t.end + 2) used.add(t.end + 1);
      let issuerCode: string | null = null;
      const last = Math.max(n, t.end);
      const issuerTok = tokens[last + 1];
      const issuer = issuerTok ? findCode(catalog.issuers, issuerTok) : undefined;
      if (issuer) {
        issuerCode = issuer.code;
        used.add(last + 1);
      }
      return { number: String(Number(tok)), typedNumber: tok, typeCode: t.code, issuerCode, used };
    }
  }
  return null;
}

function parseLoose(text: string, catalog: SymbolCatalog): ParsedSymbol | null {
  const tokens = searchTokens(text);
  const found = findSymbolInTokens(tokens, catalog);
  // As a whole-field parse, every token must belong to the symbol.
  if (!found || found.used.size !== tokens.length) return null;
  return build(found.typedNumber, found.typeCode, found.issuerCode, catalog);
}

/** The tokens a symbol contributes to the search index: "57", "nq", "tw". */
export function symbolTokens(symbol: ParsedSymbol): string[] {
  return searchTokens(`${symbol.number} ${symbol.typeCode} ${symbol.issuerCode ?? ''}`);
}
