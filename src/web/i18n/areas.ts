/**
 * Strings of each domain area live next to its pages (src/web/<area>/i18n.ts, exporting
 * `{ vi, en }`) and are merged here under the area's key, so areas never edit one shared file.
 * Use them as t('<area>.<key>').
 */
import { libraryI18n } from '../library/i18n.ts';
import { meetingsI18n } from '../meetings/i18n.ts';
import { memberHomeI18n } from '../home/i18n.ts';
import { pwaI18n } from '../pwa/i18n.ts';
import { settingsI18n } from '../settings/i18n.ts';
import { notificationsI18n } from '../notifications/i18n.ts';
import { feedbackI18n } from '../feedback/i18n.ts';
import { twoFactorI18n } from '../account/i18n.ts';
import { memberRecordsI18n } from '../members/i18n.ts';
import { statsI18n } from '../stats/i18n.ts';

type Bundle = { vi: Record<string, unknown>; en: Record<string, unknown> };

export const areaBundles: Record<string, Bundle> = { meetings: meetingsI18n, library: libraryI18n };
Object.assign(areaBundles, { twoFactor: twoFactorI18n });
Object.assign(areaBundles, { memberHome: memberHomeI18n, pwa: pwaI18n, settings: settingsI18n, notifications: notificationsI18n, feedback: feedbackI18n });
Object.assign(areaBundles, { memberRecords: memberRecordsI18n });
Object.assign(areaBundles, { stats: statsI18n });
