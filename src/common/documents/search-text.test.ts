import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_CATALOG } from './symbol.ts';
import { buildSnippet, foldAligned, normalizeExtracted, parseSearchQuery, toTsQuery, tsvText } from './search-text.ts';

describe('search text', () => {
  it('folds diacritics and both tone styles to one form, keeping length', () => {
    expect(foldAligned('Hoà bình')).toBe(foldAligned('Hòa bình'));
    expect(foldAligned('Nghị quyết Đảng')).toBe('nghi quyet dang');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        const n = normalizeExtracted(s);
        expect([...foldAligned(n)].length).toBe([...n].length);
      }),
    );
  });

  it('normalizes whitespace, NFD and control characters', () => {
    expect(normalizeExtracted('  Nghi\u0323 \n\t quye\u0302\u0301t\u0000 ')).toBe('Nghị quyết');
  });

  it('turns a symbol into plain tokens for the index', () => {
    expect(tsvText('57-NQ/TW Nghị quyết')).toBe('57 nq tw nghi quyet');
    expect(tsvText('NQ57')).toBe('nq 57');
  });

  it('parses queries: symbols typed loosely, prefix while typing', () => {
    for (const q of ['57-NQ/TW', '57/NQ-TW', 'nq 57', 'nghị quyết 57', 'nghi quyet 57']) {
      expect(parseSearchQuery(q, DEFAULT_CATALOG).symbol, q).toMatchObject({ number: '57', typeCode: 'NQ' });
    }
    const typing = parseSearchQuery('chuyen doi s', DEFAULT_CATALOG);
    expect(typing).toMatchObject({ tokens: ['chuyen', 'doi', 's'], prefix: true, symbol: null });
    // A one-letter prefix waits for the next keystroke; two letters, a digit or a lone letter count.
    expect(toTsQuery(typing)).toBe('chuyen & doi');
    expect(toTsQuery(parseSearchQuery('chuyen doi so', DEFAULT_CATALOG))).toBe('chuyen & doi & so:*');
    expect(toTsQuery(parseSearchQuery('hd 4', DEFAULT_CATALOG))).toBe('hd & 4:*');
    expect(toTsQuery(parseSearchQuery('b', DEFAULT_CATALOG))).toBe('b:*');
    // A leading zero matches the number without it too.
    expect(toTsQuery(parseSearchQuery('07-HD/TU ', DEFAULT_CATALOG))).toBe('(07 | 7) & hd & tu');
    expect(toTsQuery(parseSearchQuery('hd 007', DEFAULT_CATALOG))).toBe('hd & (007:* | 7:*)');
    expect(toTsQuery(parseSearchQuery('0 2025', DEFAULT_CATALOG))).toBe('0 & 2025:*');
    expect(parseSearchQuery('chuyen doi ', DEFAULT_CATALOG).prefix).toBe(false);
    expect(parseSearchQuery('57', DEFAULT_CATALOG).number).toBe('57');
    // Query syntax characters never reach to_tsquery.
    expect(toTsQuery(parseSearchQuery("a & b | !c ' :* (dd)", DEFAULT_CATALOG))).toBe('a & b & c & dd:*');
  });

  it('cuts a snippet from the original text around the match and marks it', () => {
    const text = normalizeExtracted(
      'Mở đầu. '.repeat(40) +
        'Phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia. ' +
        'Kết thúc. '.repeat(40),
    );
    const parts = buildSnippet(text, ['chuyen', 'doi', 'so']);
    const marked = parts.filter((p) => p.mark).map((p) => p.text);
    expect(marked).toEqual(expect.arrayContaining(['chuyển', 'đổi', 'số']));
    expect(parts[0]!.text.startsWith('…')).toBe(true);
    expect(parts.map((p) => p.text).join('')).toContain('chuyển đổi số quốc gia');
    // "so" marks only at word starts: not inside "Mở đầu" or "số" is the only one.
    expect(marked.every((m) => ['chuyển', 'đổi', 'số', 'đổi mới'].includes(m) || /^(số|đổi|chuyển)/.test(m))).toBe(true);
  });

  it('gives the beginning unmarked when nothing matches', () => {
    expect(buildSnippet('Văn bản ngắn', ['xyz'])).toEqual([{ text: 'Văn bản ngắn', mark: false }]);
  });

  it("keeps characters outside Vietnamese's plane whole and marks the right words beside them", () => {
    const text = 'Chào mừng 🎉 Đại hội chuyển đổi số 🇻🇳 thành công';
    const parts = buildSnippet(text, ['chuyen', 'doi', 'so', 'thanh']);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts.filter((p) => p.mark).map((p) => p.text)).toEqual(['chuyển', 'đổi', 'số', 'thành']);
    // A window cut after an emoji counts it as one character, never half of one.
    const long = '🎉'.repeat(300) + ' đổi mới';
    const cutParts = buildSnippet(long, ['doi'], 20);
    expect(cutParts.map((p) => p.text).join('')).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(cutParts.filter((p) => p.mark).map((p) => p.text)).toEqual(['đổi']);
  });
});
