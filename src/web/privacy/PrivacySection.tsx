/**
 * On the member's own record page: who has seen the record ("Ai đã xem hồ sơ của tôi") and the
 * download of all their data (PDF for people, JSON for machines). Downloads are plain links: a GET
 * with the session cookie, saved by the browser under the server's file name.
 */
import { useState } from 'react';
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { formatDateTime } from '../i18n/index.ts';
import { QueryError } from '../ui/feedback.tsx';

interface AccessEntry {
  at: string;
  kind: 'view' | 'export' | 'import';
  actorName: string;
  role: string | null;
  unitName: string | null;
}

const PAGE = 20;

function AccessLog() {
  const { t } = useTranslation();
  const [limit, setLimit] = useState(PAGE);
  const log = useQuery({
    queryKey: ['me', 'privacy', 'access-log', limit],
    queryFn: () => api.get<{ items: AccessEntry[]; total: number }>(`/api/me/privacy/access-log?limit=${limit}`),
  });
  if (log.isError) return <QueryError error={log.error} onRetry={() => void log.refetch()} />;
  const items = log.data?.items ?? [];
  return (
    <Stack gap="xs">
      <Text c="dimmed">{t('privacy.accessLogIntro')}</Text>
      {log.data && items.length === 0 && <Text>{t('privacy.accessLogEmpty')}</Text>}
      <ul style={{ paddingLeft: '1.2em', margin: 0 }}>
        {items.map((e, i) => (
          <li key={`${e.at}-${i}`} style={{ marginBottom: 8 }}>
            <Text fw={600} span>
              {e.actorName}
            </Text>
            <Text
              span
            >{` — ${e.role ? t(`privacy.roles.${e.role}`, { defaultValue: e.role }) : t('privacy.unknownRole')}${e.unitName ? `, ${e.unitName}` : ''}`}</Text>
            <Text size="sm" c="dimmed">
              {formatDateTime(e.at)} · {t(`privacy.kinds.${e.kind}`)}
            </Text>
          </li>
        ))}
      </ul>
      {log.data && log.data.total > items.length && (
        <Button variant="subtle" size="md" onClick={() => setLimit((n) => Math.min(200, n + PAGE))} disabled={limit >= 200}>
          {t('privacy.more')}
        </Button>
      )}
    </Stack>
  );
}

export function MyPrivacySection() {
  const { t } = useTranslation();
  return (
    <>
      <Paper withBorder p="md" component="section" aria-labelledby="privacy-access-log">
        <Title order={2} size="h3" id="privacy-access-log" mb="xs">
          {t('privacy.accessLogTitle')}
        </Title>
        <AccessLog />
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="privacy-download">
        <Stack gap="xs">
          <Title order={2} size="h3" id="privacy-download">
            {t('privacy.downloadTitle')}
          </Title>
          <Text c="dimmed">{t('privacy.downloadIntro')}</Text>
          <Group grow preventGrowOverflow={false} wrap="wrap">
            <Button component="a" href="/api/me/privacy/data.pdf" download size="md">
              {t('privacy.downloadPdf')}
            </Button>
            <Button component="a" href="/api/me/privacy/data.json" download size="md" variant="light">
              {t('privacy.downloadJson')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </>
  );
}
