/**
 * The committees' page for the year's review: open it for the unit (deadlines per step, the unit's
 * own criteria), follow it (count and share of each grade per unit, with drill-down, .xlsx; progress
 * per step and who is late), go to a cell to decide, and publish.
 */
import { useState } from 'react';
import { Anchor, Button, NativeSelect, NumberInput, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client.ts';
import { useMe } from '../auth/useMe.ts';
import { ErrorText, PageLoader, QueryError, SuccessText } from '../ui/feedback.tsx';
import { vnDate } from '../../common/time/vietnam.ts';

const GRADES = ['excellent', 'good', 'fulfilled', 'unfulfilled'] as const;
const STEPS = ['self', 'residence', 'cell', 'decision'] as const;

interface Cycles {
  unit: { id: string; name: string };
  canOpen: boolean;
  items: Array<{ id: string; year: number; unitId: string; unitName: string; regulation: string }>;
}
interface StatsRow {
  unitId: string;
  name: string;
  leaf: boolean;
  included: number;
  leftOut: number;
  notGraded: number;
  progress: {
    submitted: number;
    residenceNeeded: number;
    residenceAnswered: number;
    proposed: number;
    decided: number;
    published: number;
  };
  grades: Record<(typeof GRADES)[number], { count: number; share: number }>;
}
interface Stats {
  cycle: { id: string; year: number };
  unit: { id: string; name: string };
  total: StatsRow;
  children: StatsRow[];
}

export default function ReviewsAdminPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const units = (me.data?.roles ?? []).filter((r) =>
    ['committee_member', 'unit_admin', 'system_admin', 'cell_secretary', 'cell_deputy'].includes(r.role),
  );
  const unitId = params.get('unitId') ?? units[0]?.unitId ?? '';
  const cycles = useQuery({
    queryKey: ['reviews', 'cycles', unitId],
    queryFn: () => api.get<Cycles>(withQuery('/api/reviews', { unitId })),
    enabled: !!unitId,
  });
  if (me.isPending || (unitId && cycles.isPending)) return <PageLoader />;
  if (!unitId) return <Text>{t('reviews.none')}</Text>;
  if (!cycles.data) return <QueryError error={cycles.error} onRetry={() => void cycles.refetch()} />;
  const current = cycles.data.items[0];
  const year = Number(vnDate(new Date()).slice(0, 4));
  const isCell = units.some((u) => u.unitId === unitId && (u.role === 'cell_secretary' || u.role === 'cell_deputy'));
  return (
    <Stack gap="lg">
      <Title order={1}>{t('reviews.adminTitle', { unit: cycles.data.unit.name })}</Title>
      {units.length > 1 && (
        <NativeSelect
          label={t('reviews.unit')}
          value={unitId}
          onChange={(e) => setParams({ unitId: e.currentTarget.value })}
          data={units.map((u) => ({ value: u.unitId, label: u.unitName }))}
          size="md"
        />
      )}
      {isCell && (
        <>
          <Button component={Link} to={`/kiem-diem/chi-bo/${unitId}`} size="md">
            {t('reviews.cellSession')}
          </Button>
          <ResidenceRequests />
        </>
      )}
      {current ? <CycleStats cycleId={current.id} unitId={unitId} /> : <Text>{t('reviews.none')}</Text>}
      {cycles.data.canOpen && !cycles.data.items.some((c) => c.year === year) && <OpenForm unitId={unitId} year={year} />}
    </Stack>
  );
}

function CycleStats({ cycleId, unitId }: { cycleId: string; unitId: string }) {
  const { t } = useTranslation();
  const [, setParams] = useSearchParams();
  const [step, setStep] = useState<(typeof STEPS)[number] | null>(null);
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['reviews', 'stats', cycleId, unitId],
    queryFn: () => api.get<Stats>(withQuery(`/api/reviews/${cycleId}/stats`, { unitId })),
  });
  const late = useQuery({
    queryKey: ['reviews', 'late', cycleId, unitId, step],
    queryFn: () =>
      api.get<{ overdue: boolean; what?: string; deadline: string; items: Array<{ fullName: string; cellName: string }> }>(
        withQuery(`/api/reviews/${cycleId}/late`, { unitId, step }),
      ),
    enabled: !!step,
  });
  const publish = useMutation({
    mutationFn: () => api.post<{ published: number }>(`/api/reviews/${cycleId}/publish`, { unitId }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['reviews', 'stats', cycleId] }),
  });
  if (q.isPending) return <PageLoader />;
  if (!q.data) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const s = q.data;
  const rows = [...s.children, s.total];
  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {t('reviews.statsTitle', { year: s.cycle.year })}
      </Title>
      {/* A wide table scrolls inside its own region on a phone; the region takes the keyboard focus to scroll. */}
      <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t('reviews.tableRegion')}>
        <Table striped withTableBorder aria-label={t('reviews.statsTitle', { year: s.cycle.year })}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reviews.unit')}</Table.Th>
              <Table.Th>{t('reviews.col.included')}</Table.Th>
              {GRADES.map((g) => (
                <Table.Th key={g}>{t(`reviews.gradeShort.${g}`)}</Table.Th>
              ))}
              <Table.Th>{t('reviews.col.progress')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r === s.total ? 'total' : r.unitId}>
                <Table.Td>
                  {r === s.total ? (
                    <Text fw={700}>{t('reviews.total')}</Text>
                  ) : r.leaf ? (
                    <Anchor component={Link} to={`/kiem-diem/chi-bo/${r.unitId}`}>
                      {r.name}
                    </Anchor>
                  ) : (
                    <Anchor component="button" onClick={() => setParams({ unitId: r.unitId })}>
                      {r.name}
                    </Anchor>
                  )}
                </Table.Td>
                <Table.Td>{r.included}</Table.Td>
                {GRADES.map((g) => (
                  <Table.Td key={g}>
                    {r.grades[g].count} ({r.grades[g].share.toLocaleString('vi-VN')}%)
                  </Table.Td>
                ))}
                <Table.Td>
                  {t('reviews.progressText', {
                    submitted: r.progress.submitted,
                    proposed: r.progress.proposed,
                    decided: r.progress.decided,
                    included: r.included,
                  })}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      <Anchor href={withQuery(`/api/reviews/${cycleId}/stats.xlsx`, { unitId })}>{t('reviews.xlsx')}</Anchor>
      <NativeSelect
        label={t('reviews.lateStep')}
        value={step ?? ''}
        onChange={(e) => setStep((e.currentTarget.value || null) as (typeof STEPS)[number] | null)}
        data={[{ value: '', label: t('reviews.choose') }, ...STEPS.map((x) => ({ value: x, label: t(`reviews.step.${x}`) }))]}
        size="md"
      />
      {late.data &&
        (late.data.overdue ? (
          <Stack gap={4} role="region" aria-label={t('reviews.lateList')}>
            <Text fw={600}>{t('reviews.lateCount', { n: late.data.items.length, what: late.data.what })}</Text>
            <ul>
              {late.data.items.map((i, k) => (
                <li key={k}>
                  {i.fullName} — {i.cellName}
                </li>
              ))}
            </ul>
          </Stack>
        ) : (
          <Text>{t('reviews.notDueYet', { date: late.data.deadline.split('-').reverse().join('/') })}</Text>
        ))}
      <ErrorText error={publish.error} />
      {publish.data && <SuccessText>{t('reviews.publishedN', { n: publish.data.published })}</SuccessText>}
      <Button size="md" variant="default" onClick={() => publish.mutate()} loading={publish.isPending}>
        {t('reviews.publish')}
      </Button>
    </Stack>
  );
}

