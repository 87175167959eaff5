/**
 * The member's self-review of the year, on the phone. Everything typed is kept on the phone as it
 * is typed (an app update, a closed tab or no connection loses nothing); "Lưu nháp" also keeps it
 * on the server, and works offline (sent when the connection returns). Once the committee
 * publishes, the page shows the grade and the comments on it.
 */
import { useEffect, useState } from 'react';
import { Alert, Anchor, Button, NativeSelect, NumberInput, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, fieldError } from '../api/client.ts';
import { sendOrQueue } from '../pwa/outbox.ts';
import { ErrorText, PageLoader, QueryError, SuccessText } from '../ui/feedback.tsx';
import type { CriteriaSet, SelfReviewContent } from '../../common/review/criteria.ts';

interface MyReview {
  id: string;
  year: number;
  cellName: string;
  form: '2A' | '2B' | '2C';
  included: boolean;
  graded: boolean;
  reason: string | null;
  deadlines: { selfReview: string };
  criteria: CriteriaSet[];
  status: 'not_started' | 'draft' | 'submitted' | 'returned';
  content: SelfReviewContent | null;
  returnReason: string;
  result: { gradeText: string | null; discussion: string; residenceComment: string; decisionReason: string } | null;
}

const KEY = ['reviews', 'mine'] as const;
const GRADES = ['excellent', 'good', 'fulfilled', 'unfulfilled'] as const;
const local = (id: string) => `sotay.review:${id}`;

function empty(form: MyReview['form']): SelfReviewContent {
  return { form, strengths: '', shortcomings: '', tasks: '', scores: {}, selfGrade: null, pledge: '' };
}

export default function MyReviewPage() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: KEY, queryFn: () => api.get<{ review: MyReview | null }>('/api/reviews/mine') });
  if (q.isPending) return <PageLoader />;
  if (!q.data) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const r = q.data.review;
  return (
    <Stack gap="lg">
      <Title order={1}>{r ? t('reviews.titleYear', { year: r.year }) : t('reviews.title')}</Title>
      {!r ? <Text>{t('reviews.none')}</Text> : <Review r={r} />}
    </Stack>
  );
}

