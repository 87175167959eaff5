/** One question: its history for the member; reply, forward up or close for the staff holding it. */
import { useState, type FormEvent } from 'react';
import {
  Alert,
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, errorTitle } from '../api/client.ts';
import { formatDateTime } from '../i18n/index.ts';
import { PageLoader, QueryError } from '../ui/feedback.tsx';
import { STATUS_COLOR, type FeedbackDetail } from './types.ts';

function Handle({ item }: { item: FeedbackDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [reply, setReply] = useState('');
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const key = ['feedback', item.id];
  const act = useMutation({
    mutationFn: (a: { path: string; body: object }) => api.post<FeedbackDetail>(`/api/feedback/${item.id}/${a.path}`, a.body),
    onSuccess: (data) => {
      qc.setQueryData(key, data);
      void qc.invalidateQueries({ queryKey: ['feedback', 'inbox'] });
      setReply('');
      setNote('');
    },
  });
  const toId = to || item.forwardTargets[0]?.id || '';
  return (
    <Stack gap="md">
      {act.error && <Alert color="red">{errorTitle(act.error)}</Alert>}
      <Paper
        withBorder
        p="md"
        component="form"
        onSubmit={(e: FormEvent) => (e.preventDefault(), act.mutate({ path: 'reply', body: { body: reply } }))}
      >
        <Textarea
          label={t('feedback.replyLabel')}
          name="reply"
          required
          autosize
          minRows={3}
          value={reply}
          onChange={(e) => setReply(e.currentTarget.value)}
        />
        <Button type="submit" mt="sm" loading={act.isPending}>
          {t('feedback.replySend')}
        </Button>
      </Paper>
      {item.forwardTargets.length > 0 && (
        <Paper
          withBorder
          p="md"
          component="form"
          onSubmit={(e: FormEvent) => (e.preventDefault(), act.mutate({ path: 'forward', body: { toUnitId: toId, note } }))}
        >
          <NativeSelect
            label={t('feedback.forwardTo')}
            value={toId}
            onChange={(e) => setTo(e.currentTarget.value)}
            data={item.forwardTargets.map((u) => ({ value: u.id, label: u.name }))}
          />
          <TextInput label={t('feedback.forwardNote')} mt="xs" value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          <Button type="submit" mt="sm" variant="outline" loading={act.isPending}>
            {t('feedback.forwardSend')}
          </Button>
        </Paper>
      )}
      <Button variant="subtle" color="dark" onClick={() => act.mutate({ path: 'close', body: {} })} loading={act.isPending}>
        {t('feedback.closeSend')}
      </Button>
    </Stack>
  );
}

export default function FeedbackDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: ['feedback', id], queryFn: () => api.get<FeedbackDetail>(`/api/feedback/${id}`) });
  if (q.isPending) return <PageLoader />;
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const item = q.data;
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{item.subject}</Title>
        <Group gap="xs" mt={4}>
          <Badge color={STATUS_COLOR[item.status]}>{t(`feedback.status.${item.status}`)}</Badge>
          <Text size="sm">{t(`feedback.kind.${item.kind}`)}</Text>
        </Group>
      </div>
      <Paper withBorder p="md">
        {!item.mine && <Text fw={600}>{t('feedback.from', { name: item.authorName })}</Text>}
        <Text style={{ whiteSpace: 'pre-wrap' }}>{item.body}</Text>
      </Paper>
      <Timeline bulletSize={20} lineWidth={3}>
        {item.events.map((e, i) => (
          <Timeline.Item
            key={i}
            title={t(`feedback.event.${e.kind}`, { unit: e.kind === 'sent' ? e.toUnitName : e.unitName, to: e.toUnitName })}
          >
            <Text size="sm" c="dimmed">
              {formatDateTime(e.at)}
              {e.actorName && e.kind !== 'sent' ? ` · ${e.actorName}` : ''}
            </Text>
            {e.body && <Text style={{ whiteSpace: 'pre-wrap' }}>{e.body}</Text>}
          </Timeline.Item>
        ))}
      </Timeline>
      {item.canHandle && <Handle item={item} />}
    </Stack>
  );
}
