/**
 * The app's own logical dump of a database: every row of every table of the `public` schema, taken
 * in one REPEATABLE READ snapshot (consistent while the server keeps serving), plus the migrations
 * it is at and the sequence positions. The embedded package has no pg_dump, and a physical copy
 * would tie a backup to one PostgreSQL major version; this format loads into any version the
 * migrations run on, and is read the same way from PGlite (the conversion of the first releases'
 * folders) as from a server.
 *
 * The file is gzipped NDJSON:
 *   {"format":"sotay-dump","version":1,"migrations":[{"hash","createdAt"}…],"sequences":[…]}
 *   {"table":"units","columns":[…],"types":[…]}
 *   ["<text of column 1>", null, …]          one line per row, each value in PostgreSQL's text form
 *   {"end":"units","rows":123}
 *   … {"done":true,"tables":N,"rows":M}
 * Values in their text form go back through each type's own input function (a cast), so every type
 * (timestamptz, jsonb, arrays, bytea, tsvector, enums) round-trips exactly.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { once } from 'node:events';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { rowsOf } from './client.ts';

/** Any Drizzle PostgreSQL handle: node-postgres, or PGlite for the conversion of old folders. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema type does not matter here
type AnyPgDb = PgDatabase<PgQueryResultHKT, any>;

export interface DumpHeader {
  format: 'sotay-dump';
  version: 1;
  createdAt: string;
  migrations: Array<{ hash: string; createdAt: number }>;
  sequences: Array<{ name: string; value: string | null }>;
}

export interface DumpSummary {
  tables: number;
  rows: number;
  migrations: DumpHeader['migrations'];
}

export class DumpFormatError extends Error {}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface TableShape {
  name: string;
  columns: string[];
  types: string[];
}

async function tableShapes(db: AnyPgDb): Promise<TableShape[]> {
  const rows = rowsOf<{ table: string; columns: string[] | string; types: string[] | string }>(
    await db.execute(sql`
      SELECT c.relname AS "table",
             array_agg(a.attname::text ORDER BY a.attnum) AS columns,
             array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum) AS types
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
      GROUP BY c.relname
      ORDER BY c.relname`),
  );
  return rows.map((r) => ({ name: r.table, columns: pgArray(r.columns), types: pgArray(r.types) }));
}

/** PGlite returns name[]/text[] aggregates parsed; keep a fallback for the text form. */
function pgArray(v: string[] | string): string[] {
  if (Array.isArray(v)) return v;
  return v
    .replace(/^\{|\}$/g, '')
    .split(',')
    .map((s) => s.replace(/^"|"$/g, ''));
}

class LineWriter {
  private readonly gzip = createGzip({ level: 6 });
  private readonly file: fs.WriteStream;
  private readonly finished: Promise<unknown>;
  constructor(path: string) {
    this.file = fs.createWriteStream(path);
    this.gzip.pipe(this.file);
    this.finished = once(this.file, 'close');
  }
  async write(line: string) {
    if (!this.gzip.write(line + '\n')) await once(this.gzip, 'drain');
  }
  async end() {
    this.gzip.end();
    await this.finished;
  }
}

