/**
 * Vietnamese text utilities shared by server and web.
 *
 * Names and titles arrive in several Unicode forms (NFC, NFD from macOS/old tools) and in two
 * tone-placement styles ("hoà" / "hòa"). Search keys and duplicate checks must treat those as
 * the same text, while the UI keeps showing what was entered (DOMAIN.md, "Member record").
 */

/** Tone marks (thanh điệu) as combining characters: huyền, sắc, ngã, hỏi, nặng. */
const TONE_MARKS = new Set(['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']);
/** Vowel-shape marks: circumflex (â ê ô), breve (ă), horn (ơ ư). */
const SHAPE_MARKS = new Set(['\u0302', '\u0306', '\u031B']);
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);

const COMBINING = /\p{M}/gu;
const WHITESPACE = /\s+/gu;
/** A run of letters with their combining marks: one Vietnamese syllable, or a foreign word. */
const WORD = /(?:\p{L}\p{M}*)+/gu;

export function toNfc(s: string): string {
  return s.normalize('NFC');
}

function collapseWhitespace(s: string): string {
  return s.replace(WHITESPACE, ' ').trim();
}

/**
 * Search key: no diacritics at all, đ → d, lower case, single spaces.
 * "Nghị quyết" → "nghi quyet". Tone placement style disappears with the marks.
 */
export function foldVietnamese(s: string): string {
  // Lower-casing can itself produce combining marks (e.g. "İ"), so strip after it.
  const stripped = s.normalize('NFD').toLowerCase().normalize('NFD').replace(COMBINING, '');
  return collapseWhitespace(stripped.replace(/đ/g, 'd')).normalize('NFC');
}

/** One letter of a decomposed word: its base character plus its combining marks. */
interface Letter {
  base: string;
  marks: string[];
}

function splitLetters(nfd: string): Letter[] {
  const letters: Letter[] = [];
  for (const ch of nfd) {
    const last = letters[letters.length - 1];
    if (/\p{M}/u.test(ch) && last) last.marks.push(ch);
    else letters.push({ base: ch, marks: [] });
  }
  return letters;
}

function isVowel(l: Letter | undefined): boolean {
  return l !== undefined && VOWELS.has(l.base.toLowerCase());
}

/**
 * Index of the letter that carries the tone in the canonical style, or -1 when the word is not
 * a Vietnamese syllable we can reason about (then it is left alone).
 *
 * The canonical style puts the tone of an open oa / oe / uy on the first vowel (hòa, khỏe, thúy),
 * like every other open two-vowel rhyme (mái, mùa, kìa). Linguists call this the traditional
 * style; the product calls it the canonical one. Closed rhymes take it on the last vowel (hoàng,
 * thuyết) and a shaped vowel (â ê ô ơ ư ă) always wins (người, thuyền).
 */
function tonePosition(letters: Letter[]): number {
  const lower = letters.map((l) => l.base.toLowerCase());
  let start = lower.findIndex((_, i) => isVowel(letters[i]));
  if (start < 0) return -1;
  // "qu" and "gi" + vowel: the u / i belongs to the initial consonant (quý, già, giữa).
  const next = letters[start + 1];
  if (isVowel(next) && start > 0) {
    const prev = lower[start - 1];
    const cur = lower[start];
    if ((prev === 'q' && cur === 'u') || (prev === 'g' && cur === 'i' && start === 1)) start += 1;
  }
  let end = start;
  while (isVowel(letters[end + 1])) end += 1;
  // A second vowel group means this is not one Vietnamese syllable.
  for (let i = end + 1; i < letters.length; i++) if (isVowel(letters[i])) return -1;

  const cluster: number[] = [];
  for (let i = start; i <= end; i++) cluster.push(i);
  const shaped = cluster.filter((i) => letters[i]?.marks.some((m) => SHAPE_MARKS.has(m)));
  if (shaped.length > 0) return shaped[shaped.length - 1] ?? -1;
  if (cluster.length === 1) return start;
  const closed = end < letters.length - 1;
  if (closed) return end;
  if (cluster.length >= 3) return start + 1;
  return start;
}

function canonicalWord(word: string): string {
  const letters = splitLetters(word.normalize('NFD'));
  const toned = letters.filter((l) => l.marks.some((m) => TONE_MARKS.has(m)));
  if (toned.length !== 1) return word;
  const tone = toned[0]?.marks.filter((m) => TONE_MARKS.has(m)) ?? [];
  if (tone.length !== 1) return word;
  const bare = letters.map((l) => ({ base: l.base, marks: l.marks.filter((m) => !TONE_MARKS.has(m)) }));
  const pos = tonePosition(bare);
  const target = bare[pos];
  if (!target) return word;
  // Shape marks first, tone last: the order NFC composes into one precomposed letter.
  target.marks.push(tone[0] ?? '');
  return bare.map((l) => l.base + l.marks.join('')).join('');
}

/**
 * Same text with every tone mark in the canonical position, NFC.
 * "hoà" → "hòa", "thuý" → "thúy", "khoẻ" → "khỏe"; "hoàng", "quý", "người" unchanged.
 */
export function canonicalTones(s: string): string {
  return s
    .normalize('NFC')
    .replace(WORD, (w) => canonicalWord(w))
    .normalize('NFC');
}

/** Duplicate-check key for a person's name: diacritics kept, tone style and case ignored. */
export function nameKey(s: string): string {
  return collapseWhitespace(canonicalTones(s).toLowerCase()).normalize('NFC');
}

/** "NGUYỄN văn a" → "Nguyễn Văn A": each space-separated word capitalized, NFC. */
export function titleCaseName(s: string): string {
  return collapseWhitespace(s.normalize('NFC'))
    .split(' ')
    .map((w) => {
      const [first = '', ...rest] = Array.from(w.toLowerCase());
      return first.toUpperCase() + rest.join('');
    })
    .join(' ')
    .normalize('NFC');
}
