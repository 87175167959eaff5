/** Staff: questions waiting in my units, the longest-waiting first, and the wait per unit. */
import { useState } from 'react';
import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { PageLoader, QueryError } from '../ui/feedback.tsx';
import { FeedbackRow } from './FeedbackPage.tsx';
import type { FeedbackItem } from './types.ts';

export default function InboxPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<'waiting' | 'all'>('waiting');
  const inbox = useQuery({
    queryKey: ['feedback', 'inbox', filter],
    queryFn: () => api.get<{ items: FeedbackItem[] }>(`/api/feedback/inbox?filter=${filter}`),
  });
  const waiting = useQuery({
    queryKey: ['feedback', 'inbox', 'waiting-units'],
    queryFn: () =>
      api.get<{ items: Array<{ unitId: string; unitName: string; waiting: number; oldestWaitHours: number }> }>(
        '/api/feedback/waiting',
      ),
  });
  const wait = (h: number) => (h >= 48 ? t('feedback.days', { count: Math.floor(h / 24) }) : t('feedback.hours', { count: h }));
  return (
    <Stack gap="lg">
      <Title order={1}>{t('feedback.inboxTitle')}</Title>
      {waiting.data && waiting.data.items.length > 0 && (
        <Paper withBorder p="md">
          <Title order={2} size="h3" mb="xs">
            {t('feedback.waitingTitle')}
          </Title>
          <ul className="plain-list">
            {waiting.data.items.map((w) => (
              <li key={w.unitId}>
                <Text>{t('feedback.waitingRow', { unit: w.unitName, count: w.waiting, wait: wait(w.oldestWaitHours) })}</Text>
              </li>
            ))}
          </ul>
        </Paper>
      )}
      <Button variant="outline" onClick={() => setFilter(filter === 'waiting' ? 'all' : 'waiting')}>
        {filter === 'waiting' ? t('feedback.showAll') : t('feedback.showWaiting')}
      </Button>
      {inbox.isPending && <PageLoader />}
      {inbox.error && <QueryError error={inbox.error} onRetry={() => void inbox.refetch()} />}
      {inbox.data?.items.length === 0 && <Text>{t('feedback.inboxEmpty')}</Text>}
      <ul className="plain-list">
        {inbox.data?.items.map((i) => (
          <li key={i.id}>
            <FeedbackRow item={i} showAuthor />
          </li>
        ))}
      </ul>
    </Stack>
  );
}