/** Writes the dump of `db` to `file` (gzip). */
export async function writeDump(db: AnyPgDb, file: string, opts: { batch?: number } = {}): Promise<DumpSummary> {
  const batch = opts.batch ?? 2000;
  const out = new LineWriter(file);
  let tables = 0;
  let rows = 0;
  let migrations: DumpHeader['migrations'] = [];
  try {
    await db.transaction(
      async (tx) => {
        migrations = rowsOf<{ hash: string; created_at: string | number }>(
          await tx.execute(sql`SELECT hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id`),
        ).map((m) => ({ hash: m.hash, createdAt: Number(m.created_at) }));
        const sequences = rowsOf<{ name: string; value: string | null }>(
          await tx.execute(
            sql`SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename) AS name, last_value::text AS value
                FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`,
          ),
        );
        const header: DumpHeader = {
          format: 'sotay-dump',
          version: 1,
          createdAt: new Date().toISOString(),
          migrations,
          sequences,
        };
        await out.write(JSON.stringify(header));
        for (const t of await tableShapes(tx as unknown as AnyPgDb)) {
          await out.write(JSON.stringify({ table: t.name, columns: t.columns, types: t.types }));
          const list = t.columns.map((c) => `${quoteIdent(c)}::text`).join(', ');
          await tx.execute(
            sql.raw(
              `DECLARE sotay_dump NO SCROLL CURSOR FOR SELECT array_to_json(ARRAY[${list}]::text[])::text AS r FROM ${quoteIdent(t.name)}`,
            ),
          );
          let n = 0;
          for (;;) {
            const chunk = rowsOf<{ r: string }>(await tx.execute(sql.raw(`FETCH ${batch} FROM sotay_dump`)));
            for (const row of chunk) await out.write(row.r);
            n += chunk.length;
            if (chunk.length < batch) break;
          }
          await tx.execute(sql`CLOSE sotay_dump`);
          await out.write(JSON.stringify({ end: t.name, rows: n }));
          tables++;
          rows += n;
        }
        await out.write(JSON.stringify({ done: true, tables, rows }));
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  } finally {
    await out.end();
  }
  return { tables, rows, migrations };
}

async function* lines(file: string): AsyncGenerator<string> {
  const input = fs.createReadStream(file).pipe(createGunzip());
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) if (line) yield line;
}

/** The header alone (which migrations the dump needs), without reading the rows. */
export async function readDumpHeader(file: string): Promise<DumpHeader> {
  for await (const line of lines(file)) {
    const header = JSON.parse(line) as DumpHeader;
    if (header.format !== 'sotay-dump' || header.version !== 1)
      throw new DumpFormatError('Tệp không phải bản kết xuất dữ liệu của Sổ tay Đảng viên (not a sotay dump).');
    return header;
  }
  throw new DumpFormatError('Tệp kết xuất rỗng (empty dump).');
}

/**
 * Loads a dump into `db`, whose schema must be at the dump's migrations (see migrateDatabase's
 * `upTo`). Every public table is emptied first (the migrations' reference rows included), then
 * filled exactly as dumped, with triggers and foreign-key checks off for the load
 * (session_replication_role = replica: superuser, as the embedded server's user is). One transaction:
 * a failure leaves the database as it was.
 */
export async function loadDump(db: AnyPgDb, file: string, opts: { batchBytes?: number } = {}): Promise<DumpSummary> {
  const batchBytes = opts.batchBytes ?? 4 * 1024 * 1024;
  const header = await readDumpHeader(file);
  let tables = 0;
  let rows = 0;
  let done = false;
  await db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    const shapes = await tableShapes(tx as unknown as AnyPgDb);
    const present = new Set(shapes.map((s) => s.name));
    if (shapes.length) await tx.execute(sql.raw(`TRUNCATE ${shapes.map((s) => quoteIdent(s.name)).join(', ')}`));
    let current: { name: string; insert: string; n: number } | undefined;
    let pending: string[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (!current || !pending.length) return;
      await tx.execute(sql`${sql.raw(current.insert)}${'[' + pending.join(',') + ']'}${sql.raw('::json) AS e(r)')}`);
      pending = [];
      pendingBytes = 0;
    };
    let first = true;
    for await (const line of lines(file)) {
      if (first) {
        first = false;
        continue;
      }
      if (line.startsWith('[')) {
        if (!current) throw new DumpFormatError('Dòng dữ liệu nằm ngoài bảng (row outside a table).');
        pending.push(line);
        pendingBytes += line.length;
        current.n++;
        if (pendingBytes >= batchBytes) await flush();
        continue;
      }
      const meta = JSON.parse(line) as { table?: string; columns?: string[]; types?: string[]; end?: string; done?: boolean };
      if (meta.table) {
        if (!present.has(meta.table))
          throw new DumpFormatError(`Bảng "${meta.table}" của bản sao lưu không có trong cơ sở dữ liệu (unknown table).`);
        const cols = meta.columns!.map(quoteIdent).join(', ');
        const values = meta.types!.map((type, i) => `(e.r->>${i})::${type}`).join(', ');
        current = {
          name: meta.table,
          insert: `INSERT INTO ${quoteIdent(meta.table)} (${cols}) OVERRIDING SYSTEM VALUE SELECT ${values} FROM json_array_elements(`,
          n: 0,
        };
      } else if (meta.end) {
        await flush();
        tables++;
        rows += current?.n ?? 0;
        current = undefined;
      } else if (meta.done) done = true;
    }
    if (!done) throw new DumpFormatError('Bản kết xuất bị cắt cụt (the dump is truncated).');
    for (const s of header.sequences)
      if (s.value !== null) await tx.execute(sql`SELECT setval(${s.name}::regclass, ${s.value}::bigint, true)`);
  });
  return { tables, rows, migrations: header.migrations };
}
