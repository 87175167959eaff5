/**
 * Legacy Vietnamese encodings found in old spreadsheets (DOMAIN.md, "Member record"):
 * TCVN3 ("ABC", .VnTime fonts) and VNI-Windows. A spreadsheet opened without the old font
 * stores such text as Windows-1252 characters, so "Nguyễn" arrives as "NguyÔn" (TCVN3) or
 * "Nguyeãn" (VNI). These tables map those characters back to Unicode.
 *
 * Detection is per text: a string is converted only when it holds nothing beyond Latin-1 and
 * the decoded form reads as more Vietnamese syllables than the original.
 */
import { isVietnameseSyllable } from './syllables.ts';

export type LegacyEncoding = 'tcvn3' | 'vni';

/** TCVN3 byte (as its Windows-1252 character) → Unicode letter. Lower case and the seven capitals TCVN3 has. */
const TCVN3_PAIRS: Array<[number, string]> = [
  [0xb5, 'à'],
  [0xb6, 'ả'],
  [0xb7, 'ã'],
  [0xb8, 'á'],
  [0xb9, 'ạ'],
  [0xa8, 'ă'],
  [0xbb, 'ằ'],
  [0xbc, 'ẳ'],
  [0xbd, 'ẵ'],
  [0xbe, 'ắ'],
  [0xc6, 'ặ'],
  [0xa9, 'â'],
  [0xc7, 'ầ'],
  [0xc8, 'ẩ'],
  [0xc9, 'ẫ'],
  [0xca, 'ấ'],
  [0xcb, 'ậ'],
  [0xcc, 'è'],
  [0xce, 'ẻ'],
  [0xcf, 'ẽ'],
  [0xd0, 'é'],
  [0xd1, 'ẹ'],
  [0xaa, 'ê'],
  [0xd2, 'ề'],
  [0xd3, 'ể'],
  [0xd4, 'ễ'],
  [0xd5, 'ế'],
  [0xd6, 'ệ'],
  [0xd7, 'ì'],
  [0xd8, 'ỉ'],
  [0xdc, 'ĩ'],
  [0xdd, 'í'],
  [0xde, 'ị'],
  [0xdf, 'ò'],
  [0xe1, 'ỏ'],
  [0xe2, 'õ'],
  [0xe3, 'ó'],
  [0xe4, 'ọ'],
  [0xab, 'ô'],
  [0xe5, 'ồ'],
  [0xe6, 'ổ'],
  [0xe7, 'ỗ'],
  [0xe8, 'ố'],
  [0xe9, 'ộ'],
  [0xac, 'ơ'],
  [0xea, 'ờ'],
  [0xeb, 'ở'],
  [0xec, 'ỡ'],
  [0xed, 'ớ'],
  [0xee, 'ợ'],
  [0xef, 'ù'],
  [0xf1, 'ủ'],
  [0xf2, 'ũ'],
  [0xf3, 'ú'],
  [0xf4, 'ụ'],
  [0xad, 'ư'],
  [0xf5, 'ừ'],
  [0xf6, 'ử'],
  [0xf7, 'ữ'],
  [0xf8, 'ứ'],
  [0xf9, 'ự'],
  [0xfa, 'ỳ'],
  [0xfb, 'ỷ'],
  [0xfc, 'ỹ'],
  [0xfd, 'ý'],
  [0xfe, 'ỵ'],
  [0xae, 'đ'],
  [0xa1, 'Ă'],
  [0xa2, 'Â'],
  [0xa3, 'Ê'],
  [0xa4, 'Ô'],
  [0xa5, 'Ơ'],
  [0xa6, 'Ư'],
  [0xa7, 'Đ'],
];

const TCVN3_DECODE = new Map(TCVN3_PAIRS.map(([b, u]) => [String.fromCharCode(b), u]));
const TCVN3_ENCODE = new Map(TCVN3_PAIRS.map(([b, u]) => [u, String.fromCharCode(b)]));

/** TCVN3 has no toned capitals (.VnTimeH drew the lower-case codes as capitals): they encode as lower case. */
export function encodeTcvn3(unicode: string): string {
  let out = '';
  for (const ch of unicode.normalize('NFC')) out += TCVN3_ENCODE.get(ch) ?? TCVN3_ENCODE.get(ch.toLowerCase()) ?? ch;
  return out;
}

