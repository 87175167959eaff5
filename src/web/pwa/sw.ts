/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell (so the app opens with no connection), keeps the
 * member's own reading (home, meetings, bookmarked and opened documents, notices) with
 * NetworkFirst, keeps opened files with CacheFirst, shows pushed notifications, and forgets the
 * cached data when someone signs out or in (shared family phones).
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { ExpirationPlugin } from 'workbox-expiration';
import { RangeRequestsPlugin } from 'workbox-range-requests';
import { clientsClaim } from 'workbox-core';
import { API_CACHE, FILE_CACHE, isCachedApi, isFileDownload } from './cache-rules.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

// autoUpdate: a new version takes over at once; the page reloads itself (drafts are kept).
void self.skipWaiting();
clientsClaim();

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Every app address opens the cached shell; the router inside draws the page.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//] }));

registerRoute(
  ({ url, request }) => url.origin === self.location.origin && request.method === 'GET' && isCachedApi(url.pathname),
  new NetworkFirst({
    cacheName: API_CACHE,
    // On a weak highland connection, fall back to what was read before rather than spin.
    networkTimeoutSeconds: 6,
    plugins: [
      new CacheableResponsePlugin({ statuses: [200] }),
      new ExpirationPlugin({ maxEntries: 300, maxAgeSeconds: 60 * 24 * 3600 }),
    ],
  }),
);

registerRoute(
  ({ url, request }) => url.origin === self.location.origin && request.method === 'GET' && isFileDownload(url.pathname),
  new CacheFirst({
    cacheName: FILE_CACHE,
    plugins: [
      new CacheableResponsePlugin({ statuses: [200] }),
      new RangeRequestsPlugin(),
      new ExpirationPlugin({ maxEntries: 80, maxAgeSeconds: 90 * 24 * 3600, purgeOnQuotaError: true }),
    ],
  }),
);

// Signing out or in: the cached reading belonged to the previous person.
registerRoute(
  ({ url }) =>
    url.origin === self.location.origin &&
    (url.pathname === '/api/auth/sign-out' || url.pathname === '/api/auth/sign-in' || url.pathname === '/api/auth/activate'),
  async ({ request }) => {
    const res = await fetch(request);
    if (res.ok) await Promise.all([caches.delete(API_CACHE), caches.delete(FILE_CACHE)]);
    return res;
  },
  'POST',
);

interface PushPayload {
  id?: string;
  kind?: string;
  title?: string;
  body?: string;
  link?: string | null;
}

self.addEventListener('push', (event) => {
  let data: PushPayload = {};
  try {
    data = (event.data?.json() ?? {}) as PushPayload;
  } catch {
    data = { body: event.data?.text() ?? '' };
  }
  const link =
    typeof data.link === 'string' && data.link.startsWith('/') && !data.link.startsWith('//') ? data.link : '/thong-bao';
  event.waitUntil(
    self.registration.showNotification(data.title || 'Sổ tay Đảng viên', {
      body: data.body ?? '',
      icon: '/icons/icon-192.png',
      badge: '/icons/maskable-192.png',
      lang: 'vi',
      tag: data.id ?? undefined,
      data: { link },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const link = (event.notification.data as { link?: string } | null)?.link ?? '/';
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows[0];
      if (open) {
        await open.focus();
        await open.navigate(link).catch(() => undefined);
        return;
      }
      await self.clients.openWindow(link);
    })(),
  );
});
