/**
 * The member's home: search, the next meeting (time, place, my answer, materials, my opinion), my
 * tasks from resolutions, the newest documents and news with what I have not opened, and unread
 * notifications; each leads to its full screen in one tap. One request (GET /api/home), asked
 * while the page's code downloads (layout/route-data.ts). Staff find their management work below.
 * Kept light: it is the first screen on a slow phone.
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Anchor, Badge, Button, Group, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { vnParts } from '../../common/time/vietnam.ts';
import { useMe } from '../auth/useMe.ts';
import { formatDate, formatDateTime } from '../i18n/index.ts';
import { OutboxList } from '../pwa/OutboxList.tsx';
import { warmOfflineCache } from '../pwa/warm.ts';
import { isStandalone } from '../pwa/install.ts';
import { setTextSize } from '../settings/prefs.ts';
import { usePrefs } from '../settings/usePrefs.ts';
import { destinationsFor } from '../layout/nav.ts';
import { DestinationList } from '../layout/counts.tsx';
import { PageLoader, QueryError } from '../ui/feedback.tsx';
import { HOME_KEY, type Home, type HomeItem } from './api.ts';
import { materialPath } from '../meetings/api.ts';

/** "Thứ Ba, 10/03/2026 · 19:30" on the Vietnamese clock, whatever zone the phone is set to. */
function when(iso: string, lang: string): string {
  const p = vnParts(new Date(iso));
  const day = new Date(Date.UTC(p.year, p.month - 1, p.day)).toLocaleDateString(lang === 'en' ? 'en-GB' : 'vi-VN', {
    timeZone: 'UTC',
    weekday: 'long',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  });
  const hm = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  return `${day.charAt(0).toUpperCase()}${day.slice(1)} · ${hm}`;
}

function Section({
  id,
  title,
  more,
  children,
}: {
  id: string;
  title: string;
  more?: { to: string; label: string };
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb="xs">
        {title}
      </Title>
      {children}
      {more && (
        <Anchor component={Link} to={more.to} className="more-link">
          {more.label}
        </Anchor>
      )}
    </section>
  );
}

function SearchBox() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  function submit(e: FormEvent) {
    e.preventDefault();
    void navigate(q.trim() ? `/thu-vien?q=${encodeURIComponent(q.trim())}` : '/thu-vien');
  }
  return (
    <form role="search" onSubmit={submit} aria-label={t('memberHome.search')}>
      <Text component="label" htmlFor="home-search" fw={600} display="block" mb={4}>
        {t('memberHome.searchLabel')}
      </Text>
      <Group gap="xs" wrap="nowrap">
        <TextInput
          id="home-search"
          style={{ flex: 1, minWidth: 0 }}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          type="search"
          enterKeyHint="search"
          autoComplete="off"
        />
        <Button type="submit">{t('memberHome.searchButton')}</Button>
      </Group>
    </form>
  );
}

