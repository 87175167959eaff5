/**
 * Strings of each domain area live next to its pages (src/web/<area>/i18n.ts, exporting
 * `{ vi, en }`) and are merged here under the area's key, so areas never edit one shared file.
 * Use them as t('<area>.<key>').
 */
type Bundle = { vi: Record<string, unknown>; en: Record<string, unknown> };

export const areaBundles: Record<string, Bundle> = {};
