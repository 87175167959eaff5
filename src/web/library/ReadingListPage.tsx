import { Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { PageLoader, QueryError } from '../ui/feedback.tsx';
import type { DocSummary } from './api.ts';
import { DocCard, LibrarySections } from './parts.tsx';

/** "Xem sau" (bookmarks) or the reading history. */
export default function ReadingListPage({ which }: { which: 'bookmarks' | 'history' }) {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['library', which],
    queryFn: () => api.get<{ items: Array<DocSummary & { at: string }> }>(`/api/library/${which}`),
  });
  return (
    <Stack gap="md">
      <Title order={1}>{which === 'bookmarks' ? t('library.bookmarks') : t('library.history')}</Title>
      <LibrarySections current={which} />
      {list.isPending && <PageLoader />}
      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      {list.data?.items.length === 0 && <Text>{which === 'bookmarks' ? t('library.noBookmarks') : t('library.noHistory')}</Text>}
      <Stack gap="sm">
        {list.data?.items.map((d) => (
          <DocCard key={d.id} doc={d} />
        ))}
      </Stack>
    </Stack>
  );
}

export function BookmarksPage() {
  return <ReadingListPage which="bookmarks" />;
}
export function HistoryPage() {
  return <ReadingListPage which="history" />;
}
