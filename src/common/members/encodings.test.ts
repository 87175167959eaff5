import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeTcvn3, decodeVni, detectLegacyEncoding, encodeTcvn3, encodeVni, toUnicodeText } from './encodings.ts';
import { isVietnameseSyllable } from './syllables.ts';

const LOWER = 'aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ';
const TCVN3_CAPITALS = 'ĂÂÊÔƠƯĐ';
const ALL_LETTERS = Array.from(LOWER + LOWER.toUpperCase());

describe('TCVN3', () => {
  it('decodes real .VnTime text', () => {
    // "Nguyễn Văn Hòa, Đảng bộ" typed with the ABC keyboard and saved without the font.
    expect(decodeTcvn3('NguyÔn V¨n Hßa')).toBe('Nguyễn Văn Hòa');
    expect(decodeTcvn3('§¶ng bé')).toBe('Đảng bộ');
    expect(toUnicodeText('TrÇn ThÞ Thóy').text).toBe('Trần Thị Thúy');
  });
  it('decodes capitals typed with .VnTimeH as capitals', () => {
    expect(decodeTcvn3('NGUYÔN V¡N AN')).toBe('NGUYỄN VĂN AN');
  });
  it('round-trips name-shaped text: a capital TCVN3 has (or ASCII) then lower-case letters', () => {
    const initial = fc.constantFrom(...Array.from(TCVN3_CAPITALS + 'BCDGHKLMNPQRSTVX'));
    const word = fc
      .tuple(initial, fc.array(fc.constantFrom(...Array.from(LOWER)), { minLength: 1, maxLength: 6 }))
      .map(([i, rest]) => i + rest.join(''));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (words) => {
        // One plain lower-case word tells the decoder the text is not all capitals (.VnTimeH).
        const s = `${words.join(' ')} van`;
        expect(decodeTcvn3(encodeTcvn3(s))).toBe(s);
      }),
    );
  });
  it('round-trips lower-case words exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...Array.from(LOWER + ' ')), { maxLength: 40 }), (chars) => {
        const s = chars.join('');
        expect(decodeTcvn3(encodeTcvn3(s))).toBe(s);
      }),
    );
  });
});

describe('VNI-Windows', () => {
  it('decodes real VNI text', () => {
    expect(decodeVni('Nguyeãn Vaên Hoøa')).toBe('Nguyễn Văn Hòa');
    expect(decodeVni('Ñaûng boä')).toBe('Đảng bộ');
    expect(decodeVni('NGUYEÃN THÒ THUÙY')).toBe('NGUYỄN THỊ THÚY');
    expect(decodeVni('Tröông Quoác Vieät')).toBe('Trương Quốc Việt');
  });
  it('round-trips Unicode → VNI → Unicode for every Vietnamese letter, any case', () => {
    const alphabet = fc.constantFrom(...ALL_LETTERS, ' ', '1', '-');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), (chars) => {
        const s = chars.join('');
        expect(decodeVni(encodeVni(s))).toBe(s);
      }),
    );
  });
});

describe('detection', () => {
  it('leaves Unicode alone, including Latin-1-only Vietnamese in either tone style', () => {
    for (const s of ['Nguyễn Văn Hòa', 'Hoà', 'Thái Hà', 'Lê Thị Thúy', 'Trần Anh', 'Hà Nội', 'Phú Thọ', 'café'])
      expect(detectLegacyEncoding(s), s).toBeNull();
  });
  it('detects each encoding', () => {
    expect(detectLegacyEncoding('NguyÔn V¨n Hßa')).toBe('tcvn3');
    expect(detectLegacyEncoding('Nguyeãn Vaên Hoøa')).toBe('vni');
    expect(detectLegacyEncoding('Leâ Thò Thuùy')).toBe('vni');
  });
  it('recovers generated names in both encodings', () => {
    const given = ['Hòa', 'Thúy', 'Quốc', 'Hương', 'Đức', 'Nguyệt', 'Phượng', 'Tuấn', 'Yến', 'Khải'];
    const family = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ', 'Đặng', 'Bùi'];
    const middle = ['Văn', 'Thị', 'Hữu', 'Minh', 'Ngọc', 'Đình'];
    fc.assert(
      fc.property(fc.constantFrom(...family), fc.constantFrom(...middle), fc.constantFrom(...given), (f, m, g) => {
        const name = `${f} ${m} ${g}`;
        expect(toUnicodeText(encodeVni(name)).text).toBe(name);
        expect(toUnicodeText(encodeTcvn3(name)).text.toLowerCase()).toBe(name.toLowerCase());
        expect(toUnicodeText(name).text).toBe(name);
      }),
      { numRuns: 1000 },
    );
  });
  it('knows Vietnamese syllables', () => {
    for (const w of ['nguyễn', 'khuyến', 'người', 'giữa', 'quý', 'gì', 'hòa', 'hoà', 'oanh', 'thuyền', 'Ước'])
      expect(isVietnameseSyllable(w), w).toBe(true);
    for (const w of ['nguyeãn', 'vaên', 'hoầ', 'xyz', 'nguyÔn', 'thóy']) expect(isVietnameseSyllable(w), w).toBe(false);
  });
});
