/**
 * Display preferences kept on the device: large text ("Chữ lớn") and high contrast. They are
 * attributes on <html>, so one stylesheet (a11y.css) scales and recolours the whole app, and they
 * are applied by the boot module before React draws the first page.
 */
export type TextSize = 'normal' | 'large';
export type Contrast = 'normal' | 'high';

const TEXT_KEY = 'sotay.textSize';
const CONTRAST_KEY = 'sotay.contrast';
export const PREFS_EVENT = 'sotay:prefs';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode: the choice lasts for this visit only.
  }
}

export function textSize(): TextSize {
  return read(TEXT_KEY) === 'large' ? 'large' : 'normal';
}

export function contrast(): Contrast {
  return read(CONTRAST_KEY) === 'high' ? 'high' : 'normal';
}

export function applyPrefs(): void {
  const root = document.documentElement;
  root.dataset.textSize = textSize();
  root.dataset.contrast = contrast();
}

export function setTextSize(v: TextSize): void {
  write(TEXT_KEY, v);
  applyPrefs();
  window.dispatchEvent(new CustomEvent(PREFS_EVENT));
}

export function setContrast(v: Contrast): void {
  write(CONTRAST_KEY, v);
  applyPrefs();
  window.dispatchEvent(new CustomEvent(PREFS_EVENT));
}
