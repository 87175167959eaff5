/**
 * Which API answers the service worker keeps for offline reading. An allow-list on purpose: the
 * member's own reading is kept; staff lists of other people's personal data never are.
 */
export const API_CACHE = 'sotay-api';
export const FILE_CACHE = 'sotay-files';

const UUID = '[0-9a-f-]{36}';
const CACHED_API: RegExp[] = [
  // Who is signed in (the app asks /session; /me for API clients).
  /^\/api\/auth\/(me|session)$/,
  /^\/api\/home$/,
  // Meetings (issue 5): my meetings, one meeting with its agenda and materials list.
  /^\/api\/meetings\/mine$/,
  new RegExp(`^/api/meetings/${UUID}$`),
  new RegExp(`^/api/meetings/${UUID}/(opinions|minutes)$`),
  // Library (issue 4): lists, bookmarks, reading history, one document.
  /^\/api\/library(\/(bookmarks|history|search))?$/,
  new RegExp(`^/api/documents/${UUID}$`),
  new RegExp(`^/api/news(/${UUID})?$`),
  // This issue: notification centre, notices, my questions.
  /^\/api\/notifications(\/preferences)?$/,
  /^\/api\/notices$/,
  new RegExp(`^/api/notices/${UUID}$`),
  /^\/api\/feedback\/(mine|targets)$/,
  new RegExp(`^/api/feedback/${UUID}$`),
];

/** Files: once opened, read from the device (they do not change under the same id, nor does their text). */
const FILE_DOWNLOADS: RegExp[] = [
  new RegExp(`^/api/library/files/${UUID}$`),
  new RegExp(`^/api/library/files/${UUID}/reading$`),
  new RegExp(`^/api/meeting-files/${UUID}$`),
  new RegExp(`^/api/meeting-files/${UUID}/reading$`),
  new RegExp(`^/api/documents/${UUID}/cover$`),
  new RegExp(`^/api/meetings/guidance/${UUID}/file$`),
];

export const isCachedApi = (pathname: string) => CACHED_API.some((r) => r.test(pathname));
export const isFileDownload = (pathname: string) => FILE_DOWNLOADS.some((r) => r.test(pathname));
