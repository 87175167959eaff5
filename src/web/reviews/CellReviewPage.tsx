/**
 * The cell's review session (secretary), and the same list for the committee above, which decides.
 * Each member is one collapsible row: the self-review, the residence comment, the proposal with the
 * rule checks shown as the grade is typed (the same functions the server runs again on saving),
 * and, for the committee, the decision. The cell's own collective grade sits at the top.
 */
import { useState } from 'react';
import {
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, request } from '../api/client.ts';
import { ErrorText, PageLoader, QueryError, SuccessText } from '../ui/feedback.tsx';
import { gradeProblems, type Grade, type ReviewRules } from '../../common/review/rules.ts';
import type { SelfReviewContent } from '../../common/review/criteria.ts';

const GRADES: Grade[] = ['excellent', 'good', 'fulfilled', 'unfulfilled'];

interface EntryRow {
  id: string;
  memberId: string;
  fullName: string;
  included: boolean;
  graded: boolean;
  reason: string | null;
  selfStatus: 'not_started' | 'draft' | 'submitted' | 'returned';
  selfContent: SelfReviewContent | null;
  selfScore: number | null;
  selfGrade: Grade | null;
  residenceStatus: string;
  residenceComment: string;
  discussion: string;
  proposedGrade: Grade | null;
  proposedScore: number | null;
  conditionsConfirmed: number;
  decidedGrade: Grade | null;
  decisionReason: string;
  published: boolean;
  disciplined: boolean;
}

interface CellReview {
  cell: { id: string; name: string };
  abilities: { propose: boolean; decide: boolean };
  cycle: { id: string; year: number; rules: ReviewRules; deadlines: Record<string, string>; regulation: string } | null;
  entries: EntryRow[];
  collective: { selfGrade: Grade | null; note: string } | null;
}

export default function CellReviewPage() {
  const { t } = useTranslation();
  const { cellId = '' } = useParams();
  const key = ['reviews', 'cell', cellId];
  const q = useQuery({ queryKey: key, queryFn: () => api.get<CellReview>(`/api/reviews/cells/${cellId}`) });
  if (q.isPending) return <PageLoader />;
  if (!q.data) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  return (
    <Stack gap="lg">
      <Title order={1}>{t('reviews.cellTitle', { cell: d.cell.name })}</Title>
      {!d.cycle ? (
        <Text>{t('reviews.none')}</Text>
      ) : (
        <>
          <Text fz="sm">{d.cycle.regulation}</Text>
          {d.abilities.propose && <Collective cellId={cellId} value={d.collective} />}
          <ul className="plain-list">
            {d.entries.map((e) => (
              <li key={e.id}>
                <EntryDetails e={e} d={d} />
              </li>
            ))}
          </ul>
        </>
      )}
    </Stack>
  );
}

function status(t: (k: string, o?: Record<string, unknown>) => string, e: EntryRow): string {
  if (!e.included) return t(`reviews.reason.${e.reason ?? 'exempted'}`);
  if (e.decidedGrade) return `${t('reviews.decided')}: ${t(`reviews.grade.${e.decidedGrade}`)}`;
  if (e.proposedGrade) return `${t('reviews.proposed')}: ${t(`reviews.grade.${e.proposedGrade}`)}`;
  return t(`reviews.self.${e.selfStatus}`);
}

function EntryDetails({ e, d }: { e: EntryRow; d: CellReview }) {
  const { t } = useTranslation();
  return (
    <details>
      <summary className="tap-row">
        <Text span fw={600}>
          {e.fullName}
        </Text>{' '}
        <Text span fz="sm">
          · {status(t, e)}
        </Text>
        {e.disciplined && (
          <Badge ml={6} color="red" variant="outline">
            {t('reviews.disciplined')}
          </Badge>
        )}
      </summary>
      {e.included && (
        <Stack gap="sm" py="sm">
          {e.selfContent && (
            <Stack gap={4}>
              <Text fz="sm">
                {t('reviews.f.strengths')}: {e.selfContent.strengths}
              </Text>
              <Text fz="sm">
                {t('reviews.f.shortcomings')}: {e.selfContent.shortcomings}
              </Text>
              <Text fz="sm">
                {t('reviews.f.tasks')}: {e.selfContent.tasks}
              </Text>
              {e.selfScore !== null && (
                <Text fz="sm">
                  {t('reviews.selfScore', { score: e.selfScore, grade: e.selfGrade ? t(`reviews.grade.${e.selfGrade}`) : '—' })}
                </Text>
              )}
            </Stack>
          )}
          {e.residenceComment && <Text fz="sm">{t('reviews.residenceComment', { text: e.residenceComment })}</Text>}
          {d.abilities.propose && !e.published && !e.decidedGrade && <CellActions e={e} d={d} />}
          {d.abilities.decide && !e.published && e.proposedGrade && <Decision e={e} d={d} />}
        </Stack>
      )}
    </details>
  );
}

