/**
 * The unit's static pages: history and traditions, and help pages (install guides with pictures
 * and MP4 video, which the page view plays inline; the file route answers HTTP range requests so a
 * phone can seek). They are library items of kind "page", so the same targeting decides who sees
 * them. The section is in the address (`?loai=huong-dan`), so "Hướng dẫn sử dụng" links straight to it.
 */
import { Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client.ts';
import { PageLoader, QueryError } from '../ui/feedback.tsx';
import type { DocSummary } from './api.ts';
import { DocCard, LibrarySections } from './parts.tsx';

const SECTIONS = [
  { param: 'lich-su', category: 'history' },
  { param: 'huong-dan', category: 'help' },
] as const;

export default function UnitPagesPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const section = SECTIONS.find((s) => s.param === params.get('loai')) ?? SECTIONS[0];
  const pages = useQuery({
    queryKey: ['library', 'pages', section.category],
    queryFn: () =>
      api.get<{ items: DocSummary[]; total: number }>(
        withQuery('/api/library', { kind: 'page', category: section.category, limit: 100 }),
      ),
  });
  return (
    <Stack gap="md">
      <Title order={1}>{t('library.pagesTitle')}</Title>
      <LibrarySections current="pages" />
      <nav aria-label={t('library.pagesSections')} className="chip-row">
        {SECTIONS.map((s) => (
          <Link
            key={s.param}
            to={`/trang-don-vi?loai=${s.param}`}
            replace
            className="chip-link"
            aria-current={s === section ? 'page' : undefined}
          >
            {t(`library.categories.${s.category}`)}
          </Link>
        ))}
      </nav>
      <Text c="dimmed">{section.category === 'help' ? t('library.pagesHelpIntro') : t('library.pagesHistoryIntro')}</Text>
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
