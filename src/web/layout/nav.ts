/**
 * Where the app shell leads: the five tabs every member has, and the destinations that sit under
 * "Tôi" on a phone (and in the side navigation on a desktop). A page reachable from the menus is
 * added here once; the bottom bar, the side navigation, the "Tôi" page and the staff part of the
 * home page all read this list.
 *
 * To add a destination: push an entry to DESTINATIONS with its path, the i18n key of its label
 * (in i18n/vi.ts `nav`, so the label is there on the first screen), its group, who sees it
 * (`show`, from the signed-in user's roles and abilities) and, optionally, `count`: a query that
 * answers a number of things waiting for this user (an approval queue, questions to answer). A
 * count above zero shows as a badge next to the label and as a dot on the "Tôi" tab.
 */
import type { Action, Me } from '../api/types.ts';
import type { IconName } from './icons.tsx';

export type TabKey = 'home' | 'library' | 'meetings' | 'notifications' | 'me';

export interface Tab {
  key: TabKey;
  to: string;
  /** i18n key of the tab's label. */
  label: string;
  icon: IconName;
}

export const TABS: readonly Tab[] = [
  { key: 'home', to: '/', label: 'nav.home', icon: 'home' },
  { key: 'library', to: '/thu-vien', label: 'nav.library', icon: 'library' },
  { key: 'meetings', to: '/sinh-hoat', label: 'nav.meetingsTab', icon: 'meetings' },
  { key: 'notifications', to: '/thong-bao', label: 'nav.notifications', icon: 'bell' },
  { key: 'me', to: '/toi', label: 'nav.me', icon: 'me' },
];

export interface Destination {
  to: string;
  /** i18n key of the label. */
  label: string;
  /** 'me': the member's own things; 'staff': management work, shown only to those who have it. */
  group: 'me' | 'staff';
  show: (me: Me) => boolean;
  /** Things waiting for this user; shown as a badge when above zero. */
  count?: { key: readonly unknown[]; fetch: () => Promise<number> };
}

/** Who sees a destination is decided by the actions the server says the user holds (never by role names). */
const holds = (me: Me, ...actions: Action[]) => actions.some((a) => me.abilities.holds.includes(a));

export const DESTINATIONS: Destination[] = [
  { to: '/ho-so-cua-toi', label: 'nav.myRecord', group: 'me', show: (me) => !!me.memberId },
  { to: '/kiem-diem', label: 'nav.myReview', group: 'me', show: (me) => !!me.memberId },
  { to: '/the-dang-vien', label: 'nav.card', group: 'me', show: (me) => !!me.memberId },
  { to: '/hoi-dap', label: 'nav.questions', group: 'me', show: (me) => !!me.memberId },
  { to: '/thu-vien/xem-sau', label: 'nav.bookmarks', group: 'me', show: () => true },
  { to: '/tai-khoan', label: 'nav.account', group: 'me', show: () => true },
  { to: '/cai-dat-ung-dung', label: 'nav.install', group: 'me', show: () => true },
  { to: '/trang-don-vi?loai=huong-dan', label: 'nav.guide', group: 'me', show: () => true },

  { to: '/bien-tap', label: 'nav.editorial', group: 'staff', show: (me) => holds(me, 'documents.edit', 'documents.approve') },
  {
    to: '/to-chuc',
    label: 'nav.org',
    group: 'staff',
    show: (me) => me.abilities.manageOrg || me.abilities.readMembers || me.abilities.readAudit,
  },
  {
    to: '/dang-vien',
    label: 'nav.members',
    group: 'staff',
    show: (me) => me.abilities.readMembers || me.abilities.manageAccounts,
  },
  { to: '/thong-ke', label: 'nav.stats', group: 'staff', show: (me) => holds(me, 'stats.read') },
  { to: '/kiem-diem/quan-ly', label: 'nav.reviewsAdmin', group: 'staff', show: (me) => holds(me, 'reviews.read') },
  { to: '/hoi-dap/xu-ly', label: 'nav.inbox', group: 'staff', show: (me) => holds(me, 'feedback.handle') },
  { to: '/thong-bao-chung/gui', label: 'nav.sendNotice', group: 'staff', show: (me) => holds(me, 'notices.send') },
  { to: '/nhat-ky', label: 'nav.audit', group: 'staff', show: (me) => me.abilities.readAudit },
  { to: '/quy-dinh', label: 'nav.rules', group: 'staff', show: (me) => holds(me, 'rules.manage') },
];

export function destinationsFor(me: Me, group: Destination['group']): Destination[] {
  return DESTINATIONS.filter((d) => d.group === group && d.show(me));
}

/** Which tab a path belongs to (the tab shown as current). */
export function tabOf(pathname: string): TabKey {
  const first = pathname.split('/')[1] ?? '';
  if (first === '') return 'home';
  if (first === 'thu-vien' || first === 'tin-tuc' || first === 'trang-don-vi') return 'library';
  if (first === 'sinh-hoat') return 'meetings';
  if (first === 'thong-bao' || first === 'thong-bao-chung') return 'notifications';
  return 'me';
}

const TAB_ROOTS = new Set(TABS.map((t) => t.to));

/** Top-level pages outside the tab roots, and the tab page they go back to. */
const TOP_PARENT: Record<string, string> = {
  'tin-tuc': '/thu-vien',
  'trang-don-vi': '/thu-vien',
  'thong-bao-chung': '/thong-bao',
};
/** Path prefixes that are not pages of their own: going back skips over them. */
const NOT_PAGES = new Set(['/dang-vien/ho-so', '/thong-bao-chung', '/xac-minh-the']);

/**
 * Where "back" leads when there is no earlier page of the app in the history (a link from a
 * notification, a shared address): the page above this one. null on the tab pages themselves.
 */
export function parentOf(pathname: string): string | null {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (TAB_ROOTS.has(path)) return null;
  const segs = path.split('/').filter(Boolean);
  if (segs.length === 1) return TOP_PARENT[segs[0]!] ?? '/toi';
  const up = `/${segs.slice(0, -1).join('/')}`;
  if (NOT_PAGES.has(up)) return parentOf(up);
  return up;
}

/** i18n key of the header's title: the section the page belongs to. */
const TITLES: Record<string, string> = {
  '': 'app.title',
  'thu-vien': 'nav.library',
  'tin-tuc': 'nav.news',
  'trang-don-vi': 'nav.unitPages',
  'sinh-hoat': 'nav.meetings',
  'thong-bao': 'nav.notifications',
  'thong-bao-chung': 'nav.notices',
  toi: 'nav.me',
  'tai-khoan': 'nav.account',
  'cai-dat': 'nav.settings',
  'ho-so-cua-toi': 'nav.myRecord',
  'kiem-diem': 'nav.myReview',
  'the-dang-vien': 'nav.card',
  'hoi-dap': 'nav.questions',
  'cai-dat-ung-dung': 'nav.install',
  'to-chuc': 'nav.org',
  'dang-vien': 'nav.members',
  'nhat-ky': 'nav.audit',
  'thong-ke': 'nav.stats',
  'bien-tap': 'nav.editorial',
  'quy-dinh': 'nav.rules',
  'dang-nhap': 'nav.signIn',
  'kich-hoat': 'nav.activate',
};

export function titleKeyOf(pathname: string): string {
  return TITLES[pathname.split('/')[1] ?? ''] ?? 'app.title';
}
