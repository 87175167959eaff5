import { useState } from 'react';
import { Button, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client.ts';
import { PageLoader, QueryError } from '../ui/feedback.tsx';
import { useAbilities, type DocStatus, type DocSummary } from './api.ts';
import { DocCard } from './parts.tsx';

/** The editorial board's list; approvers start on the queue of items awaiting approval. */
export default function EditorialPage() {
  const { t } = useTranslation();
  const abilities = useAbilities();
  const [status, setStatus] = useState<DocStatus | 'all' | null>(null);
  const current = status ?? (abilities.data?.approve ? 'submitted' : 'all');
  const list = useQuery({
    queryKey: ['library', 'editorial', current],
    queryFn: () =>
      api.get<{ items: DocSummary[]; total: number }>(
        withQuery('/api/library/editorial', { status: current === 'all' ? undefined : current }),
      ),
    enabled: !!abilities.data,
  });
  if (abilities.isPending) return <PageLoader />;
  return (
    <Stack>
      <Title order={1}>{t('library.editorialTitle')}</Title>
      <Group gap="xs">
        <Button component={Link} to="/bien-tap/moi" size="md">
          {t('library.newDocument')}
        </Button>
        <Button component={Link} to="/bien-tap/moi?kind=news" size="md" variant="default">
          {t('library.newNews')}
        </Button>
        <Button component={Link} to="/bien-tap/moi?kind=page" size="md" variant="default">
          {t('library.newPage')}
        </Button>
        <Button component={Link} to="/bien-tap/danh-muc" size="md" variant="subtle">
          {t('library.codesLink')}
        </Button>
      </Group>
      <SegmentedControl
        value={current}
        onChange={(v) => setStatus(v as DocStatus | 'all')}
        data={[
          { value: 'all', label: t('library.all') },
          { value: 'draft', label: t('library.status.draft') },
          { value: 'submitted', label: t('library.queue') },
          { value: 'published', label: t('library.status.published') },
        ]}
        fullWidth
        size="md"
      />
      {list.isPending && <PageLoader />}
      {list.isError && <QueryError error={list.error} />}
      {list.data?.items.length === 0 && <Text>{t('library.empty')}</Text>}
      {list.data?.items.map((d) => (
        <DocCard key={d.id} doc={d} showStatus />
      ))}
    </Stack>
  );
}
