/**
 * The baseline of every benchmark run: a bare Fastify server answering one primary-key row from
 * the same database engine and data. Scenario throughput is reported as a ratio to this, so the
 * figures mean something on a noisy machine.
 *
 *   tsx bench/baseline.ts <port> <dataDir | postgres://url>
 */
import Fastify from 'fastify';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf } from '../src/server/db/client.ts';

const [portArg, target] = process.argv.slice(2);
if (!portArg || !target) throw new Error('usage: baseline.ts <port> <dataDir|postgres-url>');
const database = await openDatabase(target.startsWith('postgres') ? { databaseUrl: target, poolSize: 20 } : { dataDir: target });
const app = Fastify();
app.get<{ Params: { id: string } }>('/unit/:id', async (req) => {
  const rows = rowsOf<{ id: string; code: string; name: string }>(
    await database.db.execute(sql`SELECT id, code, name FROM units WHERE id = ${req.params.id}`),
  );
  return rows[0] ?? {};
});
await app.listen({ host: '127.0.0.1', port: Number(portArg) });
console.log('baseline ready');
const stop = async () => {
  await app.close();
  await database.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