function NextMeeting({ m }: { m: NonNullable<Home['nextMeeting']> }) {
  const { t, i18n } = useTranslation();
  const materials = m.materials.length + m.libraryMaterials.length;
  return (
    <Paper withBorder p="sm" className="home-card">
      <Stack gap={6}>
        <Anchor component={Link} to={`/sinh-hoat/${m.id}`} fz="lg" fw={700} data-testid="home-meeting-link">
          {m.topic || t(`memberHome.kind.${m.kind}`)}
        </Anchor>
        <Text fw={600}>{when(m.startsAt, i18n.language)}</Text>
        <Text>{t('memberHome.place', { place: m.place })}</Text>
        <Text>
          {t('memberHome.rsvpLabel')}{' '}
          <Text component="span" fw={700} c={m.rsvp === 'pending' ? 'party.9' : undefined}>
            {t(`memberHome.rsvp.${m.rsvp}`)}
          </Text>
        </Text>
        {m.materialsPostedAt ? (
          <>
            <Text>{t('memberHome.materials', { count: materials })}</Text>
            {m.materials.length + m.libraryMaterials.length > 0 && (
              <ul className="plain-list">
                {m.materials.slice(0, 3).map((f) => (
                  <li key={f.id}>
                    <Anchor component={Link} to={materialPath(m.id, f.id)} className="tap-row">
                      {f.name}
                    </Anchor>
                  </li>
                ))}
                {m.libraryMaterials.slice(0, 2).map((d) => (
                  <li key={d.id}>
                    <Anchor component={Link} to={`/thu-vien/${d.id}`} className="tap-row">
                      {d.symbol ? `${d.symbol} · ${d.title}` : d.title}
                    </Anchor>
                  </li>
                ))}
              </ul>
            )}
            <Text>
              {m.lastOpinion
                ? t(m.myOpinions > 1 ? 'memberHome.myOpinions' : 'memberHome.myOpinion', {
                    count: m.myOpinions,
                    text: m.lastOpinion.body,
                  })
                : t('memberHome.noOpinion')}
            </Text>
          </>
        ) : (
          <Text c="dimmed">{t('memberHome.materialsLater')}</Text>
        )}
        <Button component={Link} to={`/sinh-hoat/${m.id}`} variant={m.rsvp === 'pending' ? 'filled' : 'outline'}>
          {m.rsvp === 'pending' ? t('memberHome.answer') : t('memberHome.openMeeting')}
        </Button>
      </Stack>
    </Paper>
  );
}

function ItemRow({ item }: { item: HomeItem }) {
  const { t } = useTranslation();
  const date = item.issueDate ? formatDate(item.issueDate) : formatDate(item.publishAt);
  return (
    <li>
      <Anchor
        component={Link}
        to={`/thu-vien/${item.id}`}
        className="tap-row"
        underline="never"
        data-unread={!item.read || undefined}
      >
        <Text component="span" display="block" fw={item.read ? 500 : 700} c="dark.8">
          {!item.read && (
            <Badge component="span" color="party.8" mr={6} className="new-badge">
              {t('memberHome.new')}
            </Badge>
          )}
          {item.title}
        </Text>
        <Text component="span" display="block" c="dimmed">
          {[item.symbol, date].filter(Boolean).join(' · ')}
        </Text>
      </Anchor>
    </li>
  );
}

function LargeTextSwitch() {
  const { t } = useTranslation();
  const prefs = usePrefs();
  return (
    <Switch
      size="lg"
      label={t('settings.largeText')}
      checked={prefs.textSize === 'large'}
      onChange={(e) => setTextSize(e.currentTarget.checked ? 'large' : 'normal')}
      styles={{
        body: { alignItems: 'center', minHeight: 48 },
        label: { fontSize: 'var(--mantine-font-size-lg)', fontWeight: 600 },
      }}
    />
  );
}

