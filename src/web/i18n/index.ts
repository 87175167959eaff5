import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { vi } from './vi.ts';
import { en } from './en.ts';
import { areaBundles, type Bundle } from './areas.ts';

const areaStrings = (bundles: Record<string, Bundle>, lang: 'vi' | 'en') =>
  Object.fromEntries(Object.entries(bundles).map(([k, b]) => [k, b[lang]]));

export type Lang = 'vi' | 'en';
const STORAGE_KEY = 'sotay.lang';

function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

void i18n.use(initReactI18next).init({
  resources: {
    vi: { translation: { ...vi, ...areaStrings(areaBundles, 'vi') } },
    en: { translation: { ...en, ...areaStrings(areaBundles, 'en') } },
  },
  lng: storedLang(),
  fallbackLng: 'vi',
  interpolation: { escapeValue: false }, // React escapes
});

document.documentElement.lang = i18n.language;

let lazyAreas: Promise<void> | null = null;

/** Adds the strings of the lazy areas (i18n/lazy-areas.ts), both languages, once. */
export function loadLazyAreas(): Promise<void> {
  lazyAreas ??= import('./lazy-areas.ts').then(
    ({ lazyAreaBundles }) => {
      for (const lang of ['vi', 'en'] as const)
        i18n.addResourceBundle(lang, 'translation', areaStrings(lazyAreaBundles, lang), true, true);
    },
    (err: unknown) => {
      lazyAreas = null; // offline before the service worker kept it: try again with the next page
      throw err;
    },
  );
  return lazyAreas;
}

export function setLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

/** Locale for dates: Vietnamese by default. */
export function dateLocale(): string {
  return i18n.language === 'en' ? 'en-GB' : 'vi-VN';
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  // Date first, then time, in both languages: "01/07/2025 09:00".
  const date = d.toLocaleDateString(dateLocale(), { day: '2-digit', month: '2-digit', year: 'numeric' });
  const time = d.toLocaleTimeString(dateLocale(), { hour: '2-digit', minute: '2-digit' });
  return `${date} ${time}`;
}

/** Formats a calendar date (YYYY-MM-DD) without shifting it through time zones. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).toLocaleDateString(dateLocale());
}

export default i18n;