function Review({ r }: { r: MyReview }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [c, setC] = useState<SelfReviewContent>(() => {
    try {
      const kept = localStorage.getItem(local(r.id));
      if (kept) return JSON.parse(kept) as SelfReviewContent;
    } catch {
      /* unreadable: start from the server's copy */
    }
    return r.content ?? empty(r.form);
  });
  useEffect(() => {
    try {
      localStorage.setItem(local(r.id), JSON.stringify(c));
    } catch {
      /* storage full */
    }
  }, [c, r.id]);
  const save = useMutation({
    networkMode: 'always',
    mutationFn: () => sendOrQueue(`/api/review-entries/${r.id}/self`, { content: c }, t('reviews.ob.draft'), 'PUT'),
    onSuccess: (res) => {
      if (!res.queued) void qc.invalidateQueries({ queryKey: KEY });
    },
  });
  const submit = useMutation({
    mutationFn: () => api.post(`/api/review-entries/${r.id}/submit`, { content: c }),
    onSuccess: () => {
      localStorage.removeItem(local(r.id));
      void qc.invalidateQueries({ queryKey: KEY });
    },
  });
  if (!r.included) return <Text>{t(`reviews.reason.${r.reason ?? 'exempted'}`)}</Text>;
  if (r.result)
    return (
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('reviews.result')}
        </Title>
        <Text fz="xl" fw={700}>
          {r.result.gradeText}
        </Text>
        {r.result.discussion && <Text>{t('reviews.cellComment', { text: r.result.discussion })}</Text>}
        {r.result.residenceComment && <Text>{t('reviews.residenceComment', { text: r.result.residenceComment })}</Text>}
        {r.result.decisionReason && <Text>{t('reviews.decisionReason', { text: r.result.decisionReason })}</Text>}
        <Anchor href={`/api/review-entries/${r.id}/pdf`}>{t('reviews.print')}</Anchor>
      </Stack>
    );
  const set = r.criteria.find((s) => s.form === c.form) ?? r.criteria[0]!;
  const locked = r.status === 'submitted';
  const field = (k: 'strengths' | 'shortcomings' | 'tasks' | 'pledge') => (
    <Textarea
      label={t(`reviews.f.${k}`)}
      value={c[k]}
      onChange={(e) => {
        const v = e.currentTarget.value;
        setC((x) => ({ ...x, [k]: v }));
      }}
      autosize
      minRows={4}
      size="md"
      readOnly={locked}
      error={fieldError(submit.error, k)}
    />
  );
  return (
    <Stack gap="md">
      <Text>
        {r.cellName} · {t('reviews.deadline', { date: r.deadlines.selfReview.split('-').reverse().join('/') })}
      </Text>
      {!r.graded && <Alert variant="light">{t('reviews.reason.new_member')}</Alert>}
      {r.status === 'returned' && (
        <Alert color="yellow" variant="light" role="status">
          {t('reviews.returned', { reason: r.returnReason })}
        </Alert>
      )}
      {locked && <SuccessText>{t('reviews.submitted')}</SuccessText>}
      <NativeSelect
        label={t('reviews.f.form')}
        value={c.form}
        disabled={locked}
        onChange={(e) => {
          const form = e.currentTarget.value as MyReview['form'];
          setC((x) => ({ ...x, form }));
        }}
        data={r.criteria.map((s) => ({ value: s.form, label: s.title }))}
        size="md"
      />
      {field('strengths')}
      {field('shortcomings')}
      {field('tasks')}
      {r.graded &&
        set.sections.map((sec) => (
          <Stack key={sec.key} gap={4}>
            <NumberInput
              label={t('reviews.f.score', { label: sec.label, max: sec.max })}
              value={c.scores[sec.key] ?? ''}
              min={0}
              max={sec.max}
              readOnly={locked}
              onChange={(v) => setC((x) => ({ ...x, scores: { ...x.scores, [sec.key]: Number(v) || 0 } }))}
              size="md"
              error={fieldError(submit.error, `scores.${sec.key}`)}
            />
            <ul>
              {sec.items.map((i) => (
                <li key={i.key}>
                  <Text fz="sm">{i.label}</Text>
                </li>
              ))}
            </ul>
          </Stack>
        ))}
      {r.graded && (
        <NativeSelect
          label={t('reviews.f.selfGrade')}
          value={c.selfGrade ?? ''}
          disabled={locked}
          onChange={(e) => {
            const g = e.currentTarget.value;
            setC((x) => ({ ...x, selfGrade: g ? (g as SelfReviewContent['selfGrade']) : null }));
          }}
          data={[{ value: '', label: t('reviews.choose') }, ...GRADES.map((g) => ({ value: g, label: t(`reviews.grade.${g}`) }))]}
          size="md"
          error={fieldError(submit.error, 'selfGrade')}
        />
      )}
      {field('pledge')}
      <ErrorText error={save.error ?? submit.error} />
      {save.data?.queued && <Alert variant="light">{t('reviews.queued')}</Alert>}
      {save.isSuccess && !save.data.queued && <SuccessText>{t('reviews.saved')}</SuccessText>}
      {!locked && (
        <>
          <Button size="md" variant="default" onClick={() => save.mutate()} loading={save.isPending}>
            {t('reviews.saveDraft')}
          </Button>
          <Button size="lg" onClick={() => submit.mutate()} loading={submit.isPending}>
            {t('reviews.submit')}
          </Button>
        </>
      )}
      <Anchor href={`/api/review-entries/${r.id}/pdf`}>{t('reviews.print')}</Anchor>
    </Stack>
  );
}
