/**
 * Secret ballots: after the votes are cast, nothing in the database ties a voter to a choice.
 *
 * Two elections in the same meeting are voted by the same members in the same order; the second
 * gets the same ballots handed out differently (every voter chose something else). If any query
 * could tie a voter to a ballot, the two items would look different somewhere. The test reads
 * everything a database user can read about them (every column, the transaction ids `xmin` that
 * stamp each row, the physical order `ctid`, every row of every table written by a voter's
 * transaction) and finds them identical up to the items' and candidates' ids.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call } from '../../testing/factories.ts';
import { createVote, makeVotingWorld, markRoll, meetingUnderWay } from '../../testing/voting.factories.ts';
import { rowsOf } from '../../db/client.ts';

describe.each(ENGINES)('secret ballots on %s', (engine) => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof makeVotingWorld>>;
  const items: Array<{ id: string; candidates: string[] }> = [];
  const voters = () => [w.secretary, ...w.members];
  // Candidate positions kept by each voter, in voting order: X and Y hold the same multiset.
  const choicesX = [[0], [1], [0, 2], [2], [1, 2], [0, 1], [2]];
  const choicesY = [[1, 2], [0], [2], [0, 1], [0, 2], [2], [1]];

  const query = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await t.database.db.execute(q));

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2026-03-10T12:00:00Z'));
    w = await makeVotingWorld(t.database.db, t.config, t.clock.now(), 6);
    const meetingId = await meetingUnderWay(t.app, w.secretary.cookie, w.cell.id, t.clock.now());
    await markRoll(
      t.app,
      w.secretary.cookie,
      meetingId,
      voters().map((p) => [p, 'present']),
    );
    for (const title of ['Bầu chi ủy (lần X)', 'Bầu chi ủy (lần Y)']) {
      const item = await createVote(t.app, w.secretary.cookie, meetingId, {
        kind: 'election',
        method: 'secret',
        title,
        office: 'other',
        seats: 3,
        candidates: [{ name: 'Ứng viên Một' }, { name: 'Ứng viên Hai' }, { name: 'Ứng viên Ba' }],
      });
      const open = await call(t.app, w.secretary.cookie, { method: 'POST', url: `/api/votes/${item.id}/open` });
      expect(open.statusCode).toBe(200);
      items.push({ id: item.id, candidates: item.candidates.map((c) => c.id) });
    }
    const cast = async (itemNo: number, choices: number[][]) => {
      const item = items[itemNo]!;
      for (const [i, p] of voters().entries()) {
        t.clock.advance(7_000);
        const res = await call(t.app, p.cookie, {
          method: 'POST',
          url: `/api/votes/${item.id}/ballots`,
          payload: { clientId: randomUUID(), ballot: { type: 'election', keep: choices[i]!.map((k) => item.candidates[k]!) } },
        });
        expect(res.statusCode).toBe(200);
      }
    };
    await cast(0, choicesX);
    await cast(1, choicesY);
    // Same ballots, handed out differently: the test would prove nothing otherwise.
    const sorted = (c: number[][]) => c.map((x) => x.join()).sort();
    expect(sorted(choicesX)).toEqual(sorted(choicesY));
    expect(choicesX.every((c, i) => c.join() !== choicesY[i]!.join())).toBe(true);
  });
  afterAll(async () => t.close());

  /** Everything about one item a database user can read, with its own ids replaced by names. */
  async function observed(itemNo: number) {
    const item = items[itemNo]!;
    const norm = (s: string) =>
      item.candidates.reduce((acc, c, i) => acc.replaceAll(c, `candidate${i}`), s).replaceAll(item.id, 'ITEM');
    const participation = await query<{ xmin: string; ctid: string; row: unknown }>(
      sql`SELECT xmin::text AS xmin, ctid::text AS ctid, to_jsonb(p) - 'client_id' AS row FROM vote_participation p WHERE item_id = ${item.id}::uuid ORDER BY p.ctid`,
    );
    const [box] = await query<{ xmin: string; row: unknown; ballots: Array<{ keep: string[] }> }>(
      sql`SELECT xmin::text AS xmin, to_jsonb(b) - 'ballots' AS row, ballots FROM vote_ballot_boxes b WHERE item_id = ${item.id}::uuid`,
    );
    const memberOf = (row: unknown) => (row as { member_id: string }).member_id;
    return {
      participation: participation.map((p) => norm(JSON.stringify(p.row))),
      box: norm(JSON.stringify(box!.row)),
      // The ballots with the candidates' ids as positions: the box is sorted by ids, which differ between
      // the two items, so they are compared as the multisets they are (their order is checked below).
      ballots: box!.ballots.map((b) => norm(JSON.stringify({ ...b, keep: b.keep.map(norm).sort() }))).sort(),
      // Whose transaction wrote the box last (the last voter's in both items: no information).
      boxWrittenBy: participation.filter((p) => p.xmin === box!.xmin).map((p) => memberOf(p.row)),
      // The transaction ids, as ranks within the item.
      xminOrder: participation.map((p) =>
        participation
          .map((q) => q.xmin)
          .sort((a, b) => Number(a) - Number(b))
          .indexOf(p.xmin),
      ),
    };
  }

  it('shows the same database for two different hand-outs of the same ballots', async () => {
    const x = await observed(0);
    const y = await observed(1);
    expect(x.participation).toHaveLength(7);
    expect(x).toEqual(y);
    // Participation rows carry the voter and nothing of the choice.
    for (const p of x.participation) expect(JSON.parse(p).choice).toBeNull();
    expect(JSON.parse(x.box).cast).toBe(7);
    expect(x.ballots).toHaveLength(7);
  });

  it('keeps the box as a sorted multiset, not in the order the ballots came', async () => {
    const [box] = await query<{ ballots: Array<{ keep: string[] }> }>(
      sql`SELECT ballots FROM vote_ballot_boxes WHERE item_id = ${items[0]!.id}::uuid`,
    );
    const keys = box!.ballots.map((b) => JSON.stringify({ type: 'election', keep: [...b.keep].sort() }));
    expect(keys).toEqual([...keys].sort());
    expect(keys).not.toEqual(
      choicesX.map((c) => JSON.stringify({ type: 'election', keep: c.map((k) => items[0]!.candidates[k]!).sort() })),
    );
  });

  it('writes nothing else in a voter’s transaction, and keeps no time of a vote', async () => {
    const tables = await query<{ tablename: string }>(sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
    const voterTx = await query<{ xmin: string }>(sql`SELECT DISTINCT xmin::text AS xmin FROM vote_participation`);
    const txs = new Set(voterTx.map((r) => r.xmin));
    expect(txs.size).toBe(14);
    const written: string[] = [];
    for (const { tablename } of tables) {
      const rows = await query<{ xmin: string }>(sql`SELECT xmin::text AS xmin FROM ${sql.identifier(tablename)}`);
      for (const r of rows) if (txs.has(r.xmin)) written.push(tablename);
    }
    // The voter's participation row, and the one ballot box (written by the last voter of each item).
    expect(written.filter((n) => n !== 'vote_participation').sort()).toEqual(['vote_ballot_boxes', 'vote_ballot_boxes']);
    const timeColumns = await query<{ table_name: string; column_name: string }>(sql`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_name IN ('vote_participation', 'vote_ballot_boxes') AND (data_type LIKE 'time%' OR data_type = 'date' OR data_type LIKE 'interval%')`);
    expect(timeColumns).toEqual([]);
    // No column of the voter's row (member, client id) appears inside any ballot box.
    const leaks = await query<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM vote_participation p JOIN vote_ballot_boxes b
        ON b.ballots::text LIKE '%' || p.member_id::text || '%' OR b.ballots::text LIKE '%' || p.client_id::text || '%'`);
    expect(leaks[0]!.n).toBe(0);
  });
});
