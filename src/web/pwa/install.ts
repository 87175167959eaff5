/**
 * Installation: keeps the browser's install prompt for the "Cài đặt ứng dụng" page, and reports
 * to the server when the app runs installed (the `appinstalled` event, or the first start in
 * standalone mode, which is the only signal on iPhone) so adoption statistics count it.
 */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

export const INSTALL_EVENT = 'sotay:install';
const DEVICE_KEY = 'sotay.deviceId';
const REPORTED_KEY = 'sotay.installReported';

let deferred: BeforeInstallPromptEvent | null = null;

export function canPrompt(): boolean {
  return deferred !== null;
}

export function isStandalone(): boolean {
  return (
    window.matchMedia('(display-mode: standalone)').matches ||
    (navigator as Navigator & { standalone?: boolean }).standalone === true
  );
}

export function platform(): 'android' | 'ios' | 'desktop' | 'other' {
  const ua = navigator.userAgent;
  if (/android/i.test(ua)) return 'android';
  if (/iphone|ipad|ipod/i.test(ua) || (/macintosh/i.test(ua) && navigator.maxTouchPoints > 1)) return 'ios';
  if (/windows|macintosh|linux|cros/i.test(ua)) return 'desktop';
  return 'other';
}

/** Shows the browser's own install dialog; true when the member accepted. */
export async function promptInstall(): Promise<boolean> {
  if (!deferred) return false;
  const ev = deferred;
  deferred = null;
  await ev.prompt();
  const { outcome } = await ev.userChoice;
  window.dispatchEvent(new CustomEvent(INSTALL_EVENT));
  return outcome === 'accepted';
}

function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    id = crypto.randomUUID();
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

/** Reports once per device; a failure (signed out, offline) is retried at the next start. */
export async function reportInstall(source: 'appinstalled' | 'standalone'): Promise<void> {
  try {
    if (localStorage.getItem(REPORTED_KEY)) return;
    const res = await fetch('/api/installs', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'sotay' },
      body: JSON.stringify({ deviceId: deviceId(), platform: platform(), source }),
    });
    if (res.ok) localStorage.setItem(REPORTED_KEY, new Date().toISOString());
  } catch {
    /* offline: next start */
  }
}

export function startInstallTracking(): void {
  window.addEventListener('beforeinstallprompt', (e) => {
    e.preventDefault(); // keep it for the install page's button instead of the mini-infobar
    deferred = e as BeforeInstallPromptEvent;
    window.dispatchEvent(new CustomEvent(INSTALL_EVENT));
  });
  window.addEventListener('appinstalled', () => {
    deferred = null;
    localStorage.setItem('sotay.installPending', '1');
    void reportInstall('appinstalled');
    window.dispatchEvent(new CustomEvent(INSTALL_EVENT));
  });
  if (isStandalone() || localStorage.getItem('sotay.installPending'))
    void reportInstall(isStandalone() ? 'standalone' : 'appinstalled');
}
