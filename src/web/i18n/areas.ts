/**
 * Strings of each domain area live next to its pages (src/web/<area>/i18n.ts, exporting
 * `{ vi, en }`) and are merged here under the area's key, so areas never edit one shared file.
 * Use them as t('<area>.<key>').
 *
 * Only the areas the first screen needs (sign-in, the member home, the layout) are here, in the
 * first download. Every other area goes in lazy-areas.ts: it loads with the first lazy page.
 */
import { memberHomeI18n } from '../home/i18n.ts';
import { pwaI18n } from '../pwa/i18n.ts';
import { settingsI18n } from '../settings/i18n.ts';
import { twoFactorI18n } from '../account/i18n.ts';

export type Bundle = { vi: Record<string, unknown>; en: Record<string, unknown> };

export const areaBundles: Record<string, Bundle> = { twoFactor: twoFactorI18n };
Object.assign(areaBundles, { memberHome: memberHomeI18n, pwa: pwaI18n, settings: settingsI18n });
