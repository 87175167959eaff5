/**
 * npm run build:server — the server compiled to one ES module, dist/server/main.js (packages stay
 * in node_modules), with the migrations beside it. `npm start` and the benchmark run this file
 * with plain Node: running the TypeScript through tsx in production kept a loader thread and the
 * transform cache in every process (PostgreSQL mode, idle: 274 MB RSS with tsx, 166 MB compiled).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist/server');

export async function buildServer(): Promise<string> {
  const outfile = path.join(OUT, 'main.js');
  await build({
    entryPoints: [path.join(ROOT, 'src/server/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    outfile,
    logLevel: 'warning',
  });
  // migrate.ts reads the folder next to itself: in the bundle, next to main.js.
  fs.rmSync(path.join(OUT, 'migrations'), { recursive: true, force: true });
  fs.cpSync(path.join(ROOT, 'src/server/db/migrations'), path.join(OUT, 'migrations'), { recursive: true });
  return outfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const started = Date.now();
  await buildServer();
  console.log(`dist/server/main.js (${Date.now() - started} ms)`);
}
