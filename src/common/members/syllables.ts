/**
 * Is a word a well-formed Vietnamese syllable? Used to tell legacy-encoded text from Unicode:
 * "Nguyeãn" (VNI) and "NguyÔn" (TCVN3) are not syllables, their decoded forms are.
 * Initial consonant + vowel nucleus (with its glides) + final consonant, at most one tone mark.
 */
const TONE = /[\u0300\u0301\u0303\u0309\u0323]/gu;

const INITIALS = [
  'ngh',
  'ng',
  'nh',
  'ch',
  'gh',
  'gi',
  'kh',
  'ph',
  'qu',
  'th',
  'tr',
  'b',
  'c',
  'd',
  'đ',
  'g',
  'h',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'x',
  '',
];
const FINALS = ['ng', 'nh', 'ch', 'c', 'm', 'n', 'p', 't', ''];
/** Vowel nuclei including glides (written with shape marks, without tones). */
const NUCLEI = new Set([
  'a',
  'ă',
  'â',
  'e',
  'ê',
  'i',
  'o',
  'ô',
  'ơ',
  'u',
  'ư',
  'y',
  'ai',
  'ao',
  'au',
  'ay',
  'âu',
  'ây',
  'eo',
  'êu',
  'ia',
  'iê',
  'iu',
  'oa',
  'oă',
  'oe',
  'oi',
  'ôi',
  'ơi',
  'oo',
  'ua',
  'uâ',
  'uê',
  'ui',
  'uô',
  'uơ',
  'uy',
  'ưa',
  'ưi',
  'ưu',
  'ươ',
  'yê',
  'iêu',
  'yêu',
  'oai',
  'oay',
  'oao',
  'oeo',
  'uây',
  'uôi',
  'ươi',
  'ươu',
  'uya',
  'uyê',
  'uyu',
]);

/** Glide-ending and open diphthongs take no final consonant ("sau", never "sauch"; "mua", but "muôn"). */
const NO_FINAL = new Set([
  'ai',
  'ao',
  'au',
  'ay',
  'âu',
  'ây',
  'eo',
  'êu',
  'ia',
  'iu',
  'oi',
  'ôi',
  'ơi',
  'ui',
  'ưi',
  'ưu',
  'ua',
  'ưa',
  'iêu',
  'yêu',
  'oai',
  'oay',
  'oao',
  'oeo',
  'uây',
  'uôi',
  'ươi',
  'ươu',
  'uyu',
  'uya',
]);
const FALLING = new Set([
  'ai',
  'ao',
  'au',
  'ay',
  'âu',
  'ây',
  'eo',
  'êu',
  'iu',
  'oi',
  'ôi',
  'ơi',
  'ui',
  'ưi',
  'ưu',
  'ia',
  'ua',
  'ưa',
]);
/** A tone mark on a consonant ("ñ" = n + tilde, a VNI "Đ" read as Latin-1) is no Vietnamese letter. */
const TONE_ON_CONSONANT =
  /[^aeiouy\u0302\u0306\u031b\u0300\u0301\u0303\u0309\u0323][\u0300\u0301\u0303\u0309\u0323]|^[\u0300\u0301\u0303\u0309\u0323]/u;

export function isVietnameseSyllable(word: string): boolean {
  const nfd = word.normalize('NFD').toLowerCase();
  if (TONE_ON_CONSONANT.test(nfd)) return false;
  const tones = nfd.match(TONE) ?? [];
  if (tones.length > 1) return false;
  const bare = nfd.replace(TONE, '').normalize('NFC');
  if (!/^[a-zđăâêôơư]+$/u.test(bare)) return false;
  // Where the tone sits (index in `bare`, -1 without tone): "baù", "maõ" are VNI residue, not "bàu", "mão".
  const toned = Array.from(word.normalize('NFC').toLowerCase()).findIndex((c) =>
    /[\u0300\u0301\u0303\u0309\u0323]/u.test(c.normalize('NFD')),
  );
  for (const ini of INITIALS) {
    if (!bare.startsWith(ini)) continue;
    const rest = bare.slice(ini.length);
    for (const fin of FINALS) {
      if (!rest.endsWith(fin)) continue;
      const nucleus = rest.slice(0, rest.length - fin.length);
      // "oo" only before ng / c (xoong, soóc); after "qu" the glide is taken, so no plain o / u next.
      if (nucleus === 'oo' && fin !== 'ng' && fin !== 'c') continue;
      if (ini === 'qu' && /^[ou]/.test(nucleus)) continue;
      // â and ă never end a syllable (ân, ăn...).
      if ((nucleus === 'â' || nucleus === 'ă' || nucleus === 'oă' || nucleus === 'uâ') && fin === '') continue;
      // y as the whole nucleus takes no final, except after "qu" (quýt, quỳnh).
      if (nucleus === 'y' && fin !== '' && ini !== 'qu') continue;
      if (fin !== '' && NO_FINAL.has(nucleus)) continue;
      // Falling diphthongs carry the tone on their first vowel in every spelling style (tài, sáu, mùa).
      if (FALLING.has(nucleus) && !(ini === 'qu' && nucleus === 'ua') && toned === ini.length + 1) continue;
      if (NUCLEI.has(nucleus)) return true;
      // "gi" + a, "qu" + y...: the i / u of the initial can double as the nucleus ("gì", "gin").
      if (ini === 'gi' && nucleus === '') return true;
    }
  }
  return false;
}
