/**
 * Is a word a well-formed Vietnamese syllable? Used to tell legacy-encoded text from Unicode:
 * "Nguyeãn" (VNI) and "NguyÔn" (TCVN3) are not syllables, their decoded forms are.
 * Initial consonant + vowel nucleus (with its glides) + final consonant, at most one tone mark.
 */
const TONE = /[\u0300\u0301\u0303\u0309\u0323]/gu;

const INITIALS = ['ngh', 'ng', 'nh', 'ch', 'gh', 'gi', 'kh', 'ph', 'qu', 'th', 'tr', 'b', 'c', 'd', 'đ', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'x', ''];
const FINALS = ['ng', 'nh', 'ch', 'c', 'm', 'n', 'p', 't', ''];
/** Vowel nuclei including glides (written with shape marks, without tones). */
const NUCLEI = new Set([
  'a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y',
  'ai', 'ao', 'au', 'ay', 'âu', 'ây', 'eo', 'êu', 'ia', 'iê', 'iu', 'oa', 'oă', 'oe', 'oi', 'ôi', 'ơi', 'oo',
  'ua', 'uâ', 'uê', 'ui', 'uô', 'uơ', 'uy', 'ưa', 'ưi', 'ưu', 'ươ', 'yê',
  'iêu', 'yêu', 'oai', 'oay', 'oao', 'oeo', 'uây', 'uôi', 'ươi', 'ươu', 'uya', 'uyê', 'uyu',
]);

export function isVietnameseSyllable(word: string): boolean {
  const nfd = word.normalize('NFD').toLowerCase();
  const tones = nfd.match(TONE) ?? [];
  if (tones.length > 1) return false;
  const bare = nfd.replace(TONE, '').normalize('NFC');
  if (!/^[a-zđăâêôơư]+$/u.test(bare)) return false;
  for (const ini of INITIALS) {
    if (!bare.startsWith(ini)) continue;
    const rest = bare.slice(ini.length);
    for (const fin of FINALS) {
      if (!rest.endsWith(fin)) continue;
      const nucleus = rest.slice(0, rest.length - fin.length);
      // "oo" only before ng / c (xoong, soóc); after "qu" the glide is taken, so no plain o / u next.
      if (nucleus === 'oo' && fin !== 'ng' && fin !== 'c') continue;
      if (ini === 'qu' && /^[ou]/.test(nucleus)) continue;
      // â and ă never end a syllable (ân, ăn...); y as the whole nucleus takes no final (ý, kỹ, but no "yn").
      if ((nucleus === 'â' || nucleus === 'ă' || nucleus === 'oă' || nucleus === 'uâ') && fin === '') continue;
      if (nucleus === 'y' && fin !== '') continue;
      if (NUCLEI.has(nucleus)) return true;
      // "gi" + a, "qu" + y...: the i / u of the initial can double as the nucleus ("gì", "gin").
      if (ini === 'gi' && nucleus === '') return true;
    }
  }
  return false;
}
