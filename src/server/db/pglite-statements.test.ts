/**
 * The PGlite statement cache must answer exactly what PGlite's own query() answers: values and
 * types, errors, transactions (isolation and the wait for another caller's transaction), a table
 * changed under a cached statement, and eviction of the least recently used statement.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PgDialect } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { CUSTOM_PLAN, withStatementCache, type PgliteQueryClient } from './pglite-statements.ts';

let pg: PGlite;
let client: PgliteQueryClient;

/** Names of the prepared statements the embedded session holds. */
async function prepared(): Promise<string[]> {
  return (await pg.query<{ name: string }>('SELECT name FROM pg_prepared_statements ORDER BY name')).rows.map((r) => r.name);
}

beforeEach(async () => {
  pg = await PGlite.create();
  await pg.exec(`CREATE TABLE t (id int PRIMARY KEY, name text, at timestamptz, tags text[], doc jsonb)`);
  client = withStatementCache(pg, 3);
});
afterEach(async () => {
  await pg.close();
});

describe('PGlite statement cache', () => {
  it('answers the same rows and types as PGlite itself, null parameters and arrays included', async () => {
    await client.query(`INSERT INTO t VALUES ($1, $2, $3, $4, $5)`, [
      1,
      'Hòa',
      new Date('2026-11-27T01:02:03Z'),
      ['a', 'b'],
      JSON.stringify({ k: 'Đảng' }),
    ]);
    await client.query(`INSERT INTO t VALUES ($1, $2, $3, $4, $5)`, [2, null, null, null, null]);
    const text = 'SELECT id, name, at, tags, doc, count(*) OVER () AS n FROM t WHERE id >= $1 ORDER BY id';
    const ours = await client.query<Record<string, unknown>>(text, [1]);
    const theirs = await pg.query<Record<string, unknown>>(text, [1]);
    expect(ours.rows).toEqual(theirs.rows);
    expect(ours.rows[0]).toMatchObject({ id: 1, name: 'Hòa', tags: ['a', 'b'], doc: { k: 'Đảng' } });
    expect(ours.fields.map((f) => f.name)).toEqual(['id', 'name', 'at', 'tags', 'doc', 'n']);
    // Drizzle's array row mode and its own parsers (timestamps kept as text) are honoured.
    const arrays = await client.query<unknown[]>('SELECT id, at FROM t WHERE id = $1', [1], {
      rowMode: 'array',
      parsers: { 1184: (v: string) => v },
    });
    expect(arrays.rows).toEqual([[1, '2026-11-27 01:02:03+00']]);
  });

  it('prepares a text once and runs it again without parsing it', async () => {
    for (let i = 0; i < 5; i++) await client.query('SELECT $1::int + 1 AS v', [i]);
    expect(await prepared()).toHaveLength(1);
    expect((await client.query<{ v: number }>('SELECT $1::int + 1 AS v', [41])).rows).toEqual([{ v: 42 }]);
  });

  it('reports errors with the query and keeps working after them', async () => {
    await client.query('INSERT INTO t (id) VALUES ($1)', [1]);
    const err = await client.query('INSERT INTO t (id) VALUES ($1)', [1]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: '23505', query: 'INSERT INTO t (id) VALUES ($1)' });
    await expect(client.query('SELEC nonsense')).rejects.toMatchObject({ code: '42601' });
    expect((await client.query<{ n: number }>('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: 1 }]);
  });

  it('runs inside a transaction, rolls back with it, and makes other callers wait for it', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const order: string[] = [];
    const tx = client.transaction(async (t) => {
      await t.query('INSERT INTO t (id) VALUES ($1)', [7]);
      order.push('tx wrote');
      await held;
      throw new Error('roll back');
    });
    await new Promise((r) => setTimeout(r, 20));
    const outside = client.query<{ n: number }>('SELECT count(*)::int AS n FROM t').then((r) => {
      order.push('outside read');
      return r.rows[0]!.n;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual(['tx wrote']);
    release();
    await expect(tx).rejects.toThrow('roll back');
    // The outside read waited for the transaction and saw nothing of it.
    expect(await outside).toBe(0);
    expect(order).toEqual(['tx wrote', 'outside read']);
  });

  it('prepares again when a table changed shape under a cached statement', async () => {
    await client.query('INSERT INTO t (id, name) VALUES ($1, $2)', [1, 'a']);
    expect(Object.keys((await client.query<object>('SELECT * FROM t WHERE id = $1', [1])).rows[0]!)).toHaveLength(5);
    await pg.exec('ALTER TABLE t ADD COLUMN extra int DEFAULT 9');
    const after = await client.query<{ extra: number }>('SELECT * FROM t WHERE id = $1', [1]);
    expect(after.rows[0]!.extra).toBe(9);
  });

  it('closes the least recently used statement beyond its limit', async () => {
    await client.query('SELECT 1 AS a');
    await client.query('SELECT 2 AS b');
    await client.query('SELECT 3 AS c');
    await client.query('SELECT 1 AS a'); // used again: now the most recent
    await client.query('SELECT 4 AS d'); // over the limit of 3: "SELECT 2" goes
    await client.query('SELECT 5 AS e'); // closes the evicted one first, then evicts "SELECT 3"
    const names = await prepared();
    expect(names).toHaveLength(4); // three cached and one evicted, closed at the next turn
    expect((await client.query<{ b: number }>('SELECT 2 AS b')).rows).toEqual([{ b: 2 }]);
    expect((await client.query<{ a: number }>('SELECT 1 AS a')).rows).toEqual([{ a: 1 }]);
    expect(await prepared()).toHaveLength(4);
  });

  it('plans a query marked CUSTOM_PLAN afresh each time instead of caching it', async () => {
    const { sql: text } = new PgDialect().sqlToQuery(sql`${CUSTOM_PLAN} SELECT count(*)::int AS n FROM t WHERE name = ${'x'}`);
    for (let i = 0; i < 7; i++) expect((await client.query<{ n: number }>(text, ['x'])).rows).toEqual([{ n: 0 }]);
    expect(await prepared()).toEqual([]);
  });
});
