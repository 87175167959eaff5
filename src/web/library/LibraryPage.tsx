/**
 * The library and the news: search and filters live in the address (`?q=…&loai=NQ&coquan=TW&nam=2025`,
 * news `?muc=…`), so the search typed on home lands here with its results, and back, reload and a
 * shared link all show the same list. Typing replaces the address entry (no history step per letter).
 */
import { useEffect, useRef, useState } from 'react';
import { Anchor, Button, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client.ts';
import { PageLoader, QueryError } from '../ui/feedback.tsx';
import { useCodes, type Kind, type SearchHit } from './api.ts';
import { DocCard, LibrarySections } from './parts.tsx';

const PAGE = 20;
const MAX = 100;
const NEWS_CATEGORIES = ['international', 'national', 'provincial', 'local', 'policy'] as const;

/** Address parameters (Vietnamese words, as members may read and share the address). */
const P = { q: 'q', type: 'loai', issuer: 'coquan', year: 'nam', category: 'muc', shown: 'so' } as const;

/** Waits until typing pauses, so a search runs once per word rather than once per key. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

function Filters({ kind, params, set }: { kind: Kind; params: URLSearchParams; set: (key: string, value: string) => void }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const years = Array.from({ length: 15 }, (_, i) => String(new Date().getFullYear() - i));
  const active =
    kind === 'news' ? !!params.get(P.category) : !!(params.get(P.type) || params.get(P.issuer) || params.get(P.year));
  const [open, setOpen] = useState(active);
  const select = (key: string, label: string, all: string, data: Array<{ value: string; label: string }>) => (
    <NativeSelect
      label={label}
      value={params.get(key) ?? ''}
      onChange={(e) => set(key, e.currentTarget.value)}
      data={[{ value: '', label: all }, ...data]}
    />
  );
  return (
    <details className="filters" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{active ? t('library.filtersActive') : t('library.filters')}</summary>
      <Stack gap="sm" pt="xs">
        {kind === 'news'
          ? select(
              P.category,
              t('library.category'),
              t('library.all'),
              NEWS_CATEGORIES.map((c) => ({ value: c, label: t(`library.categories.${c}`) })),
            )
          : [
              select(
                P.type,
                t('library.type'),
                t('library.allTypes'),
                (codes.data?.types ?? []).map((c) => ({ value: c.code, label: `${c.name} (${c.code})` })),
              ),
              select(
                P.issuer,
                t('library.issuer'),
                t('library.allIssuers'),
                (codes.data?.issuers ?? []).map((c) => ({ value: c.code, label: `${c.name} (${c.code})` })),
              ),
              select(
                P.year,
                t('library.year'),
                t('library.allYears'),
                years.map((y) => ({ value: y, label: y })),
              ),
            ].map((el, i) => <div key={i}>{el}</div>)}
      </Stack>
    </details>
  );
}

export default function LibraryPage({ kind = 'document' }: { kind?: Kind }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const urlQ = params.get(P.q) ?? '';
  const [q, setQ] = useState(urlQ);
  // What this page last wrote to the address: any other change (back, a link from home) is taken in.
  const written = useRef(urlQ);
  useEffect(() => {
    if (urlQ !== written.current) {
      written.current = urlQ;
      setQ(urlQ);
    }
  }, [urlQ]);
  const typed = useDebounced(q.trim(), 300);

  const update = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );
  useEffect(() => {
    if (typed === urlQ.trim()) return;
    written.current = typed;
    update({ [P.q]: typed, [P.shown]: null });
    // Only a pause in typing writes the address (`update` and `urlQ` change with every render).
  }, [typed]);

  const query = urlQ.trim();
  const type = kind === 'document' ? params.get(P.type) : null;
  const issuer = kind === 'document' ? params.get(P.issuer) : null;
  const year = kind === 'document' ? params.get(P.year) : null;
  const category = kind === 'news' ? params.get(P.category) : null;
  const limit = Math.min(MAX, Math.max(PAGE, Number(params.get(P.shown)) || PAGE));
  const results = useQuery({
    queryKey: ['library', 'search', kind, query, type, issuer, year, category, limit],
    queryFn: () =>
      api.get<{ items: SearchHit[]; total: number; totalCapped: boolean; tookMs: number }>(
        withQuery('/api/library/search', { q: query, kind, type, issuer, year, category, limit }),
      ),
    placeholderData: keepPreviousData,
  });

  return (
    <Stack gap="md">
      <Title order={1}>{kind === 'news' ? t('library.newsTitle') : t('library.title')}</Title>
      <LibrarySections current={kind === 'news' ? 'news' : 'documents'} />
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <TextInput
          label={kind === 'news' ? t('library.searchNewsLabel') : t('library.searchLabel')}
          description={kind === 'news' ? undefined : t('library.searchHint')}
          type="search"
          enterKeyHint="search"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          autoComplete="off"
        />
      </form>
      <Filters kind={kind} params={params} set={(key, value) => update({ [key]: value, [P.shown]: null })} />
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
          {results.data.items.length === 0 && (
            <Stack gap="xs">
              <Text>{query ? t('library.noResults') : t('library.empty')}</Text>
              {(query || type || issuer || year || category) && (
                <Anchor component={Link} to={kind === 'news' ? '/tin-tuc' : '/thu-vien'} className="more-link">
                  {t('library.clear')}
                </Anchor>
              )}
            </Stack>
          )}
          <Stack gap="sm">
            {results.data.items.map((d) => (
              <DocCard key={d.id} doc={d} snippet={d.snippet} />
            ))}
          </Stack>
          {(results.data.totalCapped || results.data.total > results.data.items.length) && limit < MAX && (
            <Group>
              <Button variant="default" onClick={() => update({ [P.shown]: String(limit + PAGE) })} loading={results.isFetching}>
                {t('library.more')}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}

export function NewsPage() {
  return <LibraryPage kind="news" />;
}