function HomeContent({ h }: { h: Home }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {h.nextMeeting ? (
        <Section
          id="home-meeting"
          title={t('memberHome.meeting')}
          more={{ to: '/sinh-hoat', label: t('memberHome.allMeetings') }}
        >
          <NextMeeting m={h.nextMeeting} />
        </Section>
      ) : (
        <Section
          id="home-meeting"
          title={t('memberHome.meeting')}
          more={{ to: '/sinh-hoat', label: t('memberHome.allMeetings') }}
        >
          <Text>{t('memberHome.meetingNone')}</Text>
        </Section>
      )}

      {h.tasks.length > 0 && (
        <Section id="home-tasks" title={t('memberHome.tasks')}>
          <ul className="plain-list">
            {h.tasks.map((task) => (
              <li key={task.id}>
                <Anchor component={Link} to={`/sinh-hoat/${task.meetingId}`} className="tap-row" underline="never">
                  <Text component="span" display="block" fw={700} c="dark.8">
                    {task.title}
                  </Text>
                  <Text component="span" display="block" c={task.overdue ? 'party.9' : 'dimmed'} fw={task.overdue ? 700 : 400}>
                    {task.dueDate
                      ? t(task.overdue ? 'memberHome.overdue' : 'memberHome.due', { date: formatDate(task.dueDate) })
                      : t('memberHome.noDue')}
                  </Text>
                  <Text component="span" display="block" c="dimmed">
                    {t('memberHome.fromMeeting', { date: formatDate(task.meetingStartsAt) })}
                  </Text>
                </Anchor>
              </li>
            ))}
          </ul>
        </Section>
      )}

      <Section
        id="home-docs"
        title={h.unreadDocuments > 0 ? t('memberHome.documentsUnread', { count: h.unreadDocuments }) : t('memberHome.documents')}
        more={{ to: '/thu-vien', label: t('memberHome.allDocuments') }}
      >
        {h.documents.length === 0 ? (
          <Text>{t('memberHome.noDocuments')}</Text>
        ) : (
          <ul className="plain-list">
            {h.documents.map((d) => (
              <ItemRow key={d.id} item={d} />
            ))}
          </ul>
        )}
      </Section>

      {h.news.length > 0 && (
        <Section
          id="home-news"
          title={h.unreadNews > 0 ? t('memberHome.newsUnread', { count: h.unreadNews }) : t('memberHome.news')}
          more={{ to: '/tin-tuc', label: t('memberHome.allNews') }}
        >
          <ul className="plain-list">
            {h.news.slice(0, 3).map((d) => (
              <ItemRow key={d.id} item={d} />
            ))}
          </ul>
        </Section>
      )}

      <Section
        id="home-notices"
        title={
          h.notifications.unread > 0
            ? t('memberHome.noticesUnread', { count: h.notifications.unread })
            : t('memberHome.notifications')
        }
        more={{ to: '/thong-bao', label: t('memberHome.allNotices') }}
      >
        {h.notifications.items.length === 0 ? (
          <Text>{t('memberHome.noNotices')}</Text>
        ) : (
          <ul className="plain-list">
            {h.notifications.items.map((n) => (
              <li key={n.id}>
                <Anchor component={Link} to={n.link ?? '/thong-bao'} className="tap-row" underline="never">
                  <Text component="span" display="block" fw={700} c="dark.8">
                    {n.title}
                  </Text>
                  <Text component="span" display="block" c="dimmed">
                    {formatDateTime(n.createdAt)}
                  </Text>
                </Anchor>
              </li>
            ))}
          </ul>
        )}
      </Section>

      {h.lastMeeting && (
        <Anchor component={Link} to={`/sinh-hoat/${h.lastMeeting.id}`} className="tap-row" fw={600}>
          {t('memberHome.lastMeeting', { date: when(h.lastMeeting.startsAt, i18n.language) })}
        </Anchor>
      )}
    </>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const q = useQuery({ queryKey: HOME_KEY, queryFn: () => api.get<Home>('/api/home'), staleTime: 0 });
  const nextId = q.data?.nextMeeting?.id ?? null;
  // Once home is known, keep the next meeting and bookmarked documents for offline reading (warm.ts).
  useEffect(() => {
    if (!q.isSuccess) return;
    const idle = window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 1500));
    idle(() => void warmOfflineCache(nextId));
  }, [q.isSuccess, nextId]);
  if (!me) return null;
  const staff = destinationsFor(me, 'staff');
  const unitNames = [...new Set(me.roles.map((r) => r.unitName))];

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('home.greeting', { name: me.displayName })}</Title>
        {unitNames.length > 0 && <Text c="dimmed">{unitNames.join(' · ')}</Text>}
      </div>
      <OutboxList />
      <SearchBox />
      {q.isPending && <PageLoader />}
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && <HomeContent h={q.data} />}

      {staff.length > 0 && (
        <Section id="home-staff" title={t('memberHome.staff')}>
          <DestinationList items={staff} labelledBy="home-staff" />
        </Section>
      )}

      <Paper withBorder p="sm">
        <LargeTextSwitch />
      </Paper>
      {me.memberId && (
        <Anchor component={Link} to="/the-dang-vien" className="tap-row" fw={600}>
          {t('memberHome.card')}
        </Anchor>
      )}
      {!isStandalone() && (
        <Anchor component={Link} to="/cai-dat-ung-dung" className="tap-row" fw={600}>
          {t('memberHome.install')}
        </Anchor>
      )}
    </Stack>
  );
}
