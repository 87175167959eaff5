/**
 * `npm ci` builds the web app (the prepare script). If the build is missing anyway — a checkout
 * installed with --ignore-scripts — build it once here so `npm start` still serves the app.
 */
import fs from 'node:fs';
import path from 'node:path';

export async function ensureWebBuilt(root: string, webDir: string): Promise<void> {
  if (fs.existsSync(path.join(webDir, 'index.html'))) return;
  console.log('Đang dựng giao diện web lần đầu (building the web app)…');
  try {
    const { build } = await import('vite');
    await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  } catch (err) {
    console.warn(`Không dựng được giao diện web; chỉ API hoạt động. Chạy "npm run build". (${(err as Error).message})`);
  }
}