function OpenForm({ unitId, year }: { unitId: string; year: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [y, setY] = useState(year);
  const [d, setD] = useState({
    referenceDate: `${year}-12-15`,
    selfReview: `${year}-11-30`,
    residence: `${year}-12-05`,
    cellSession: `${year}-12-10`,
    decision: `${year}-12-20`,
  });
  const [extra, setExtra] = useState('');
  const open = useMutation({
    mutationFn: () =>
      api.post(`/api/reviews`, {
        unitId,
        year: y,
        referenceDate: d.referenceDate,
        deadlines: { selfReview: d.selfReview, residence: d.residence, cellSession: d.cellSession, decision: d.decision },
        extraCriteria: extra
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
          .flatMap((label) => (['2A', '2B', '2C'] as const).map((form) => ({ form, section: 'tasks', label }))),
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['reviews', 'cycles', unitId] }),
  });
  const day = (k: keyof typeof d) => (
    <TextInput
      key={k}
      type="date"
      label={t(`reviews.open.${k}`)}
      value={d[k]}
      onChange={(e) => setD((x) => ({ ...x, [k]: e.currentTarget.value }))}
      size="md"
    />
  );
  return (
    <Stack gap="sm" component="section" aria-label={t('reviews.open.title')}>
      <Title order={2} size="h3">
        {t('reviews.open.title')}
      </Title>
      <NumberInput label={t('reviews.open.year')} value={y} onChange={(v) => setY(Number(v) || year)} size="md" />
      {day('referenceDate')}
      {day('selfReview')}
      {day('residence')}
      {day('cellSession')}
      {day('decision')}
      <Textarea
        label={t('reviews.open.extra')}
        value={extra}
        onChange={(e) => setExtra(e.currentTarget.value)}
        autosize
        minRows={2}
        size="md"
      />
      <ErrorText error={open.error} />
      <Button size="md" onClick={() => open.mutate()} loading={open.isPending}>
        {t('reviews.open.submit')}
      </Button>
    </Stack>
  );
}

/** Comments this cell's secretary is asked for: members who live here and work elsewhere (Quy định 213). */
function ResidenceRequests() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['reviews', 'residence'],
    queryFn: () =>
      api.get<{
        items: Array<{ id: string; fullName: string; status: string; comment: string; overdue: boolean; deadline: string }>;
      }>('/api/reviews/residence-requests'),
  });
  const [text, setText] = useState<Record<string, string>>({});
  const answer = useMutation({
    mutationFn: (id: string) => api.post(`/api/review-entries/${id}/residence-comment`, { comment: text[id] ?? '' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['reviews', 'residence'] }),
  });
  const items = q.data?.items ?? [];
  if (!items.length) return null;
  return (
    <Stack gap="sm" component="section" aria-label={t('reviews.residenceTitle')}>
      <Title order={2} size="h3">
        {t('reviews.residenceTitle')}
      </Title>
      {items.map((i) => (
        <Stack key={i.id} gap={4}>
          <Text fw={600}>
            {i.fullName}
            {i.overdue ? ` — ${t('reviews.overdue')}` : ''}
          </Text>
          {i.status === 'answered' ? (
            <Text>{i.comment}</Text>
          ) : (
            <>
              <Textarea
                label={t('reviews.residenceFor', { name: i.fullName })}
                value={text[i.id] ?? ''}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setText((x) => ({ ...x, [i.id]: v }));
                }}
                autosize
                minRows={2}
                size="md"
              />
              <Button size="md" onClick={() => answer.mutate(i.id)} loading={answer.isPending && answer.variables === i.id}>
                {t('reviews.sendComment')}
              </Button>
            </>
          )}
        </Stack>
      ))}
      <ErrorText error={answer.error} />
    </Stack>
  );
}
