/**
 * Runs on every page before the React app (added to index.html by vite.config.ts): applies the
 * member's text size and contrast, registers the service worker (reloading after an update, drafts
 * kept), shows the connection banner, sends the offline outbox when the connection returns, keeps
 * drafts of text areas, and tracks installation.
 */
import '../settings/a11y.css';
import './pwa.css';
import { applyPrefs } from '../settings/prefs.ts';
import { startDrafts } from './drafts.ts';
import { startInstallTracking } from './install.ts';
import { flushOutbox, loadOutbox, OUTBOX_EVENT, pendingItems } from './outbox.ts';

applyPrefs();
startDrafts();
startInstallTracking();

const vi = document.documentElement.lang !== 'en';
const text = {
  offline: vi
    ? 'Bạn đang ngoại tuyến. Các trang đã mở vẫn đọc được.'
    : 'You are offline. Pages you opened before can still be read.',
  waiting: (n: number) => (vi ? `${n} việc đang chờ gửi khi có mạng.` : `${n} item(s) waiting to be sent.`),
  syncing: (n: number) => (vi ? `Đang gửi ${n} việc đã lưu…` : `Sending ${n} saved item(s)…`),
};

function banner(): HTMLElement {
  let el = document.getElementById('net-banner');
  if (!el) {
    el = document.createElement('div');
    el.id = 'net-banner';
    el.className = 'net-banner';
    el.setAttribute('role', 'status');
    el.hidden = true;
    document.body.prepend(el);
  }
  return el;
}

function render() {
  const el = banner();
  const waiting = pendingItems().filter((i) => !i.error).length;
  const parts: string[] = [];
  if (!navigator.onLine) parts.push(text.offline);
  if (waiting > 0) parts.push(navigator.onLine ? text.syncing(waiting) : text.waiting(waiting));
  el.dataset.state = navigator.onLine ? 'syncing' : 'offline';
  el.textContent = parts.join(' ');
  el.hidden = parts.length === 0;
}

async function sync() {
  render();
  if (navigator.onLine) await flushOutbox().catch(() => 0);
  render();
}

window.addEventListener('online', () => void sync());
window.addEventListener('offline', render);
window.addEventListener(OUTBOX_EVENT, render);
// A connection that is "online" but flaky: try the outbox again now and then.
setInterval(() => {
  if (navigator.onLine && pendingItems().some((i) => !i.error)) void sync();
}, 30_000);

/**
 * The service worker is registered after the page has loaded and the phone is idle: its precache
 * (the whole app shell) must not compete with the first page for a slow connection.
 */
function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return;
  void import('workbox-window').then(({ Workbox }) => {
    const wb = new Workbox('/sw.js', { scope: '/' });
    // A new version took over (autoUpdate): reload into it; text areas come back from drafts.
    wb.addEventListener('controlling', (e) => {
      if (e.isUpdate) window.location.reload();
    });
    void wb.register();
  });
}

function start() {
  banner();
  void loadOutbox().then(sync);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();

function afterLoad() {
  const idle = window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 1000));
  idle(registerServiceWorker, { timeout: 4000 });
}
if (document.readyState === 'complete') afterLoad();
else window.addEventListener('load', afterLoad, { once: true });
