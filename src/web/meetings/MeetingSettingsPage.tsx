import { useEffect, useState } from 'react';
import { Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, fieldError } from '../api/client.ts';
import { ErrorText, PageLoader, QueryError, SuccessText } from '../ui/feedback.tsx';
import type { RubricDefinition } from '../../common/meetings/rubric.ts';
import { RubricEditor } from './RubricEditor.tsx';
import { put } from './api.ts';

interface RubricItem {
  id: string;
  name: string;
  isDefault: boolean;
  definition: RubricDefinition;
}

function DeadlineSetting() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['meetings', 'settings'],
    queryFn: () => api.get<{ registrationDeadlineDay: number }>('/api/meetings/settings'),
  });
  const [day, setDay] = useState('');
  useEffect(() => {
    if (q.data) setDay(String(q.data.registrationDeadlineDay));
  }, [q.data]);
  const save = useMutation({
    mutationFn: () =>
      put<{ registrationDeadlineDay: number }>('/api/meetings/settings', { registrationDeadlineDay: Number(day) }),
    onSuccess: (r) => qc.setQueryData(['meetings', 'settings'], r),
  });
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="st-deadline">
      <Title order={2} size="h3" id="st-deadline" mb="xs">
        {t('meetings.st.deadline')}
      </Title>
      <Text mb="xs">{t('meetings.st.deadlineHelp')}</Text>
      {q.isError && <ErrorText error={q.error} />}
      <Stack
        component="form"
        gap="xs"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <TextInput
          label={t('meetings.st.deadlineDay')}
          type="number"
          inputMode="numeric"
          min={1}
          max={31}
          value={day}
          onChange={(e) => setDay(e.currentTarget.value)}
          required
          size="md"
          error={fieldError(save.error, 'registrationDeadlineDay')}
        />
        <ErrorText error={save.error} />
        {save.isSuccess && <SuccessText>{t('meetings.saved')}</SuccessText>}
        <Button type="submit" size="md" loading={save.isPending} disabled={!q.data}>
          {t('meetings.save')}
        </Button>
      </Stack>
    </Paper>
  );
}

/** "Cài đặt sinh hoạt chi bộ" (system admins): the registration deadline and the evaluation rubrics. */
export default function MeetingSettingsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const rubrics = useQuery({
    queryKey: ['meetings', 'rubrics'],
    queryFn: () => api.get<{ items: RubricItem[] }>('/api/meetings/rubrics'),
  });
  const [copyOf, setCopyOf] = useState<RubricItem | null>(null);
  const [created, setCreated] = useState(false);
  return (
    <Stack gap="lg">
      <Title order={1}>{t('meetings.st.title')}</Title>
      <DeadlineSetting />
      <section aria-labelledby="st-rubrics">
        <Title order={2} size="h3" id="st-rubrics" mb="xs">
          {t('meetings.st.rubrics')}
        </Title>
        {rubrics.isPending && <PageLoader />}
        {rubrics.isError && <QueryError error={rubrics.error} onRetry={() => void rubrics.refetch()} />}
        {created && <SuccessText>{t('meetings.st.created')}</SuccessText>}
        {copyOf ? (
          <RubricEditor
            from={copyOf}
            onDone={() => {
              setCopyOf(null);
              setCreated(true);
              void qc.invalidateQueries({ queryKey: ['meetings', 'rubrics'] });
            }}
          />
        ) : (
          <Stack component="ul" className="plain-list" gap="sm">
            {rubrics.data?.items.map((r) => (
              <Paper component="li" withBorder p="sm" key={r.id}>
                <Group justify="space-between">
                  <Text fw={700}>{r.name}</Text>
                  {r.isDefault && (
                    <Badge variant="outline" color="dark">
                      {t('meetings.st.isDefault')}
                    </Badge>
                  )}
                </Group>
                <Text c="dimmed">
                  {t('meetings.st.criteria', { n: r.definition.criteria.length })} ·{' '}
                  {t('meetings.st.total', { total: r.definition.criteria.reduce((s, c) => s + c.max, 0) })}
                </Text>
                <ol>
                  {r.definition.criteria.map((c) => (
                    <li key={c.key}>
                      {c.label} ({c.max}){c.measure || c.parts?.some((p) => p.measure) ? ` · ${t('meetings.measured')}` : ''}
                    </li>
                  ))}
                </ol>
                <Text size="sm">{r.definition.ratingBands.map((b) => `${b.label} ≥ ${b.min}`).join(' · ')}</Text>
                <Button
                  variant="default"
                  size="md"
                  mt="xs"
                  onClick={() => {
                    setCreated(false);
                    setCopyOf(r);
                  }}
                >
                  {t('meetings.st.copy')}
                </Button>
              </Paper>
            ))}
          </Stack>
        )}
      </section>
    </Stack>
  );
}
