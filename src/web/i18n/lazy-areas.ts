/**
 * Strings of the areas whose pages are all lazy (see areas.ts): loaded with the first lazy page
 * (layout/lazy-page.ts). A new area with only lazy pages adds its bundle here.
 */
import type { Bundle } from './areas.ts';
import { libraryI18n } from '../library/i18n.ts';
import { meetingsI18n } from '../meetings/i18n.ts';
import { notificationsI18n } from '../notifications/i18n.ts';
import { feedbackI18n } from '../feedback/i18n.ts';
import { memberRecordsI18n } from '../members/i18n.ts';
import { statsI18n } from '../stats/i18n.ts';
import { privacyI18n } from '../privacy/i18n.ts';
import { rulesI18n } from '../rules/i18n.ts';
import { votingI18n } from '../voting/i18n.ts';
import { reviewsI18n } from '../reviews/i18n.ts';
import { memberMeetingsI18n } from '../meetings/member-i18n.ts';

export const lazyAreaBundles: Record<string, Bundle> = { meetings: meetingsI18n, library: libraryI18n };
Object.assign(lazyAreaBundles, { notifications: notificationsI18n, feedback: feedbackI18n });
Object.assign(lazyAreaBundles, { memberRecords: memberRecordsI18n });
Object.assign(lazyAreaBundles, { stats: statsI18n });
Object.assign(lazyAreaBundles, { privacy: privacyI18n });
Object.assign(lazyAreaBundles, { rules: rulesI18n });
Object.assign(lazyAreaBundles, { voting: votingI18n });
Object.assign(lazyAreaBundles, { reviews: reviewsI18n });
Object.assign(lazyAreaBundles, { memberMeetings: memberMeetingsI18n });
