/**
 * npm run build:server — the server and the command-line tools compiled to ES modules in dist/server
 * (main.js, seed.js, backup.js, …, sharing chunks; packages stay in node_modules), with the migrations
 * beside them. `npm start`, the tools (scripts/run.mjs) and the benchmark run these with plain Node:
 * running the TypeScript through tsx in production kept a loader thread and the transform cache in
 * every process (PostgreSQL mode, idle: 274 MB RSS with tsx, 166 MB compiled). An installation made
 * with `npm ci --omit=dev` has no esbuild: it runs what this built.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist/server');

/** The command-line tools that must work on a production install (npm run <name>). */
export const TOOLS = ['seed', 'members-import', 'members-export', 'documents-import', 'backup', 'restore', 'audit-verify'];

export async function buildServer(): Promise<string> {
  const outfile = path.join(OUT, 'main.js');
  // Old single-file builds and chunks of earlier builds.
  for (const f of fs.existsSync(OUT) ? fs.readdirSync(OUT) : [])
    if (/^chunk-.*\.js(\.map)?$/.test(f)) fs.rmSync(path.join(OUT, f));
  await build({
    entryPoints: {
      main: path.join(ROOT, 'src/server/main.ts'),
      ...Object.fromEntries(TOOLS.map((t) => [t, path.join(ROOT, 'scripts', `${t}.ts`)])),
    },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    outdir: OUT,
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
  console.log(`dist/server: main.js and ${TOOLS.length} tools (${Date.now() - started} ms)`);
}