function useRefresh(cellId: string) {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: ['reviews', 'cell', cellId] });
}

function CellActions({ e, d }: { e: EntryRow; d: CellReview }) {
  const { t } = useTranslation();
  const refresh = useRefresh(d.cell.id);
  const rules = d.cycle!.rules;
  const [grade, setGrade] = useState<Grade | ''>(e.proposedGrade ?? e.selfGrade ?? '');
  const [score, setScore] = useState<number | null>(e.proposedScore ?? e.selfScore);
  const [discussion, setDiscussion] = useState(e.discussion);
  const [conditions, setConditions] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const others = d.entries.filter((x) => x.id !== e.id && x.proposedGrade).map((x) => x.proposedGrade!);
  // The rule checks as the grade is entered; the server runs the same ones on saving.
  const problems = grade
    ? gradeProblems(
        { grade, score, graded: e.graded, disciplined: e.disciplined, conditionsConfirmed: conditions.length, others },
        rules,
      )
    : [];
  const save = useMutation({
    mutationFn: () =>
      request('PUT', `/api/review-entries/${e.id}/proposal`, {
        grade,
        score,
        discussion,
        conditionsConfirmed: conditions.length,
      }),
    onSuccess: refresh,
  });
  const back = useMutation({ mutationFn: () => api.post(`/api/review-entries/${e.id}/return`, { reason }), onSuccess: refresh });
  const [code, setCode] = useState('');
  const ask = useMutation({
    mutationFn: () => api.post(`/api/review-entries/${e.id}/residence-request`, { residenceCellCode: code }),
    onSuccess: refresh,
  });
  return (
    <Stack gap="xs">
      {e.selfStatus === 'submitted' && (
        <Group align="end" gap="xs">
          <TextInput
            label={t('reviews.returnReason')}
            value={reason}
            onChange={(x) => setReason(x.currentTarget.value)}
            size="md"
          />
          <Button variant="default" size="md" onClick={() => back.mutate()} loading={back.isPending}>
            {t('reviews.return')}
          </Button>
        </Group>
      )}
      <ErrorText error={back.error} />
      {e.residenceStatus === 'requested' ? (
        <Text fz="sm">{t('reviews.residenceAsked')}</Text>
      ) : (
        e.residenceStatus !== 'answered' && (
          <Group align="end" gap="xs">
            <TextInput
              label={t('reviews.residenceCode', { name: e.fullName })}
              value={code}
              onChange={(x) => setCode(x.currentTarget.value)}
              size="md"
            />
            <Button variant="default" size="md" disabled={!code.trim()} onClick={() => ask.mutate()} loading={ask.isPending}>
              {t('reviews.askResidence')}
            </Button>
          </Group>
        )
      )}
      <ErrorText error={ask.error} />
      {e.graded ? (
        <>
          <Textarea
            label={t('reviews.discussion', { name: e.fullName })}
            value={discussion}
            onChange={(x) => setDiscussion(x.currentTarget.value)}
            autosize
            minRows={2}
            size="md"
          />
          <NumberInput
            label={t('reviews.cellScore', { name: e.fullName })}
            value={score ?? ''}
            min={0}
            max={rules.totalPoints}
            onChange={(v) => setScore(v === '' ? null : Number(v))}
            size="md"
          />
          <NativeSelect
            label={t('reviews.proposeGrade', { name: e.fullName })}
            value={grade}
            onChange={(x) => setGrade(x.currentTarget.value as Grade | '')}
            data={[
              { value: '', label: t('reviews.choose') },
              ...GRADES.map((g) => ({ value: g, label: t(`reviews.grade.${g}`) })),
            ]}
            size="md"
          />
          {grade === 'excellent' && rules.excellentConditions.length > 0 && (
            <Checkbox.Group value={conditions} onChange={setConditions} label={t('reviews.conditions')}>
              {rules.excellentConditions.map((c, i) => (
                <Checkbox key={i} value={String(i)} label={c} mt={4} />
              ))}
            </Checkbox.Group>
          )}
          {problems.map((p) => (
            <Text key={p.code} c="red.8" fz="sm" role="alert">
              {p.message}
            </Text>
          ))}
          <ErrorText error={save.error} />
          {save.isSuccess && <SuccessText>{t('reviews.proposalSaved')}</SuccessText>}
          <Button size="md" disabled={!grade} onClick={() => save.mutate()} loading={save.isPending}>
            {t('reviews.propose')}
          </Button>
        </>
      ) : (
        <Text fz="sm">{t('reviews.reason.new_member')}</Text>
      )}
    </Stack>
  );
}

