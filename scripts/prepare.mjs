/**
 * The prepare script (`npm ci`, `npm install`): builds the web app and the server when the dev
 * dependencies are installed. `npm ci --omit=dev` has no build tools: it keeps the build that is
 * there (made by `npm run build`) and says so, instead of failing the install.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
let hasTools = true;
try {
  require.resolve('vite');
  require.resolve('tsx');
} catch {
  hasTools = false;
}
if (!hasTools) {
  console.log(
    'prepare: không có gói phát triển (npm ci --omit=dev): dùng bản dựng sẵn có trong dist/. (no dev dependencies: keeping dist/)',
  );
  process.exit(0);
}
const node = (args) => {
  const res = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (res.status !== 0) process.exit(res.status ?? 1);
};
node([path.join(path.dirname(require.resolve('vite/package.json')), 'bin/vite.js'), 'build', '--logLevel', 'warn']);
node(['--import', 'tsx', 'scripts/build-server.ts']);
