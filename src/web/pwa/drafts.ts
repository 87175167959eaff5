/**
 * Keeps what a member types in any text area (an opinion, a question) in localStorage, so an app
 * update that reloads the page, a dropped connection or a closed tab loses nothing. Works for every
 * page without the pages knowing: text areas are found by their label. A form that submits clears
 * its drafts; a draft older than two weeks is forgotten.
 */
const PREFIX = 'sotay.draft:';
const MAX_AGE_MS = 14 * 24 * 3600_000;

function keyOf(el: HTMLTextAreaElement): string | null {
  const name = el.name || el.getAttribute('aria-label') || (el.labels?.[0]?.textContent ?? '') || el.id;
  return name ? `${PREFIX}${location.pathname}|${name.trim()}` : null;
}

/** React keeps its own copy of an input's value: set it through the native setter and say so. */
function setValue(el: HTMLTextAreaElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
  setter?.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

function restore(el: HTMLTextAreaElement) {
  if (el.dataset.draftChecked) return;
  el.dataset.draftChecked = '1';
  const key = keyOf(el);
  if (!key || el.value) return;
  try {
    const raw = localStorage.getItem(key);
    if (!raw) return;
    const { v, at } = JSON.parse(raw) as { v: string; at: number };
    if (Date.now() - at > MAX_AGE_MS) return localStorage.removeItem(key);
    if (v) setValue(el, v);
  } catch {
    /* unreadable draft: ignore */
  }
}

export function startDrafts(): void {
  document.addEventListener('input', (e) => {
    const el = e.target;
    if (!(el instanceof HTMLTextAreaElement)) return;
    const key = keyOf(el);
    if (!key) return;
    try {
      if (el.value) localStorage.setItem(key, JSON.stringify({ v: el.value, at: Date.now() }));
      else localStorage.removeItem(key);
    } catch {
      /* storage full or private mode */
    }
  });
  // Sent: the drafts of that form are done.
  document.addEventListener('submit', (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement)) return;
    for (const el of form.querySelectorAll('textarea')) {
      const key = keyOf(el);
      if (key) localStorage.removeItem(key);
    }
  });
  const scan = () => document.querySelectorAll('textarea').forEach(restore);
  new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
  scan();
}
