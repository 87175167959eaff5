/**
 * npm start and the command-line tools: `node scripts/run.mjs <entry> [args…]` runs the compiled
 * `dist/server/<entry>.js` (main: the server; seed, backup, restore, … : the tools) with plain Node.
 *
 * In a checkout with the dev dependencies (tsx, esbuild) it first recompiles the bundle when a source
 * file is newer than it (about a second; nothing when nothing changed). An installation made with
 * `npm ci --omit=dev` has no build tools: it runs the build it has, made by `npm run build`.
 * Plain Node, not tsx, in production: tsx kept a loader thread and its transform cache in every
 * process (~100 MB of RSS).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = process.argv[2] ?? 'main';
const bundle = path.join(ROOT, 'dist/server', `${entry}.js`);

/** The newest modification time under the sources the bundle is made from. */
function newestSource() {
  let newest = 0;
  const visit = (p) => {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p)) if (name !== 'node_modules') visit(path.join(p, name));
    } else if (/\.(ts|sql|json)$/.test(p) && !/\.test\.ts$/.test(p)) newest = Math.max(newest, st.mtimeMs);
  };
  for (const dir of ['src/server', 'src/common', 'scripts', 'package-lock.json']) visit(path.join(ROOT, dir));
  return newest;
}

async function buildIfStale() {
  const built = fs.statSync(bundle, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (built && built >= newestSource()) return;
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    return; // no dev dependencies: run what was built
  }
  const unregister = register();
  try {
    const { buildServer } = await import(pathToFileURL(path.join(ROOT, 'scripts/build-server.ts')).href);
    await buildServer();
  } finally {
    await unregister();
  }
}

await buildIfStale();
if (!fs.existsSync(bundle)) {
  console.error(
    `\n✖ Chưa có bản dựng ${path.relative(ROOT, bundle)}: chạy "npm ci" rồi "npm run build" (cần các gói phát triển). ` +
      `(No build: run npm ci and npm run build with the dev dependencies first.)\n`,
  );
  process.exit(1);
}
process.argv.splice(2, 1); // the tool sees its own arguments only
process.setSourceMapsEnabled(true);
await import(pathToFileURL(bundle).href);
