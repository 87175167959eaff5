import { Alert, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { formatDateTime } from '../i18n/index.ts';
import { PageLoader, QueryError } from '../ui/feedback.tsx';
import { meetingKeys } from './api.ts';

interface Qr {
  open: boolean;
  code: string | null;
  qrSvg: string | null;
  secondsLeft: number;
  opensAt: string;
  closesAt: string;
}

/** The secretary's screen: a QR (and its 6 digits) that the server changes every 30 seconds. */
export default function QrScreenPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const qr = useQuery({
    queryKey: meetingKeys.sub(id, 'qr'),
    queryFn: () => api.get<Qr>(`/api/meetings/${id}/qr`),
    refetchInterval: 5_000,
    staleTime: 0,
  });
  if (qr.isPending) return <PageLoader />;
  if (qr.isError) return <QueryError error={qr.error} onRetry={() => void qr.refetch()} />;
  const q = qr.data;
  return (
    <Stack align="center">
      <Title order={1}>{t('meetings.qrScreen')}</Title>
      {!q.open || !q.qrSvg ? (
        <Alert color="yellow">
          {t('meetings.qrClosed', { from: formatDateTime(q.opensAt), to: formatDateTime(q.closesAt) })}
        </Alert>
      ) : (
        <>
          {/* The SVG comes from our own server's QR encoder, not from user input. */}
          <div className="qr" role="img" aria-label={t('meetings.qrScreen')} dangerouslySetInnerHTML={{ __html: q.qrSvg }} />
          <Text fz={40} fw={800} ff="monospace" aria-label={t('meetings.f.code')}>
            {q.code}
          </Text>
          <Text c="dimmed">{t('meetings.qrChanges', { s: q.secondsLeft })}</Text>
        </>
      )}
    </Stack>
  );
}
