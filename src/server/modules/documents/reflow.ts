/**
 * The reading view's text: a PDF's positioned lines turned back into headings, paragraphs and
 * lists, so a phone reflows them at the member's text size instead of showing an A4 page 310 px
 * wide. Pure (positions in, HTML out): pdf.js reads the positions (reading-view.ts), the seed writes
 * its blocks straight to HTML with the same renderer.
 *
 * Party documents follow one layout (Quy định về thể thức văn bản của Đảng): a centred head
 * ("ĐẢNG CỘNG SẢN VIỆT NAM", the issuer, "Số 57-NQ/TW", the place and date), the kind and the
 * title in capitals, then parts numbered I., II. (capitals), items 1., 2., sub-items 1.1 or a), b),
 * dashes for lists, and the signature block. The rules below read that shape from the lines:
 * - body size: the font size most characters are set in; larger, or all capitals, is a heading;
 * - "I.", "Phần", "Chương" start a part (h2); "Điều 1." an article (h3);
 * - a line starting with "1.", "1.1.", "a)" or a dash starts a paragraph or a list item;
 * - otherwise a line joins the paragraph above unless a larger gap, an indent or a short line
 *   ending a sentence says a new paragraph begins;
 * - lines that are only a page number, at the top or bottom of a page, are dropped.
 */

export interface TextLine {
  text: string;
  /** Left edge and top (from the top of the page), in PDF units. */
  x: number;
  y: number;
  width: number;
  /** Font size (the line's largest). */
  size: number;
  page: number;
  pageWidth: number;
  pageHeight: number;
  /** Shares its baseline with another column (the document's head, the signature block). */
  inColumns?: boolean;
}

export type Block =
  | { kind: 'h2' | 'h3' | 'p'; text: string }
  /** A list item: the dash or bullet is dropped, the list draws its own. */
  | { kind: 'li'; text: string };

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Blocks as HTML: consecutive list items in one <ul>. Every text is escaped. */
export function blocksToHtml(blocks: readonly Block[]): string {
  let out = '';
  let inList = false;
  for (const b of blocks) {
    if (b.kind === 'li') {
      if (!inList) out += '<ul>';
      inList = true;
      out += `<li>${escape(b.text)}</li>`;
      continue;
    }
    if (inList) out += '</ul>';
    inList = false;
    out += `<${b.kind}>${escape(b.text)}</${b.kind}>`;
  }
  if (inList) out += '</ul>';
  return out;
}

