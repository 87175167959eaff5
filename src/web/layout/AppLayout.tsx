/**
 * The app shell. Phones (< 768 px): a header of 52 px (back where it applies, the section's name,
 * the notifications bell with the unread count) and a fixed bottom bar with the five tabs; 108 px
 * of 740 together in normal and in large text (the tab labels wrap and the icons give way there).
 * Desktop: the same header and a side navigation with the tabs and the staff's destinations.
 * Which is shown is decided by CSS alone (app.css), so nothing moves once the script runs.
 */
import { Suspense, useEffect, useLayoutEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, Outlet, useLocation, useNavigate, useNavigationType } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { useMe } from '../auth/useMe.ts';
import { PageLoader } from '../ui/feedback.tsx';
import { Icon } from './icons.tsx';
import { LanguageSwitch } from './LanguageSelect.tsx';
import { destinationsFor, parentOf, TABS, tabOf, titleKeyOf, type Destination } from './nav.ts';
import { CountBadge, useCount } from './counts.tsx';

export const UNREAD_KEY = ['notifications', 'unread'] as const;

/** The unread count of the notification centre (also read by the home page). */
export function useUnread(enabled: boolean) {
  return useQuery({
    queryKey: UNREAD_KEY,
    queryFn: () => api.get<{ unread: number }>('/api/notifications/unread'),
    enabled,
    retry: false,
    staleTime: 30_000,
    refetchInterval: 5 * 60_000,
  });
}

