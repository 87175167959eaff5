import { useEffect, useState } from 'react';
import { Anchor, Button, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client.ts';
import { PageLoader, QueryError } from '../ui/feedback.tsx';
import { useCodes, type Kind, type SearchHit } from './api.ts';
import { DocCard } from './parts.tsx';
import { vnParts } from '../../common/time/vietnam.ts';

const LIMIT = 20;

/** Waits until typing pauses, so a search runs once per word rather than once per key. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

export default function LibraryPage({ kind = 'document' }: { kind?: Kind }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [type, setType] = useState<string | null>(null);
  const [year, setYear] = useState<string | null>(null);
  const [limit, setLimit] = useState(LIMIT);
  const query = useDebounced(q, 250);
  const codes = useCodes();
  const results = useQuery({
    queryKey: ['library', 'search', kind, query, type, year, limit],
    queryFn: () =>
      api.get<{ items: SearchHit[]; total: number; totalCapped: boolean; tookMs: number }>(
        withQuery('/api/library/search', { q: query, kind, type, year, limit }),
      ),
    placeholderData: keepPreviousData,
  });
  const years = Array.from({ length: 12 }, (_, i) => String(vnParts(Date.now()).year - i));

  return (
    <Stack gap="md">
      <Title order={1}>{kind === 'news' ? t('library.newsTitle') : t('library.title')}</Title>
      <Group gap="xs">
        <Anchor component={Link} to="/thu-vien" className="tap-link">
          {t('library.tabDocuments')}
        </Anchor>
        <Anchor component={Link} to="/tin-tuc" className="tap-link">
          {t('library.tabNews')}
        </Anchor>
        <Anchor component={Link} to="/trang-don-vi" className="tap-link">
          {t('library.tabPages')}
        </Anchor>
        <Anchor component={Link} to="/thu-vien/xem-sau" className="tap-link">
          {t('library.bookmarks')}
        </Anchor>
        <Anchor component={Link} to="/thu-vien/lich-su" className="tap-link">
          {t('library.history')}
        </Anchor>
      </Group>
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <TextInput
          label={t('library.searchLabel')}
          description={t('library.searchHint')}
          type="search"
          size="lg"
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setLimit(LIMIT);
          }}
          autoComplete="off"
        />
      </form>
      {kind === 'document' && (
        <Group grow>
          <Select
            label={t('library.type')}
            placeholder={t('library.allTypes')}
            data={(codes.data?.types ?? []).map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }))}
            value={type}
            onChange={setType}
            clearable
            size="md"
          />
          <Select label={t('library.year')} data={years} value={year} onChange={setYear} clearable size="md" />
        </Group>
      )}
      {results.isPending && <PageLoader />}
      {results.isError && <QueryError error={results.error} onRetry={() => void results.refetch()} />}
      {results.data && (
        <>
          <Text c="dimmed" aria-live="polite">
            {t(`library.${query ? 'found' : 'total'}${results.data.totalCapped ? 'More' : ''}`, {
              count: results.data.total,
              ms: results.data.tookMs,
            })}
          </Text>
          {results.data.items.length === 0 && <Text>{query ? t('library.noResults') : t('library.empty')}</Text>}
          <Stack gap="sm">
            {results.data.items.map((d) => (
              <DocCard key={d.id} doc={d} snippet={d.snippet} />
            ))}
          </Stack>
          {(results.data.totalCapped || results.data.total > results.data.items.length) && (
            <Button variant="default" size="md" onClick={() => setLimit((l) => Math.min(100, l + LIMIT))} disabled={limit >= 100}>
              {t('library.more')}
            </Button>
          )}
        </>
      )}
    </Stack>
  );
}

export function NewsPage() {
  return <LibraryPage kind="news" />;
}
