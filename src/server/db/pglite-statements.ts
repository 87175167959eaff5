/**
 * PGlite with a statement cache: every query text is parsed and planned once, then only bound and
 * executed, as a named prepared statement of the one embedded session.
 *
 * Why: PGlite's own `query()` sends the text each time (parse, describe, bind, describe, execute,
 * sync: six passes into the WASM PostgreSQL) and PostgreSQL parses and plans it again. Measured on
 * the demo city, the session lookup that runs on every request cost 0.86 ms of CPU that way and
 * 0.14 ms as a named statement (bind + describe + execute + sync sent as one message); PGlite runs on
 * the app's one thread, so that time is taken from every other request.
 *
 * The wrapper keeps PGlite's contract for what Drizzle calls (`query`, `transaction`): the same
 * exclusive locks (a query waits for an open transaction of another caller), the same parameter
 * serializers and result parsers, `syncToFs` after a query outside a transaction, errors carrying
 * the query. Statements are kept per text (the SQL is built from constants; values are parameters),
 * at most MAX_STATEMENTS, the least recently used closed first.
 *
 * A cached statement may get PostgreSQL's generic plan after five runs. That is wrong for a query
 * whose best plan depends on the values, like a full-text search (a rare word and a word found in
 * every document want different plans): the library search ran 16 ms a request instead of 6 with
 * a generic plan. Such queries start with CUSTOM_PLAN and are planned afresh each time.
 */
import { parse, protocol, type PGlite, type Results, type QueryOptions, type Transaction } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';

const serialize = protocol.serialize;
export const MAX_STATEMENTS = 400;

const CUSTOM_PLAN_MARK = '/* custom plan */';
/** Put first in a query whose plan must fit its values each time (not cached on PGlite). */
export const CUSTOM_PLAN = sql.raw(CUSTOM_PLAN_MARK);

interface Statement {
  name: string;
  paramTypes: number[];
}

/** The parts of a PGlite client Drizzle's driver uses. */
export interface PgliteQueryClient {
  query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  transaction<T>(fn: (tx: PgliteQueryClient) => Promise<T>): Promise<T>;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** PostgreSQL's answer when a table behind a cached statement changed shape (a migration): prepare again. */
const STALE_PLAN = /cached plan must not change result type/;

export function withStatementCache(pg: PGlite, max = MAX_STATEMENTS): PgliteQueryClient {
  const statements = new Map<string, Statement>();
  let seq = 0;
  /** Names evicted from the cache, closed at the next exclusive turn. */
  const toClose: string[] = [];

  async function exec(message: Uint8Array) {
    return (await pg.execProtocol(message, { syncToFs: false })).messages;
  }

  async function prepare(text: string, options?: QueryOptions): Promise<Statement> {
    const name = `s${++seq}`;
    const messages = await exec(
      concat([
        serialize.parse({ name, text, types: options?.paramTypes ?? [] }),
        serialize.describe({ type: 'S', name }),
        serialize.sync(),
      ]),
    );
    const statement = { name, paramTypes: parse.parseDescribeStatementResults(messages) };
    statements.set(text, statement);
    if (statements.size > max) {
      const [oldest] = statements;
      statements.delete(oldest![0]);
      toClose.push(oldest![1].name);
    }
    return statement;
  }

  /** Runs one query; the caller holds PGlite's query lock. */
  async function run<T>(text: string, params: unknown[], options?: QueryOptions): Promise<Results<T>> {
    if (toClose.length)
      await exec(concat([...toClose.splice(0).map((name) => serialize.close({ type: 'S', name })), serialize.sync()]));
    let statement = statements.get(text);
    if (statement) {
      // Most recently used last: the Map's order is the eviction order.
      statements.delete(text);
      statements.set(text, statement);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        statement ??= await prepare(text, options);
        const types = statement.paramTypes;
        const values = params.map((v, i) => {
          if (v === null || v === undefined) return null;
          const type = types[i]!;
          const serializer = options?.serializers?.[type] ?? pg.serializers[type];
          return serializer ? serializer(v) : String(v);
        });
        const messages = await exec(
          concat([
            serialize.bind({ statement: statement.name, values }),
            serialize.describe({ type: 'P' }),
            serialize.execute({}),
            serialize.sync(),
          ]),
        );
        return parse.parseResults(messages, pg.parsers, options)[0] as Results<T>;
      } catch (err) {
        if (attempt === 0 && statement && err instanceof Error && STALE_PLAN.test(err.message)) {
          statements.delete(text);
          toClose.push(statement.name);
          statement = undefined;
          continue;
        }
        throw withQuery(err, text, params);
      }
    }
  }

  function client(inTransaction: Transaction | null): PgliteQueryClient {
    return {
      query: <T>(text: string, params: unknown[] = [], options?: QueryOptions) =>
        text.startsWith(CUSTOM_PLAN_MARK)
          ? (inTransaction ?? pg).query<T>(text, params, options)
          : inTransaction
            ? pg._runExclusiveQuery(() => run<T>(text, params, options))
            : pg._runExclusiveTransaction(() =>
                pg._runExclusiveQuery(async () => {
                  const result = await run<T>(text, params, options);
                  await pg.syncToFs();
                  return result;
                }),
              ),
      transaction: <T>(fn: (tx: PgliteQueryClient) => Promise<T>) =>
        inTransaction ? fn(client(inTransaction)) : pg.transaction((tx) => fn(client(tx))),
    };
  }
  return client(null);
}

/** PGlite's own errors say which query failed; keep that for logs. */
function withQuery(err: unknown, query: string, params: unknown[]): unknown {
  if (err && typeof err === 'object' && !('query' in err)) Object.assign(err, { query, params });
  return err;
}
