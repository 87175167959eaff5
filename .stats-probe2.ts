// Temporary probe (deleted after use): time one live recomputation on the bench database.
import { openDatabase } from './src/server/db/client.ts';
import { writeFigures } from './src/server/modules/stats/figures.service.ts';
const database = await openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/sotay_bench_province' });
for (let i = 0; i < 2; i++) {
  const t = performance.now();
  const n = await writeFigures(database.db, 'live', new Date(), false);
  console.log(n, 'rows', Math.round(performance.now() - t), 'ms');
}

await database.close();