export function decodeTcvn3(text: string): string {
  let out = '';
  for (const ch of text) out += TCVN3_DECODE.get(ch) ?? ch;
  // Text typed in capitals (.VnTimeH) used the lower-case codes: decoded, it is all capitals too.
  const ascii = text.replace(/[^A-Za-z]/g, '');
  return ascii.length >= 2 && ascii === ascii.toUpperCase() && out !== text ? out.toUpperCase() : out;
}

// VNI-Windows: a base letter followed by a mark character; a few letters are one character.
/** Tone / shape marks written after a vowel, by the vowel form they produce. */
const VNI_MARKS: Record<string, Record<string, string>> = {
  a: {
    '\u00f9': 'á',
    '\u00f8': 'à',
    '\u00fb': 'ả',
    '\u00f5': 'ã',
    '\u00ef': 'ạ',
    '\u00e2': 'â',
    '\u00e1': 'ấ',
    '\u00e0': 'ầ',
    '\u00e5': 'ẩ',
    '\u00e3': 'ẫ',
    '\u00e4': 'ậ',
    '\u00ea': 'ă',
    '\u00e9': 'ắ',
    '\u00e8': 'ằ',
    '\u00fa': 'ẳ',
    '\u00fc': 'ẵ',
    '\u00eb': 'ặ',
  },
  e: {
    '\u00f9': 'é',
    '\u00f8': 'è',
    '\u00fb': 'ẻ',
    '\u00f5': 'ẽ',
    '\u00ef': 'ẹ',
    '\u00e2': 'ê',
    '\u00e1': 'ế',
    '\u00e0': 'ề',
    '\u00e5': 'ể',
    '\u00e3': 'ễ',
    '\u00e4': 'ệ',
  },
  o: {
    '\u00f9': 'ó',
    '\u00f8': 'ò',
    '\u00fb': 'ỏ',
    '\u00f5': 'õ',
    '\u00ef': 'ọ',
    '\u00e2': 'ô',
    '\u00e1': 'ố',
    '\u00e0': 'ồ',
    '\u00e5': 'ổ',
    '\u00e3': 'ỗ',
    '\u00e4': 'ộ',
  },
  ơ: { '\u00f9': 'ớ', '\u00f8': 'ờ', '\u00fb': 'ở', '\u00f5': 'ỡ', '\u00ef': 'ợ' },
  u: { '\u00f9': 'ú', '\u00f8': 'ù', '\u00fb': 'ủ', '\u00f5': 'ũ', '\u00ef': 'ụ' },
  ư: { '\u00f9': 'ứ', '\u00f8': 'ừ', '\u00fb': 'ử', '\u00f5': 'ữ', '\u00ef': 'ự' },
  y: { '\u00f9': 'ý', '\u00f8': 'ỳ', '\u00fb': 'ỷ', '\u00f5': 'ỹ' },
};
/** Letters VNI writes as one character (lower case; capitals are the Latin-1 capitals). */
const VNI_SINGLE: Record<string, string> = {
  '\u00f1': 'đ',
  '\u00ed': 'í',
  '\u00ec': 'ì',
  '\u00e6': 'ỉ',
  '\u00f3': 'ĩ',
  '\u00f2': 'ị',
  '\u00f4': 'ơ',
  '\u00f6': 'ư',
  '\u00ee': 'ỵ',
};

const VNI_DECODE_PAIR = new Map<string, string>();
const VNI_ENCODE = new Map<string, string>();
for (const [base, marks] of Object.entries(VNI_MARKS)) {
  const baseLegacy = base === 'ơ' ? '\u00f4' : base === 'ư' ? '\u00f6' : base;
  for (const [mark, letter] of Object.entries(marks)) {
    VNI_DECODE_PAIR.set(baseLegacy + mark, letter);
    VNI_DECODE_PAIR.set(baseLegacy.toUpperCase() + mark.toUpperCase(), letter.toUpperCase());
    VNI_ENCODE.set(letter, baseLegacy + mark);
    VNI_ENCODE.set(letter.toUpperCase(), baseLegacy.toUpperCase() + mark.toUpperCase());
  }
}
const VNI_DECODE_SINGLE = new Map<string, string>();
for (const [legacy, letter] of Object.entries(VNI_SINGLE)) {
  VNI_DECODE_SINGLE.set(legacy, letter);
  VNI_DECODE_SINGLE.set(legacy.toUpperCase(), letter.toUpperCase());
  VNI_ENCODE.set(letter, legacy);
  VNI_ENCODE.set(letter.toUpperCase(), legacy.toUpperCase());
}

