import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalTones, foldVietnamese, nameKey, titleCaseName, toNfc } from './vietnamese.ts';

const TONES = ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
const INITIALS = ['', 'h', 'th', 'kh', 'l', 't', 'x', 'ng', 'tr', 'ch', 'nh', 'S', 'Th', 'H'];
const AMBIGUOUS = ['oa', 'oe', 'uy'];

/** An open oa/oe/uy syllable written in both tone styles. */
const styledPair = fc
  .tuple(fc.constantFrom(...INITIALS), fc.constantFrom(...AMBIGUOUS), fc.constantFrom(...TONES))
  .map(([ini, rhyme, tone]) => {
    const first = (ini + rhyme[0] + tone + rhyme[1]).normalize('NFC');
    const second = (ini + rhyme + tone).normalize('NFC');
    return { first, second };
  });

/** Text that looks like Vietnamese names, mixed with arbitrary Unicode. */
const vietText = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc
    .array(
      fc.constantFrom('Nguyễn', 'hoà', 'Hòa', 'thuý', 'KHOẺ', 'người', ' ', '  ', 'Đặng', 'quý', 'giữa', 'x', 'e\u0301', 'Thủy'),
    )
    .map((a) => a.join(' ')),
  fc.string({ unit: 'binary' }),
);

describe('foldVietnamese', () => {
  it('folds real examples', () => {
    expect(foldVietnamese('Nghị quyết')).toBe('nghi quyet');
    expect(foldVietnamese('  Đảng   bộ  phường 1 ')).toBe('dang bo phuong 1');
    expect(foldVietnamese('Hoà Bình')).toBe(foldVietnamese('Hòa Bình'));
    expect(foldVietnamese('NGUYỄN THỊ THUÝ')).toBe('nguyen thi thuy');
    expect(foldVietnamese('Nguye\u0302\u0303n')).toBe('nguyen');
    expect(foldVietnamese('Chỉ thị 50-CT/TW')).toBe('chi thi 50-ct/tw');
  });

  it('is idempotent', () => {
    fc.assert(fc.property(vietText, (s) => foldVietnamese(foldVietnamese(s)) === foldVietnamese(s)));
  });

  it('ignores tone placement style', () => {
    fc.assert(fc.property(vietText, (s) => foldVietnamese(canonicalTones(s)) === foldVietnamese(s)));
  });
});

describe('canonicalTones', () => {
  it('moves tones of open oa / oe / uy to the first vowel', () => {
    expect(canonicalTones('hoà')).toBe('hòa');
    expect(canonicalTones('thuý')).toBe('thúy');
    expect(canonicalTones('khoẻ')).toBe('khỏe');
    expect(canonicalTones('Hoà Bình')).toBe('Hòa Bình');
    expect(canonicalTones('THUỶ')).toBe('THỦY');
    expect(canonicalTones('Nguyễn Thị Hoạ')).toBe('Nguyễn Thị Họa');
  });

  it('leaves unambiguous words alone', () => {
    for (const w of [
      'hoàng',
      'quý',
      'thuyền',
      'người',
      'giữa',
      'già',
      'gìn',
      'quốc',
      'khuỷu',
      'ngoài',
      'mùa',
      'của',
      'Nguyễn',
      'được',
      'rượu',
      'hòa',
      'thúy',
      'khỏe',
      'Quỳnh',
      'toán',
      'thuyết',
      'ABC-12',
    ]) {
      expect(canonicalTones(w)).toBe(w);
    }
  });

  it('accepts decomposed input and returns NFC', () => {
    expect(canonicalTones('hoa\u0300')).toBe('hòa');
    expect(canonicalTones('Nguye\u0302\u0303n')).toBe('Nguyễn');
  });

  it('always returns NFC', () => {
    fc.assert(fc.property(vietText, (s) => toNfc(canonicalTones(s)) === canonicalTones(s)));
  });

  it('maps both styles to the same text', () => {
    fc.assert(
      fc.property(styledPair, ({ first, second }) => canonicalTones(second) === first && canonicalTones(first) === first),
    );
  });

  it('is idempotent', () => {
    fc.assert(fc.property(vietText, (s) => canonicalTones(canonicalTones(s)) === canonicalTones(s)));
  });
});

describe('nameKey', () => {
  it('matches the same name in another style and case, not another name', () => {
    expect(nameKey('Nguyễn Thị Hoà')).toBe(nameKey('nguyễn  thị hòa'));
    expect(nameKey('Nguyễn Thị Hoà')).not.toBe(nameKey('Nguyễn Thị Hoa'));
    expect(nameKey('Lê Thuý')).toBe(nameKey('LÊ THÚY'));
  });

  it('is insensitive to tone placement style', () => {
    fc.assert(
      fc.property(fc.constantFrom('Nguyễn', 'Trần Văn', 'lê thị'), styledPair, (family, { first, second }) => {
        return nameKey(`${family} ${first}`) === nameKey(`${family} ${second}`);
      }),
    );
  });

  it('always returns NFC', () => {
    fc.assert(fc.property(vietText, (s) => toNfc(nameKey(s)) === nameKey(s)));
  });
});

describe('titleCaseName and toNfc', () => {
  it('capitalizes every word', () => {
    expect(titleCaseName('NGUYỄN văn a')).toBe('Nguyễn Văn A');
    expect(titleCaseName('  đặng   THỊ   thuý ')).toBe('Đặng Thị Thuý');
    expect(titleCaseName('nguye\u0302\u0303n')).toBe('Nguyễn');
  });

  it('composes decomposed text', () => {
    expect(toNfc('Nguye\u0302\u0303n')).toBe('Nguyễn');
    expect(toNfc('Nguye\u0302\u0303n').length).toBe(6);
  });
});