const BULLET = /^[-–—•+*▪●○◦]\s+/u;
const PART = /^((PHẦN|Phần|CHƯƠNG|Chương|MỤC|Mục)\s+[\dIVXLC]+\b|[IVXLC]{1,6}[.\-–]\s)/u;
const ARTICLE = /^(Điều|ĐIỀU)\s+\d+[.:]?/u;
const NUMBERED = /^(\d{1,3}(\.\d{1,3})*[.)]|[a-zđ][).])\s/u;
const PAGE_NUMBER = /^(-\s*)?(trang\s+)?\d{1,4}(\s*-)?(\s*\/\s*\d{1,4})?$/iu;
const SENTENCE_END = /[.:;!?…»”")]$/u;

function isCapitals(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters.length >= 4 && letters === letters.toLocaleUpperCase('vi') && letters !== letters.toLocaleLowerCase('vi');
}

/** The font size most characters are set in. */
function bodySize(lines: readonly TextLine[]): number {
  const bySize = new Map<number, number>();
  for (const l of lines) {
    const s = Math.round(l.size * 2) / 2;
    bySize.set(s, (bySize.get(s) ?? 0) + l.text.length);
  }
  let best = 12;
  let most = -1;
  for (const [s, n] of bySize)
    if (n > most) {
      best = s;
      most = n;
    }
  return best;
}

function median(xs: number[], fallback: number): number {
  if (xs.length === 0) return fallback;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Drops page numbers (a lone number as the first or last line of a page). */
function withoutPageNumbers(lines: readonly TextLine[]): TextLine[] {
  const byPage = new Map<number, TextLine[]>();
  for (const l of lines) byPage.set(l.page, [...(byPage.get(l.page) ?? []), l]);
  const drop = new Set<TextLine>();
  for (const page of byPage.values()) {
    const first = page[0];
    const last = page[page.length - 1];
    for (const l of [first, last])
      if (l && PAGE_NUMBER.test(l.text.trim()) && (l.y < l.pageHeight * 0.12 || l.y > l.pageHeight * 0.85)) drop.add(l);
  }
  return lines.filter((l) => !drop.has(l));
}

function classify(text: string, size: number, body: number): Block['kind'] | 'start' | 'join' {
  if (BULLET.test(text)) return 'li';
  if (ARTICLE.test(text)) return 'h3';
  if (size >= body * 1.15) return 'h2';
  if (PART.test(text) && isCapitals(text.replace(PART, ''))) return 'h2';
  if (isCapitals(text) && text.length <= 160) return 'h2';
  if (NUMBERED.test(text)) return 'start';
  return 'join';
}

/** Positioned lines (in reading order) → blocks. */
export function linesToBlocks(input: readonly TextLine[]): Block[] {
  const lines = withoutPageNumbers(input.filter((l) => /[\p{L}\p{N}]/u.test(l.text)));
  if (lines.length === 0) return [];
  const body = bodySize(lines);
  const bodyLines = lines.filter((l) => Math.abs(l.size - body) < 0.75 && !l.inColumns);
  const left = median(
    bodyLines.map((l) => l.x),
    lines[0]!.x,
  );
  const full = Math.max(...bodyLines.map((l) => l.width), 1);
  const gaps: number[] = [];
  for (let i = 1; i < bodyLines.length; i++) {
    const a = bodyLines[i - 1]!;
    const b = bodyLines[i]!;
    if (a.page === b.page && b.y > a.y) gaps.push(b.y - a.y);
  }
  const spacing = median(gaps, body * 1.4);
  const centre = left + full / 2;
  const centred = (l: TextLine) => l.x > left + body * 2 && Math.abs(l.x + l.width / 2 - centre) < body * 1.5;

  const blocks: Block[] = [];
  let prev: TextLine | null = null;
  let prevKind: Block['kind'] | null = null;
  for (const { line, region } of inReadingOrder(lines, full)) {
    const text = line.text.replace(/\s+/gu, ' ').trim();
    if (region) {
      // The head and the signature: short lines, one block each, never headings.
      blocks.push(BULLET.test(text) ? { kind: 'li', text: text.replace(BULLET, '') } : { kind: 'p', text });
      prev = null;
      prevKind = null;
      continue;
    }
    const kind = classify(text, line.size, body);
    const last = blocks[blocks.length - 1];
    let continues = false;
    if (last && prev && prevKind && sameFlow(prev, line, spacing)) {
      if (
        centred(line) &&
        Math.abs(prev.x + prev.width / 2 - centre) < body * 1.5 &&
        !SENTENCE_END.test(prev.text) &&
        Math.abs(line.size - prev.size) < 0.75 &&
        (kind === 'join' || kind === prevKind)
      ) {
        // A title set on centred lines.
        continues = true;
      } else if (prevKind === 'h2' || prevKind === 'h3') {
        continues = kind === 'h2' && prevKind === 'h2' && Math.abs(line.size - prev.size) < 0.75;
      } else if (kind === 'join') {
        // A paragraph goes on while its lines reach the right margin; an indented line opens the next.
        const indented = line.x > left + body * 1.2 && line.x > prev.x + body * 0.8;
        continues = !indented && prev.x + prev.width > left + full * 0.8;
      }
    }
    if (continues && last) {
      last.text = `${last.text} ${text}`;
    } else if (kind === 'li') {
      blocks.push({ kind: 'li', text: text.replace(BULLET, '') });
    } else {
      blocks.push({ kind: kind === 'start' || kind === 'join' ? 'p' : kind, text });
    }
    if (!continues) prevKind = kind === 'start' || kind === 'join' ? 'p' : kind;
    prev = line;
  }
  return blocks;
}

/**
 * Lines in the order a reader takes them: where the page is in two columns (the head: issuer
 * left, party name and date right; the signature: "Nơi nhận" left, the signer right), the left
 * column first, then the right. A region runs from a line sharing its baseline with another column
 * through the short lines below it.
 */
function inReadingOrder(lines: readonly TextLine[], full: number): Array<{ line: TextLine; region: boolean }> {
  const out: Array<{ line: TextLine; region: boolean }> = [];
  let i = 0;
  while (i < lines.length) {
    const l = lines[i]!;
    if (!l.inColumns) {
      out.push({ line: l, region: false });
      i++;
      continue;
    }
    let j = i;
    let lastSplit = i;
    while (j + 1 < lines.length) {
      const n = lines[j + 1]!;
      if (n.page !== l.page) break;
      if (n.inColumns) lastSplit = j + 1;
      else if (n.width > full * 0.6 || j + 1 - lastSplit > 8) break;
      j++;
    }
    const region = lines.slice(i, j + 1);
    const mid = l.pageWidth / 2;
    const side = (x: TextLine) => (x.x + x.width / 2 < mid ? 0 : 1);
    region.sort((a, b) => side(a) - side(b) || a.y - b.y);
    for (const r of region) out.push({ line: r, region: true });
    i = j + 1;
  }
  return out;
}

/** Two lines follow each other in the text: the next line on the page, or the top of the next page. */
function sameFlow(a: TextLine, b: TextLine, spacing: number): boolean {
  if (b.page === a.page + 1) return true;
  if (b.page !== a.page) return false;
  const gap = b.y - a.y;
  return gap > 0 && gap <= spacing * 1.45;
}

/** One pdf.js text item, as getTextContent() gives it. */
export interface PdfTextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL?: boolean;
}

/**
 * A page's text items → lines, top to bottom, left to right. pdf.js splits a line into many items
 * (per font change, sometimes per word): items whose baselines are within half a font size are
 * one line, joined with a space where the gap between them is wider than a fifth of the size.
 */
export function pageLines(items: readonly PdfTextItem[], page: number, pageWidth: number, pageHeight: number): TextLine[] {
  const parts = items
    .filter((it) => it.str.length > 0)
    .map((it) => {
      const size = Math.hypot(it.transform[2] ?? 0, it.transform[3] ?? 0) || it.height || 12;
      return { str: it.str, x: it.transform[4] ?? 0, top: pageHeight - (it.transform[5] ?? 0), width: it.width, size };
    })
    .sort((a, b) => a.top - b.top || a.x - b.x);
  const rows: Array<typeof parts> = [];
  for (const p of parts) {
    const row = rows.find((r) => Math.abs(r[0]!.top - p.top) < Math.max(r[0]!.size, p.size) * 0.5);
    if (row) row.push(p);
    else rows.push([p]);
  }
  // Two columns on one baseline (the head: issuer on the left, "ĐẢNG CỘNG SẢN VIỆT NAM" on the
  // right; a signature block) are two lines: split where the gap is wider than 2.5 font sizes (a
  // justified line's widest space is well under that).
  const split = rows.flatMap((row) => {
    row.sort((a, b) => a.x - b.x);
    const out: Array<typeof parts> = [[row[0]!]];
    for (let i = 1; i < row.length; i++) {
      const a = row[i - 1]!;
      const b = row[i]!;
      if (b.x - (a.x + a.width) > Math.max(a.size, b.size) * 2.5) out.push([b]);
      else out[out.length - 1]!.push(b);
    }
    return out.map((part) => ({ part, columns: out.length > 1 }));
  });
  return split
    .map(({ part: row, columns }) => {
      let text = '';
      let end = -Infinity;
      for (const p of row) {
        const gap = p.x - end;
        if (text && gap > p.size * 0.2 && !/\s$/u.test(text) && !/^\s/u.test(p.str)) text += ' ';
        text += p.str;
        end = p.x + p.width;
      }
      const x = row[0]!.x;
      return {
        text: text.replace(/\s+/gu, ' ').trim(),
        x,
        y: row[0]!.top,
        width: end - x,
        size: Math.max(...row.map((p) => p.size)),
        page,
        pageWidth,
        pageHeight,
        inColumns: columns,
      };
    })
    .filter((l) => l.text !== '');
  // Rows are in order from the top already; the columns of one row stay left to right.
}