function BackButton({ pathname }: { pathname: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const parent = parentOf(pathname);
  if (!parent) return <span className="shell-spacer" />;
  function back() {
    // React Router numbers its history entries: 0 is the page the app was opened on (a deep link
    // from a notification or a shared address), where "back" means the page above, not leaving.
    const idx = (window.history.state as { idx?: number } | null)?.idx ?? 0;
    if (idx > 0) void navigate(-1);
    else void navigate(parent!, { replace: true });
  }
  return (
    <button type="button" className="shell-icon-btn" onClick={back} aria-label={t('nav.back')}>
      <Icon name="back" size={26} />
    </button>
  );
}

function Bell({ unread }: { unread: number }) {
  const { t } = useTranslation();
  return (
    <Link
      to="/thong-bao"
      className="shell-icon-btn shell-bell"
      aria-label={unread > 0 ? t('nav.bellUnread', { count: unread }) : t('nav.notifications')}
    >
      <Icon name="bell" size={26} />
      {unread > 0 && (
        <span className="shell-count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </Link>
  );
}

function Header({ me, unread }: { me: Me | null | undefined; unread: number }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <header className="app-header">
      <div className="shell-header-row">
        {me ? <BackButton pathname={pathname} /> : <span className="shell-spacer" />}
        <p className="shell-title">{t(titleKeyOf(pathname))}</p>
        {/* Signed in, the language is chosen in the account settings ("Tôi"). */}
        {me ? <Bell unread={unread} /> : <LanguageSwitch />}
      </div>
    </header>
  );
}

/** True when any of the staff destinations has something waiting (a dot on the "Tôi" tab). */
function StaffWaiting({ destinations }: { destinations: Destination[] }) {
  return (
    <>
      {destinations
        .filter((d) => d.count)
        .map((d) => (
          <StaffDot key={d.to} d={d} />
        ))}
    </>
  );
}

function StaffDot({ d }: { d: Destination }) {
  const n = useCount(d);
  return n > 0 ? <span className="shell-dot" aria-hidden="true" /> : null;
}

function TabBar({ me, unread }: { me: Me; unread: number }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const current = tabOf(pathname);
  const staff = destinationsFor(me, 'staff');
  return (
    <nav className="shell-tabs" aria-label={t('nav.label')}>
      {TABS.map((tab) => {
        const here = tab.key === current;
        const label = t(tab.label);
        return (
          <Link
            key={tab.key}
            to={tab.to}
            className="shell-tab"
            aria-current={here ? (pathname === tab.to ? 'page' : 'true') : undefined}
            aria-label={tab.key === 'notifications' && unread > 0 ? `${label}, ${t('nav.unread', { count: unread })}` : undefined}
          >
            <span className="shell-tab-icon">
              <Icon name={tab.icon} size={22} />
              {tab.key === 'notifications' && unread > 0 && <span className="shell-dot" aria-hidden="true" />}
              {tab.key === 'me' && <StaffWaiting destinations={staff} />}
            </span>
            <span className="shell-tab-label">{label}</span>
          </Link>
        );
      })}
    </nav>
  );
}

function SideLink({ d }: { d: Pick<Destination, 'to' | 'label' | 'count'> }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const path = d.to.split('?')[0]!;
  const here = path === '/' ? pathname === '/' : pathname === path || pathname.startsWith(`${path}/`);
  return (
    <Link to={d.to} className="shell-side-link" aria-current={here ? 'page' : undefined}>
      <span>{t(d.label)}</span>
      {d.count && <CountBadge d={d as Destination} />}
    </Link>
  );
}

function SideNav({ me }: { me: Me }) {
  const { t } = useTranslation();
  const staff = destinationsFor(me, 'staff');
  return (
    <nav className="shell-side" aria-label={t('nav.label')}>
      {TABS.map((tab) => (
        <SideLink key={tab.key} d={{ to: tab.to, label: tab.label }} />
      ))}
      {staff.length > 0 && (
        <>
          <p className="shell-side-heading">{t('nav.staff')}</p>
          {staff.map((d) => (
            <SideLink key={d.to} d={d} />
          ))}
        </>
      )}
    </nav>
  );
}

/**
 * While the phone's keyboard is up, the tab bar would ride on it and cover the field being typed
 * in: it steps aside until no field has the focus. It comes back a moment after the field loses
 * focus, not at once: a tap on the form's button blurs the field first, and a bar appearing under
 * the finger between touch and release would take the tap.
 */
function useKeyboardAware() {
  useEffect(() => {
    const typing = (el: Element | null) =>
      el instanceof HTMLElement &&
      (el.matches('textarea, select, [contenteditable="true"]') ||
        (el.matches('input') && !el.matches('[type=checkbox], [type=radio], [type=button], [type=submit]')));
    let timer = 0;
    const on = (e: FocusEvent) => {
      window.clearTimeout(timer);
      if (typing(e.target as Element)) document.documentElement.setAttribute('data-typing', '');
    };
    const off = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        if (!typing(document.activeElement)) document.documentElement.removeAttribute('data-typing');
      }, 600);
    };
    document.addEventListener('focusin', on);
    document.addEventListener('focusout', off);
    return () => {
      window.clearTimeout(timer);
      document.removeEventListener('focusin', on);
      document.removeEventListener('focusout', off);
    };
  }, []);
}

const scrollPositions = new Map<string, number>();

/**
 * A new page starts at its top; "back" returns to where the member was on the page before (the
 * list they were reading down), as a browser does for pages that are not an app.
 */
function useScrollMemory() {
  const location = useLocation();
  const type = useNavigationType();
  useLayoutEffect(() => {
    const key = location.key;
    const y = type === 'POP' ? (scrollPositions.get(key) ?? 0) : 0;
    window.scrollTo(0, y);
    // The page may draw its content a frame later (data from the cache): once more then.
    const frame = y > 0 ? window.requestAnimationFrame(() => window.scrollTo(0, y)) : 0;
    return () => {
      window.cancelAnimationFrame(frame);
      scrollPositions.set(key, window.scrollY);
    };
  }, [location.key, type]);
}

export function AppLayout() {
  const me = useMe().data;
  const unread = useUnread(!!me).data?.unread ?? 0;
  useKeyboardAware();
  useScrollMemory();
  return (
    <div className={me ? 'shell shell-signed-in' : 'shell'}>
      <Header me={me} unread={unread} />
      {me && <SideNav me={me} />}
      <main className="shell-main">
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </main>
      {me && <TabBar me={me} unread={unread} />}
    </div>
  );
}
