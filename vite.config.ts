import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// The party red of src/web/theme.ts (party[8], the primary shade and the header background).
const THEME_RED = '#a61e1e';

/**
 * Adds the PWA boot module (service worker, offline banner and queue, text size and contrast,
 * drafts, install reporting) and the iPhone icon to index.html, ahead of the app's own script, so
 * the member's text size is set before React draws anything and every page gets the banner.
 */
function pwaBoot(): Plugin {
  return {
    name: 'sotay-pwa-boot',
    transformIndexHtml: {
      order: 'pre',
      handler: () => [
        { tag: 'link', attrs: { rel: 'apple-touch-icon', href: '/icons/apple-touch-icon.png' }, injectTo: 'head' },
        { tag: 'link', attrs: { rel: 'icon', href: '/icons/icon.svg', type: 'image/svg+xml' }, injectTo: 'head' },
        { tag: 'meta', attrs: { name: 'apple-mobile-web-app-capable', content: 'yes' }, injectTo: 'head' },
        { tag: 'script', attrs: { type: 'module', src: '/pwa/boot.ts' }, injectTo: 'head-prepend' },
        // Not bundled (public/): starts /api/auth/session while the app downloads; see main.tsx.
        { tag: 'script', attrs: { src: '/me-early.js', async: true }, injectTo: 'head' },
      ],
    },
  };
}

/**
 * Writes .br and .gz next to every text asset of the build; the server sends them as they are
 * (@fastify/static preCompressed), so phones on slow networks download a third of the bytes and
 * the server spends no CPU compressing.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'sotay-precompress',
    apply: 'build',
    configResolved(c) {
      outDir = path.resolve(c.root, c.build.outDir);
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        const walk = (dir: string): string[] =>
          fs
            .readdirSync(dir, { withFileTypes: true })
            .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
        for (const file of walk(outDir)) {
          if (!/\.(js|mjs|css|html|svg|webmanifest|json)$/.test(file)) continue;
          const raw = fs.readFileSync(file);
          if (raw.length < 1024) continue;
          fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
          fs.writeFileSync(`${file}.gz`, zlib.gzipSync(raw, { level: 9 }));
        }
      },
    },
  };
}

// The web app lives in src/web and is built into dist/web, which the API server serves in production.
export default defineConfig({
  root: 'src/web',
  plugins: [
    react(),
    pwaBoot(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'pwa',
      filename: 'sw.ts',
      registerType: 'autoUpdate',
      injectRegister: false, // pwa/boot.ts registers it (workbox-window) and reloads after an update
      manifestFilename: 'manifest.webmanifest',
      includeAssets: ['icons/*.png', 'icons/*.svg'],
      manifest: {
        id: '/',
        name: 'Sổ tay Đảng viên',
        short_name: 'Sổ tay ĐV',
        description: 'Tài liệu, tin tức, sinh hoạt chi bộ và thông báo trên điện thoại của đảng viên.',
        lang: 'vi',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#ffffff',
        theme_color: THEME_RED,
        categories: ['education', 'news', 'productivity'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        // The app shell: every built script, style and icon. Lazy admin chunks are small and
        // precaching them keeps a staff member's pages working offline too.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
    precompress(),
  ],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      output: {
        // Libraries in chunks of their own, so an app update does not make phones download React
        // and Mantine again. Mantine's components stay with the pages that use them; only its core
        // (theme, Box, styles API) is shared by every page.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|use-sync-external-store)[\\/]/, priority: 3 },
            { name: 'mantine', test: /node_modules[\\/](@mantine[\\/](core[\\/]esm[\\/]core|hooks)|clsx)[\\/]/, priority: 2 },
            { name: 'libs', test: /node_modules[\\/](react-router|@tanstack|i18next|react-i18next)[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: { port: 5173, proxy: { '/api': 'http://localhost:3000' } },
});
