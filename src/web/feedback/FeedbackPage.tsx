/** A member asks their cell or a committee above, and follows what happened to each question. */
import { useState, type FormEvent } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  NativeSelect,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, errorTitle, fieldError } from '../api/client.ts';
import { formatDateTime } from '../i18n/index.ts';
import { sendOrQueue } from '../pwa/outbox.ts';
import { useOutboxSent } from '../pwa/useOutbox.ts';
import { QueryError } from '../ui/feedback.tsx';
import { STATUS_COLOR, type FeedbackItem } from './types.ts';

const MINE = ['feedback', 'mine'] as const;

function AskForm() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const targets = useQuery({
    queryKey: ['feedback', 'targets'],
    queryFn: () => api.get<{ items: Array<{ id: string; name: string }> }>('/api/feedback/targets'),
  });
  const [target, setTarget] = useState('');
  const [kind, setKind] = useState<'question' | 'suggestion'>('question');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [result, setResult] = useState<'sent' | 'queued' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const targetId = target || targets.data?.items[0]?.id || '';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await sendOrQueue(
        '/api/feedback',
        { targetUnitId: targetId, kind, subject, body },
        `${t(`feedback.kind.${kind}`)}: ${subject}`,
      );
      setResult(r.queued ? 'queued' : 'sent');
      setSubject('');
      setBody('');
      if (!r.queued) void qc.invalidateQueries({ queryKey: MINE });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (targets.error) return <QueryError error={targets.error} onRetry={() => void targets.refetch()} />;
  return (
    <Paper withBorder p="md" component="form" onSubmit={(e: FormEvent) => void submit(e)}>
      <Title order={2} size="h3" mb="sm">
        {t('feedback.newTitle')}
      </Title>
      <Stack gap="sm">
        <NativeSelect
          label={t('feedback.target')}
          value={targetId}
          onChange={(e) => setTarget(e.currentTarget.value)}
          data={(targets.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
        />
        <div>
          <Text component="label" id="fb-kind" fw={500} size="lg">
            {t('feedback.kindLabel')}
          </Text>
          <SegmentedControl
            fullWidth
            size="lg"
            aria-labelledby="fb-kind"
            value={kind}
            onChange={(v) => setKind(v as 'question' | 'suggestion')}
            data={[
              { value: 'question', label: t('feedback.kind.question') },
              { value: 'suggestion', label: t('feedback.kind.suggestion') },
            ]}
          />
        </div>
        <TextInput
          label={t('feedback.subject')}
          name="subject"
          required
          maxLength={200}
          value={subject}
          onChange={(e) => setSubject(e.currentTarget.value)}
          error={fieldError(error, 'subject')}
        />
        <Textarea
          label={t('feedback.body')}
          name="feedback-body"
          required
          autosize
          minRows={4}
          maxLength={5000}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          error={fieldError(error, 'body')}
        />
        {error != null && !fieldError(error, 'subject') && !fieldError(error, 'body') && (
          <Alert color="red">{errorTitle(error)}</Alert>
        )}
        {result && (
          <Alert color={result === 'sent' ? 'green' : 'yellow'} role="status">
            {t(`feedback.${result}`)}
          </Alert>
        )}
        <Button type="submit" loading={busy} disabled={!targetId}>
          {t('feedback.send')}
        </Button>
      </Stack>
    </Paper>
  );
}

export function FeedbackRow({ item, showAuthor = false }: { item: FeedbackItem; showAuthor?: boolean }) {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to={`/hoi-dap/${item.id}`} className="tap-row" underline="never">
      <Text component="span" display="block" fw={700} fz="lg" c="party.9">
        {item.subject}
      </Text>
      <Badge component="span" color={STATUS_COLOR[item.status]} mr="xs">
        {t(`feedback.status.${item.status}`)}
      </Badge>
      <Text component="span" size="sm" c="dark.7">
        {t('feedback.at', { unit: item.unitName })} · {formatDateTime(item.createdAt)}
        {showAuthor && ` · ${t('feedback.from', { name: item.authorName })}`}
      </Text>
    </Anchor>
  );
}

export default function FeedbackPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const mine = useQuery({ queryKey: MINE, queryFn: () => api.get<{ items: FeedbackItem[] }>('/api/feedback/mine') });
  useOutboxSent(() => void qc.invalidateQueries({ queryKey: MINE }));
  return (
    <Stack gap="lg">
      <Title order={1}>{t('feedback.title')}</Title>
      <AskForm />
      <section aria-labelledby="fb-mine">
        <Title order={2} size="h3" id="fb-mine" mb="xs">
          {t('feedback.mine')}
        </Title>
        {mine.error && <QueryError error={mine.error} onRetry={() => void mine.refetch()} />}
        {mine.data?.items.length === 0 && <Text>{t('feedback.none')}</Text>}
        <ul className="plain-list">
          {mine.data?.items.map((i) => (
            <li key={i.id}>
              <FeedbackRow item={i} />
            </li>
          ))}
        </ul>
      </section>
    </Stack>
  );
}
