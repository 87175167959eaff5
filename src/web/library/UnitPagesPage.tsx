/**
 * The unit's static pages: history and traditions, and help pages (install guides with MP4 video,
 * which the page view plays inline; the file route answers HTTP range requests so a phone can seek).
 * They are library items of kind "page", so the same targeting decides who sees them.
 */
import { useState } from 'react';
import { SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client.ts';
import { PageLoader, QueryError } from '../ui/feedback.tsx';
import type { DocSummary } from './api.ts';
import { DocCard } from './parts.tsx';

type PageCategory = 'history' | 'help';

export default function UnitPagesPage() {
  const { t } = useTranslation();
  const [category, setCategory] = useState<PageCategory>('history');
  const pages = useQuery({
    queryKey: ['library', 'pages', category],
    queryFn: () =>
      api.get<{ items: DocSummary[]; total: number }>(withQuery('/api/library', { kind: 'page', category, limit: 100 })),
  });
  return (
    <Stack>
      <Title order={1}>{t('library.pagesTitle')}</Title>
      <SegmentedControl
        value={category}
        onChange={(v) => setCategory(v as PageCategory)}
        data={[
          { value: 'history', label: t('library.categories.history') },
          { value: 'help', label: t('library.categories.help') },
        ]}
        fullWidth
        size="md"
      />
      <Text c="dimmed">{category === 'help' ? t('library.pagesHelpIntro') : t('library.pagesHistoryIntro')}</Text>
      {pages.isPending && <PageLoader />}
      {pages.isError && <QueryError error={pages.error} onRetry={() => void pages.refetch()} />}
      {pages.data?.items.length === 0 && <Text>{t('library.pagesEmpty')}</Text>}
      <Stack gap="sm">
        {pages.data?.items.map((p) => (
          <DocCard key={p.id} doc={p} snippet={p.summary ? [{ text: p.summary, mark: false }] : undefined} />
        ))}
      </Stack>
    </Stack>
  );
}
