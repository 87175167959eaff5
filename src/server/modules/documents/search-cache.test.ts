/** The in-memory walk of a candidate list: visibility, scheduled items, pages and counts. */
import { describe, expect, it } from 'vitest';
import { walk, type Candidate, type CandidateList } from './search-cache.ts';

const CITY = ['city'];
const OTHER = ['other'];
function list(n: number, complete = true, targets = (i: number) => (i % 2 === 0 ? CITY : OTHER)): CandidateList {
  const candidates: Candidate[] = Array.from({ length: n }, (_, i) => ({
    id: `d${i}`,
    tier: i < 3 ? 1 : 2,
    publishAt: i === 4 ? 2_000 : 1_000,
    targets: targets(i),
  }));
  return { version: 1, candidates, complete, items: new Map() };
}
const ids = (cs: Candidate[]) => cs.map((c) => c.id);

describe('walking a candidate list', () => {
  it('keeps only what the reader may see, and scheduled items only once due', () => {
    const w = walk(list(10), new Set(['city']), 1_500, 0, 10, 200);
    // Even ids are the city's; d4 is scheduled for later.
    expect(ids(w.page)).toEqual(['d0', 'd2', 'd6', 'd8']);
    expect(w).toMatchObject({ visible: 4, counted: true, paged: true });
    expect(ids(walk(list(10), new Set(['city']), 2_000, 0, 10, 200).page)).toEqual(['d0', 'd2', 'd4', 'd6', 'd8']);
    // The administrator (no reading units) sees every published item.
    expect(walk(list(10), null, 1_500, 0, 10, 200).visible).toBe(9);
  });

  it('pages in rank order and counts up to the cap, one over it meaning "more than"', () => {
    const all = list(1000, true, () => CITY);
    const second = walk(all, new Set(['city']), 5_000, 20, 20, 200);
    expect(ids(second.page)).toEqual(Array.from({ length: 20 }, (_, i) => `d${20 + i}`));
    expect(second.visible).toBe(201);
    expect(second).toMatchObject({ counted: true, paged: true });
    const exact = walk(
      list(150, true, () => CITY),
      new Set(['city']),
      5_000,
      0,
      20,
      200,
    );
    expect(exact.visible).toBe(150);
  });

  it('says when a list cut short cannot answer: the count, or the page itself', () => {
    const cut = list(100, false);
    const w = walk(cut, new Set(['city']), 1_500, 0, 20, 200);
    expect(w).toMatchObject({ counted: false, paged: true });
    const beyond = walk(cut, new Set(['city']), 1_500, 40, 20, 200);
    expect(beyond.paged).toBe(false);
    // Cut short but past the cap already: the answer is "more than 200" either way.
    expect(
      walk(
        list(500, false, () => CITY),
        new Set(['city']),
        5_000,
        0,
        20,
        200,
      ),
    ).toMatchObject({ visible: 201, counted: true, paged: true });
  });
});
