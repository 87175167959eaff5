/** Small shared pieces of the library pages. */
import { Anchor, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../i18n/index.ts';
import type { DocSummary, SnippetPart } from './api.ts';

export function Snippet({ parts }: { parts: SnippetPart[] }) {
  if (parts.length === 0) return null;
  return (
    <Text fz="md" c="dark.6">
      {parts.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </Text>
  );
}

export function StatusBadge({ doc }: { doc: Pick<DocSummary, 'status' | 'publishAt'> }) {
  const { t } = useTranslation();
  const scheduled = doc.status === 'published' && doc.publishAt && new Date(doc.publishAt) > new Date();
  const color = doc.status === 'published' ? 'green' : doc.status === 'submitted' ? 'orange' : 'gray';
  // Even the darkest orange fails WCAG contrast on its own light tint: dark text, coloured tint.
  return (
    <Badge color={color} c="dark.7" variant="light" size="lg">
      {scheduled ? t('library.scheduled', { at: formatDateTime(doc.publishAt) }) : t(`library.status.${doc.status}`)}
    </Badge>
  );
}

/** One item of a list: a large tap target with symbol, title, date and an optional snippet. */
export function DocCard({
  doc,
  snippet,
  to,
  showStatus,
}: {
  doc: DocSummary;
  snippet?: SnippetPart[];
  to?: string;
  showStatus?: boolean;
}) {
  const { t } = useTranslation();
  const date = doc.issueDate ? formatDate(doc.issueDate) : formatDate(doc.publishAt);
  return (
    <Paper withBorder p="sm" radius="md" component="article">
      <Stack gap={4}>
        <Group gap="xs" wrap="wrap">
          {doc.symbol && (
            <Badge variant="outline" size="lg">
              {doc.symbol}
            </Badge>
          )}
          {doc.kind !== 'document' && doc.category && <Badge variant="light">{t(`library.categories.${doc.category}`)}</Badge>}
          {showStatus && <StatusBadge doc={doc} />}
          {doc.textStatus === 'no_text_layer' && (
            <Badge color="yellow" c="dark.7" variant="light">
              {t('library.scanned')}
            </Badge>
          )}
        </Group>
        <Anchor component={Link} to={to ?? `/thu-vien/${doc.id}`} fz="lg" fw={600} className="tap-link">
          {doc.title}
        </Anchor>
        <Text fz="sm" c="dimmed">
          {[doc.typeName, doc.issuerName, date].filter(Boolean).join(' · ')}
        </Text>
        {snippet && <Snippet parts={snippet} />}
      </Stack>
    </Paper>
  );
}

/** The library's sections as a row of large chips (they wrap on a narrow phone). */
export function LibrarySections({ current }: { current: 'documents' | 'news' | 'pages' | 'bookmarks' | 'history' }) {
  const { t } = useTranslation();
  const links = [
    { key: 'documents', to: '/thu-vien', label: t('library.tabDocuments') },
    { key: 'news', to: '/tin-tuc', label: t('library.tabNews') },
    { key: 'pages', to: '/trang-don-vi', label: t('library.tabPages') },
    { key: 'bookmarks', to: '/thu-vien/xem-sau', label: t('library.bookmarks') },
    { key: 'history', to: '/thu-vien/lich-su', label: t('library.history') },
  ] as const;
  return (
    <nav aria-label={t('library.sections')} className="chip-row">
      {links.map((l) => (
        <Link key={l.key} to={l.to} className="chip-link" aria-current={l.key === current ? 'page' : undefined}>
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
