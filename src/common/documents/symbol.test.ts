import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_CATALOG, findSymbolInTokens, parseSymbol, searchTokens, symbolTokens } from './symbol.ts';

describe('parseSymbol', () => {
  it.each([
    ['57-NQ/TW', '57', 'NQ', 'TW'],
    ['42-HD/BTCTW', '42', 'HD', 'BTCTW'],
    ['12-QC/TU', '12', 'QC', 'TU'],
    ['168-KH/VPTW', '168', 'KH', 'VPTW'],
    ['339-QĐ/TW', '339', 'QĐ', 'TW'],
    ['251-KH/TU', '251', 'KH', 'TU'],
    ['05-CTr/ThU', '5', 'CTr', 'ThU'],
  ])('%s', (input, number, type, issuer) => {
    const p = parseSymbol(input);
    expect(p).toMatchObject({ number, typeCode: type, issuerCode: issuer, knownType: true, knownIssuer: true });
  });

  it('reads loose spellings to the same canonical symbol', () => {
    for (const s of ['57/NQ-TW', '57 nq tw', ' 57 - nq / tw ', 'NQ 57 TW', 'nghị quyết 57 TW', 'nghi quyet so 57', 'nq57']) {
      const p = parseSymbol(s);
      expect(p?.number, s).toBe('57');
      expect(p?.typeCode, s).toBe('NQ');
    }
    expect(parseSymbol('57/NQ-TW')?.canonical).toBe('57-NQ/TW');
    expect(parseSymbol('339-QD/TW')?.canonical).toBe('339-QĐ/TW');
    expect(parseSymbol('3-nq/thu')?.canonical).toBe('3-NQ/ThU');
  });

  it('parses unknown codes from the formal shape and flags them', () => {
    expect(parseSymbol('15-NQ/ĐUK')).toMatchObject({ number: '15', typeCode: 'NQ', issuerCode: 'ĐUK', knownIssuer: false });
    expect(parseSymbol('7-XYZ/TW')).toMatchObject({ typeCode: 'XYZ', knownType: false });
  });

  it('uses the catalog it is given (codes are data)', () => {
    const catalog = { types: [...DEFAULT_CATALOG.types, { code: 'ĐA', name: 'Đề án' }], issuers: DEFAULT_CATALOG.issuers };
    expect(parseSymbol('đề án 4', catalog)).toMatchObject({ number: '4', typeCode: 'ĐA' });
    expect(parseSymbol('đề án 4')).toBeNull();
  });

  it('rejects what is not a symbol', () => {
    for (const s of ['', 'Nghị quyết về đột phá', 'hello world', '57', 'NQ/TW', 'x'.repeat(100)])
      expect(parseSymbol(s), s).toBeNull();
  });

  it('finds a symbol inside a longer query', () => {
    expect(findSymbolInTokens(searchTokens('nghị quyết 57 về khoa học'))).toMatchObject({ number: '57', typeCode: 'NQ' });
    expect(findSymbolInTokens(searchTokens('chuyển đổi số'))).toBeNull();
  });

  const code = (list: typeof DEFAULT_CATALOG.types) => fc.constantFrom(...list.map((c) => c.code));
  const sep = fc.constantFrom('-', '/', ' ', ' - ', '/ ', '–');

  it('property: every separator style and case gives the same key', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99999 }),
        code(DEFAULT_CATALOG.types),
        code(DEFAULT_CATALOG.issuers),
        sep,
        sep,
        fc.boolean(),
        (n, t, i, s1, s2, lower) => {
          const formal = parseSymbol(`${n}-${t}/${i}`)!;
          const typed = `${n}${s1}${t}${s2}${i}`;
          const p = parseSymbol(lower ? typed.toLowerCase() : typed);
          expect(p?.key).toBe(formal.key);
          expect(p?.canonical).toBe(`${n}-${t}/${i}`);
        },
      ),
    );
  });

  it('property: canonical form parses back to itself, and its tokens find it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999999 }), code(DEFAULT_CATALOG.types), code(DEFAULT_CATALOG.issuers), (n, t, i) => {
        const p = parseSymbol(`${n}-${t}/${i}`)!;
        expect(parseSymbol(p.canonical)).toEqual(p);
        const found = findSymbolInTokens(symbolTokens(p));
        expect(found).toMatchObject({ number: p.number, typeCode: p.typeCode, issuerCode: p.issuerCode });
      }),
    );
  });

  it('keeps a leading zero for display and matches "07" and "7" alike', () => {
    const typed = parseSymbol('07-HD/TU')!;
    expect(typed).toMatchObject({ number: '7', typedNumber: '07', canonical: '07-HD/TU' });
    expect(typed.key).toBe(parseSymbol('7-HD/TU')!.key);
    expect(parseSymbol('hd 07 tu')).toMatchObject({ canonical: '07-HD/TU', number: '7' });
    expect(findSymbolInTokens(searchTokens('hướng dẫn 07'))).toMatchObject({ number: '7', typedNumber: '07' });
  });

  it('property: leading zeros are kept as typed, and ignored by the key and the number', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 1, max: 2 }),
        code(DEFAULT_CATALOG.types),
        code(DEFAULT_CATALOG.issuers),
        sep,
        sep,
        (n, zeros, t, i, s1, s2) => {
          const padded = `${'0'.repeat(zeros)}${n}`;
          const plain = parseSymbol(`${n}-${t}/${i}`)!;
          const p = parseSymbol(`${padded}${s1}${t}${s2}${i}`)!;
          expect(p.canonical).toBe(`${padded}-${t}/${i}`);
          expect(p.typedNumber).toBe(padded);
          expect(p.number).toBe(plain.number);
          expect(p.key).toBe(plain.key);
          expect(parseSymbol(p.canonical)).toEqual(p);
        },
      ),
    );
  });

  it('property: never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => void parseSymbol(s)));
  });
});