function Decision({ e, d }: { e: EntryRow; d: CellReview }) {
  const { t } = useTranslation();
  const refresh = useRefresh(d.cell.id);
  const [grade, setGrade] = useState<Grade>(e.decidedGrade ?? e.proposedGrade!);
  const [reason, setReason] = useState(e.decisionReason);
  const save = useMutation({
    mutationFn: () => request('PUT', `/api/review-entries/${e.id}/decision`, { grade, reason }),
    onSuccess: refresh,
  });
  return (
    <Stack gap="xs">
      <Text fz="sm">
        {t('reviews.cellProposed', { grade: t(`reviews.grade.${e.proposedGrade}`), score: e.proposedScore ?? '—' })}
        {e.discussion ? ` — ${e.discussion}` : ''}
      </Text>
      <NativeSelect
        label={t('reviews.decideGrade', { name: e.fullName })}
        value={grade}
        onChange={(x) => setGrade(x.currentTarget.value as Grade)}
        data={GRADES.map((g) => ({ value: g, label: t(`reviews.grade.${g}`) }))}
        size="md"
      />
      {grade !== e.proposedGrade && (
        <TextInput
          label={t('reviews.changeReason')}
          value={reason}
          onChange={(x) => setReason(x.currentTarget.value)}
          size="md"
        />
      )}
      <ErrorText error={save.error} />
      {save.isSuccess && <SuccessText>{t('reviews.decisionSaved')}</SuccessText>}
      <Button size="md" onClick={() => save.mutate()} loading={save.isPending}>
        {t('reviews.decide')}
      </Button>
    </Stack>
  );
}

function Collective({ cellId, value }: { cellId: string; value: CellReview['collective'] }) {
  const { t } = useTranslation();
  const [grade, setGrade] = useState<Grade | ''>(value?.selfGrade ?? '');
  const [note, setNote] = useState(value?.note ?? '');
  const save = useMutation({ mutationFn: () => request('PUT', `/api/reviews/cells/${cellId}/collective`, { grade, note }) });
  return (
    <Stack gap="xs">
      <NativeSelect
        label={t('reviews.collective')}
        value={grade}
        onChange={(x) => setGrade(x.currentTarget.value as Grade | '')}
        data={[{ value: '', label: t('reviews.choose') }, ...GRADES.map((g) => ({ value: g, label: t(`reviews.grade.${g}`) }))]}
        size="md"
      />
      <TextInput label={t('reviews.collectiveNote')} value={note} onChange={(x) => setNote(x.currentTarget.value)} size="md" />
      <ErrorText error={save.error} />
      {save.isSuccess && <SuccessText>{t('reviews.saved')}</SuccessText>}
      <Button variant="default" size="md" disabled={!grade} onClick={() => save.mutate()} loading={save.isPending}>
        {t('reviews.saveCollective')}
      </Button>
    </Stack>
  );
}
