import { useState } from 'react';
import { Anchor, Badge, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client.ts';
import { formatDateTime } from '../i18n/index.ts';
import { ErrorText, PageLoader, QueryError } from '../ui/feedback.tsx';
import { meetingKeys, type MeetingListItem, type Mine, type PastItem } from './api.ts';
import { useMe } from '../auth/useMe.ts';

export function MeetingRow({ m, showRating = true }: { m: MeetingListItem; showRating?: boolean }) {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to={`/sinh-hoat/${m.id}`} className="tap-row">
      <Text fw={700}>
        {t(`meetings.kind.${m.kind}`)} · {m.cellName}
      </Text>
      <Text>
        {formatDateTime(m.startsAt)} · {m.place}
      </Text>
      {m.topic && <Text c="dimmed">{m.topic}</Text>}
      <Group gap={6} mt={4}>
        <Badge variant="outline" color="dark">
          {t(`meetings.status.${m.status}`)}
        </Badge>
        {m.rsvp && (
          <Badge variant="outline" color="dark">
            {t(`meetings.rsvp.${m.rsvp}`)}
          </Badge>
        )}
        {m.registeredLate && (
          <Badge variant="outline" color="party">
            {t('meetings.flags.registeredLate')}
          </Badge>
        )}
        {showRating && m.rating && (
          <Badge variant="outline" color="dark">
            {t(`meetings.rating.${m.rating}`)}
          </Badge>
        )}
      </Group>
    </Anchor>
  );
}

function CellMeetings({ cellId, name }: { cellId: string; name: string }) {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['meetings', 'cell', cellId],
    queryFn: () => api.get<{ items: MeetingListItem[] }>(withQuery('/api/meetings', { cellId, limit: 6 })),
  });
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={3} size="h4">
          {name}
        </Title>
        <Button component={Link} to={`/sinh-hoat/dang-ky?cellId=${encodeURIComponent(cellId)}`} size="md">
          {t('meetings.register')}
        </Button>
      </Group>
      {list.isError && <ErrorText error={list.error} />}
      <ul className="plain-list">
        {list.data?.items.map((m) => (
          <li key={m.id}>
            <MeetingRow m={m} />
          </li>
        ))}
      </ul>
    </Stack>
  );
}

/** A past meeting in the member's list: when, what, and my part in it (no grade: that is the committee's). */
function PastRow({ m }: { m: PastItem }) {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to={`/sinh-hoat/${m.id}`} className="tap-row" underline="never">
      <Text fw={700} c="dark.8">
        {formatDateTime(m.startsAt)} · {m.topic || t(`meetings.kind.${m.kind}`)}
      </Text>
      <Text c="dark.8">{m.status === 'finalized' ? t('memberMeetings.finalized') : t('memberMeetings.ended')}</Text>
      <Text c="dimmed">
        {[
          m.attendance ? t(`meetings.att.${m.attendance}`) : null,
          m.myTasks > 0 ? t('memberMeetings.tasksCount', { count: m.myTasks }) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Text>
    </Anchor>
  );
}

function CalendarLink() {
  const { t } = useTranslation();
  const link = useMutation({ mutationFn: () => api.post<{ url: string }>('/api/meetings/calendar-link') });
  return (
    <Stack gap="xs">
      <Button variant="default" onClick={() => link.mutate()} loading={link.isPending}>
        {t('meetings.calendar')}
      </Button>
      <ErrorText error={link.error} />
      {link.data && (
        <TextInput label={t('meetings.calendarLink')} readOnly value={link.data.url} onFocus={(e) => e.currentTarget.select()} />
      )}
    </Stack>
  );
}

export default function MeetingsHomePage() {
  const { t } = useTranslation();
  const mine = useQuery({ queryKey: meetingKeys.mine, queryFn: () => api.get<Mine>('/api/meetings/mine') });
  const me = useMe();
  const [showCal, setShowCal] = useState(false);
  if (mine.isPending) return <PageLoader />;
  if (mine.isError) return <QueryError error={mine.error} onRetry={() => void mine.refetch()} />;
  const d = mine.data;
  return (
    <Stack gap="lg">
      <Title order={1}>{t('meetings.title')}</Title>
      <section aria-labelledby="mt-up">
        <Title order={2} size="h3" id="mt-up" mb="xs">
          {t('meetings.upcoming')}
        </Title>
        {d.items.length === 0 ? (
          <Text>{t('meetings.noUpcoming')}</Text>
        ) : (
          <ul className="plain-list">
            {d.items.map((m) => (
              <li key={m.id}>
                <MeetingRow m={m} showRating={false} />
              </li>
            ))}
          </ul>
        )}
        {showCal ? (
          <CalendarLink />
        ) : (
          <Button variant="subtle" mt="xs" onClick={() => setShowCal(true)}>
            {t('meetings.calendar')}
          </Button>
        )}
      </section>
      {(d.past.length > 0 || d.items.length > 0) && (
        <section aria-labelledby="mt-past">
          <Title order={2} size="h3" id="mt-past" mb="xs">
            {t('memberMeetings.past')}
          </Title>
          {d.past.length === 0 ? (
            <Text>{t('memberMeetings.noPast')}</Text>
          ) : (
            <ul className="plain-list">
              {d.past.map((m) => (
                <li key={m.id}>
                  <PastRow m={m} />
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {d.manageUnits.length > 0 && (
        <section aria-labelledby="mt-cells">
          <Title order={2} size="h3" id="mt-cells" mb="xs">
            {t('meetings.myCells')}
          </Title>
          <Stack>
            {d.manageUnits.map((u) => (
              <CellMeetings key={u.id} cellId={u.id} name={u.name} />
            ))}
            <Anchor
              component={Link}
              to={`/sinh-hoat/vang-mat?unitId=${encodeURIComponent(d.manageUnits[0]!.id)}`}
              className="tap-row"
            >
              {t('meetings.links.absences')}
            </Anchor>
          </Stack>
        </section>
      )}
      {d.monitorUnits.length > 0 && (
        <section aria-labelledby="mt-mon">
          <Title order={2} size="h3" id="mt-mon" mb="xs">
            {t('meetings.monitor')}
          </Title>
          <ul className="plain-list">
            {d.monitorUnits.map((u) => (
              <li key={u.id}>
                <Anchor component={Link} to={`/sinh-hoat/theo-doi?unitId=${encodeURIComponent(u.id)}`} className="tap-row">
                  {u.name}
                </Anchor>
              </li>
            ))}
            <li>
              <Anchor
                component={Link}
                to={`/sinh-hoat/huong-dan?unitId=${encodeURIComponent(d.monitorUnits[0]!.id)}`}
                className="tap-row"
              >
                {t('meetings.links.guidance')}
              </Anchor>
            </li>
            <li>
              <Anchor
                component={Link}
                to={`/sinh-hoat/vang-mat?unitId=${encodeURIComponent(d.monitorUnits[0]!.id)}`}
                className="tap-row"
              >
                {t('meetings.links.absences')}
              </Anchor>
            </li>
          </ul>
        </section>
      )}
      {me.data?.abilities.holds.includes('meetings.configure') && (
        <Anchor component={Link} to="/sinh-hoat/cai-dat" className="tap-row">
          {t('meetings.links.settings')}
        </Anchor>
      )}
    </Stack>
  );
}
