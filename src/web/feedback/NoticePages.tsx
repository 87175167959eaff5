/** Committee notices: a member reads one; staff send one to a unit and see read counts. */
import { useState, type FormEvent } from 'react';
import { Alert, Button, NativeSelect, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, errorTitle, fieldError } from '../api/client.ts';
import { useMe } from '../auth/useMe.ts';
import { formatDateTime } from '../i18n/index.ts';
import { PageLoader, QueryError } from '../ui/feedback.tsx';

interface Notice {
  id: string;
  title: string;
  body: string;
  createdAt: string;
  unitName: string;
  readAt: string | null;
}

export function NoticePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: ['notices', id], queryFn: () => api.get<Notice>(`/api/notices/${id}`) });
  if (q.isPending) return <PageLoader />;
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <Stack gap="md">
      <Title order={1}>{q.data.title}</Title>
      <Text c="dimmed">{t('feedback.noticeFrom', { unit: q.data.unitName, date: formatDateTime(q.data.createdAt) })}</Text>
      <Paper withBorder p="md">
        <Text style={{ whiteSpace: 'pre-wrap' }}>{q.data.body}</Text>
      </Paper>
    </Stack>
  );
}

const STAFF = new Set(['cell_secretary', 'cell_deputy', 'committee_member', 'unit_admin', 'system_admin']);

export function NoticeComposePage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const me = useMe().data;
  const units = [...new Map((me?.roles ?? []).filter((r) => STAFF.has(r.role)).map((r) => [r.unitId, r.unitName])).entries()];
  const [unitId, setUnitId] = useState('');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const sent = useQuery({
    queryKey: ['notices', 'sent'],
    queryFn: () =>
      api.get<{
        items: Array<{
          id: string;
          title: string;
          createdAt: string;
          unitName: string;
          recipientCount: number;
          readCount: number;
        }>;
      }>('/api/notices/sent'),
  });
  const send = useMutation({
    mutationFn: () => api.post<{ recipients: number }>('/api/notices', { unitId: unitId || units[0]?.[0], title, body }),
    onSuccess: () => {
      setTitle('');
      setBody('');
      void qc.invalidateQueries({ queryKey: ['notices', 'sent'] });
    },
  });
  return (
    <Stack gap="lg">
      <Title order={1}>{t('feedback.noticesCompose')}</Title>
      <Paper withBorder p="md" component="form" onSubmit={(e: FormEvent) => (e.preventDefault(), send.mutate())}>
        <Stack gap="sm">
          <NativeSelect
            label={t('feedback.noticeUnit')}
            value={unitId || units[0]?.[0] || ''}
            onChange={(e) => setUnitId(e.currentTarget.value)}
            data={units.map(([value, label]) => ({ value, label }))}
          />
          <TextInput
            label={t('feedback.noticeTitle')}
            required
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={fieldError(send.error, 'title')}
          />
          <Textarea
            label={t('feedback.noticeBody')}
            name="notice-body"
            required
            autosize
            minRows={4}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            error={fieldError(send.error, 'body')}
          />
          {send.error && <Alert color="red">{errorTitle(send.error)}</Alert>}
          {send.data && (
            <Alert color="green" role="status">
              {t('feedback.noticeSent', { count: send.data.recipients })}
            </Alert>
          )}
          <Button type="submit" loading={send.isPending}>
            {t('feedback.noticeSend')}
          </Button>
        </Stack>
      </Paper>
      <section aria-labelledby="notices-sent">
        <Title order={2} size="h3" id="notices-sent" mb="xs">
          {t('feedback.noticesSent')}
        </Title>
        {sent.error && <QueryError error={sent.error} />}
        <ul className="plain-list">
          {sent.data?.items.map((n) => (
            <li key={n.id}>
              <Paper withBorder p="sm">
                <Text fw={700}>{n.title}</Text>
                <Text size="sm">
                  {n.unitName} · {formatDateTime(n.createdAt)} ·{' '}
                  {t('feedback.readCount', { read: n.readCount, total: n.recipientCount })}
                </Text>
              </Paper>
            </li>
          ))}
        </ul>
      </section>
    </Stack>
  );
}