export function encodeVni(unicode: string): string {
  let out = '';
  for (const ch of unicode.normalize('NFC')) out += VNI_ENCODE.get(ch) ?? ch;
  return out;
}

export function decodeVni(text: string): string {
  let out = '';
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    const pair = VNI_DECODE_PAIR.get(ch + (chars[i + 1] ?? ''));
    if (pair) {
      out += pair;
      i += 1;
      continue;
    }
    out += VNI_DECODE_SINGLE.get(ch) ?? ch;
  }
  return out;
}

/** Share of the words that read as Vietnamese syllables (words of plain ASCII letters count as neutral). */
function vietnameseScore(text: string): number {
  const words = text.match(/[^\s\d.,;:()\-/'"]+/gu) ?? [];
  let score = 0;
  for (const w of words) {
    if (/^[A-Za-z]+$/.test(w)) continue;
    // A capital inside a word that has small letters ("TuÊn", "TÊn": TCVN3 "ấ" read as Latin-1) is no spelling.
    score += isVietnameseSyllable(w) && !(/\p{Ll}/u.test(w) && /^.+\p{Lu}/u.test(w)) ? 1 : -1;
  }
  return score;
}

/**
 * For names only, a tie-breaker when the text and its decoded form are both well-formed syllables
 * ("Hoà Thò Hoàng" is VNI for "Hồ Thị Hồng", "Phan Thò An" for "Phan Thị An"): the frequent family
 * names and the two common middle names. Counted only on a tie of syllable scores.
 */
const NAME_WORDS = new Set([
  'nguyễn',
  'trần',
  'lê',
  'phạm',
  'hoàng',
  'huỳnh',
  'phan',
  'vũ',
  'võ',
  'đặng',
  'bùi',
  'đỗ',
  'hồ',
  'ngô',
  'dương',
  'lý',
  'đào',
  'đoàn',
  'vương',
  'trịnh',
  'trương',
  'đinh',
  'lâm',
  'phùng',
  'mai',
  'tô',
  'hà',
  'tạ',
  'lưu',
  'châu',
  'cao',
  'quách',
  'kim',
  'danh',
  'thạch',
  'lương',
  'đàm',
  'chu',
  'triệu',
  'lại',
  'thị',
  'văn',
]);

/** Family names count 1; "Thị" / "Văn" count 2, since they sit in most names and their look-alikes (Thò, Vaên) in none. */
function nameWords(text: string): number {
  const words =
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[^\s\d.,;:()\-/'"]+/gu) ?? [];
  return words.reduce((n, w) => n + (w === 'thị' || w === 'văn' ? 2 : NAME_WORDS.has(w) ? 1 : 0), 0);
}

// Text already holding letters beyond Latin-1 (ă, đ, ơ, ư, ạ...) is Unicode, except for the
// Windows-1252 punctuation that any legacy file may carry.
const BEYOND_LATIN1 = /[^\u0000-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u20ac]/u;

/** Which legacy encoding a text is in, or null when it reads as Unicode already. */
export interface DetectOptions {
  /** The text is a person's name (family and middle names break ties). */
  name?: boolean;
}

export function detectLegacyEncoding(text: string, opts: DetectOptions = {}): LegacyEncoding | null {
  if (!/[\u0080-\u00ff]/.test(text) || BEYOND_LATIN1.test(text)) return null;
  // Syllables first; name words (fewer than 10 in any name) only decide between equal syllable scores.
  const score = (t: string) => vietnameseScore(t) * 10 + (opts.name ? nameWords(t) : 0);
  const original = score(text);
  const tcvn = score(decodeTcvn3(text));
  const vni = score(decodeVni(text));
  const best = Math.max(tcvn, vni);
  // Still undecidable: "Kim Hoàng Trang" is good Unicode and also VNI for "Kim Hồng Trang". Kept as typed.
  if (best <= original) return null;
  return vni >= tcvn ? 'vni' : 'tcvn3';
}

/** Text in Unicode NFC, converted from TCVN3 or VNI when it was written in one of them. */
export function toUnicodeText(text: string, opts: DetectOptions = {}): { text: string; encoding: LegacyEncoding | null } {
  const encoding = detectLegacyEncoding(text, opts);
  const decoded = encoding === 'tcvn3' ? decodeTcvn3(text) : encoding === 'vni' ? decodeVni(text) : text;
  return { text: decoded.normalize('NFC'), encoding };
}
