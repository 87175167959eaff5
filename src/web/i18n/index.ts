import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { vi } from './vi.ts';
import { en } from './en.ts';
import { areaBundles, type Bundle } from './areas.ts';
import { dateText, dateTimeText } from './dates.ts';

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

let apiErrorsEn: Promise<void> | null = null;

/**
 * The server's errors in English (by code) are fetched only for the English UI: the Vietnamese one
 * shows the server's own titles.
 */
function loadApiErrors(lang: string): void {
  if (lang !== 'en' || apiErrorsEn) return;
  apiErrorsEn = import('./api-errors-en.ts').then(
    ({ apiErrorsEn: strings }) => void i18n.addResourceBundle('en', 'translation', { apiErrors: strings }, true, true),
    () => {
      apiErrorsEn = null; // offline before the service worker kept it: the generic English line shows meanwhile
    },
  );
}
loadApiErrors(i18n.language);
i18n.on('languageChanged', loadApiErrors);

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

/** An instant as Vietnamese wall-clock time, whatever zone the phone is set to ("01/07/2025 09:00"). */
export function formatDateTime(iso: string | null | undefined): string {
  return dateTimeText(iso, dateLocale());
}

/** A calendar date (YYYY-MM-DD) as written in the language; a full timestamp shows its day in Vietnam. */
export function formatDate(iso: string | null | undefined): string {
  return dateText(iso, dateLocale());
}

export default i18n;
