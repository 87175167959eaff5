/**
 * The member's home: the four things members do most, one tap away (next meeting, new documents,
 * search, my card), then notifications, questions, settings and installing the app; staff see
 * their management tasks below. Kept light: it is part of the first load on a slow phone.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useMe } from '../auth/useMe.ts';
import { formatDateTime } from '../i18n/index.ts';
import { DisplayToggles } from '../settings/DisplayToggles.tsx';
import { OutboxList } from '../pwa/OutboxList.tsx';
import { warmOfflineCache } from '../pwa/warm.ts';
import { destinationsFor } from '../layout/nav.ts';
import { DestinationList } from '../layout/counts.tsx';

interface MineMeetings {
  items: Array<{ id: string; topic: string; startsAt: string; place: string; cellName: string }>;
}

/** The meetings area may not be deployed yet: no answer is simply "no meeting to show". */
async function nextMeetings(): Promise<MineMeetings> {
  try {
    return await api.get<MineMeetings>('/api/meetings/mine');
  } catch {
    return { items: [] };
  }
}

function Tile({ to, title, desc, testId }: { to: string; title: string; desc: string; testId?: string }) {
  return (
    <Anchor component={Link} to={to} className="tap-row home-tile" data-testid={testId} underline="never">
      <Text component="span" display="block" fz="xl" fw={700} c="party.9">
        {title}
      </Text>
      <Text component="span" display="block" c="dark.7">
        {desc}
      </Text>
    </Anchor>
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
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          style={{ flex: 1 }}
          label={t('memberHome.searchLabel')}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          type="search"
          enterKeyHint="search"
        />
        <Button type="submit">{t('memberHome.searchButton')}</Button>
      </Group>
    </form>
  );
}

/**
 * The next meeting's tile; it also starts keeping that meeting for offline reading (warm.ts).
 * Its own component so the answer redraws the tile, not the whole home page, on a slow phone.
 */
function NextMeetingTile() {
  const { t } = useTranslation();
  const meetings = useQuery({ queryKey: ['meetings', 'mine'], queryFn: nextMeetings, staleTime: 60_000 });
  const next = meetings.data?.items[0];
  useEffect(() => {
    if (!meetings.isSuccess) return;
    const idle = window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 1500));
    idle(() => void warmOfflineCache(next?.id ?? null));
  }, [meetings.isSuccess, next?.id]);
  return (
    <Tile
      to={next ? `/sinh-hoat/${next.id}` : '/sinh-hoat'}
      testId="tile-meeting"
      title={t('memberHome.meeting')}
      desc={next ? `${formatDateTime(next.startsAt)} · ${next.topic || next.cellName}` : t('memberHome.meetingNone')}
    />
  );
}

/** The notification centre's row with the unread count (its own component, like the tile above). */
function NotificationsRow() {
  const { t } = useTranslation();
  const unread = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => api.get<{ unread: number }>('/api/notifications/unread'),
    retry: false,
  });
  const unreadCount = unread.data?.unread ?? 0;
  return (
    <Anchor component={Link} to="/thong-bao" className="tap-row" fz="lg" fw={600}>
      <Group justify="space-between" component="span">
        <span>{t('memberHome.notifications')}</span>
        {unreadCount > 0 && (
          <Badge color="party.8" size="lg" component="span">
            {t('memberHome.unread', { count: unreadCount })}
          </Badge>
        )}
      </Group>
    </Anchor>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe().data;
  if (!me) return null;

  const staffTasks = destinationsFor(me, 'staff');
  const unitNames = [...new Set(me.roles.map((r) => r.unitName))];

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('home.greeting', { name: me.displayName })}</Title>
        {unitNames.length > 0 && <Text c="dimmed">{unitNames.join(' · ')}</Text>}
      </div>

      <OutboxList />

      <section aria-labelledby="home-quick">
        <Title order={2} size="h3" id="home-quick" mb="xs">
          {t('memberHome.quick')}
        </Title>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <NextMeetingTile />
          <Tile to="/thu-vien" testId="tile-documents" title={t('memberHome.documents')} desc={t('memberHome.documentsDesc')} />
          <Tile to="/the-dang-vien" testId="tile-card" title={t('memberHome.card')} desc={t('memberHome.cardDesc')} />
          <Paper withBorder p="sm">
            <SearchBox />
          </Paper>
        </SimpleGrid>
      </section>

      <section aria-labelledby="home-more">
        <Title order={2} size="h3" id="home-more" mb="xs">
          {t('memberHome.more')}
        </Title>
        <Stack gap="xs">
          <NotificationsRow />
          {me.memberId && (
            <Anchor component={Link} to="/hoi-dap" className="tap-row" fz="lg" fw={600}>
              {t('memberHome.questions')}
            </Anchor>
          )}
          <Anchor component={Link} to="/cai-dat-ung-dung" className="tap-row" fz="lg" fw={600}>
            {t('memberHome.install')}
          </Anchor>
          <Paper withBorder p="sm">
            <DisplayToggles />
          </Paper>
        </Stack>
      </section>

      {staffTasks.length > 0 && (
        <section aria-labelledby="home-staff">
          <Title order={2} size="h3" id="home-staff" mb="xs">
            {t('memberHome.staff')}
          </Title>
          <DestinationList items={staffTasks} labelledBy="home-staff" />
        </section>
      )}
    </Stack>
  );
}
