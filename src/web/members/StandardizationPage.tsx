/** Chuẩn hóa: a unit's standardized share, problems by kind, the list to work through, duplicates. */
import { useState } from 'react';
import { Anchor, Badge, Button, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client.ts';
import { ErrorText, PageLoader, QueryError, SuccessText } from '../ui/feedback.tsx';
import { Pager } from '../ui/Pager.tsx';
import type { DupGroup, Summary } from './api.ts';

const LIMIT = 30;

/**
 * A likely-duplicate pair to review: open both records (to merge, edit one and change the other's
 * status with a note), or mark the pair "không trùng" so it no longer shows.
 */
function PairReview({ group, pair }: { group: DupGroup; pair: [string, string] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const dismiss = useMutation({
    mutationFn: () => api.post('/api/members/duplicates/dismiss', { memberIds: pair }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['members', 'duplicates'] }),
  });
  const [a, b] = pair.map((id) => group.members.find((m) => m.id === id)!);
  const both = t('memberRecords.pairOf', { a: `${a!.fullName} (${a!.cellName})`, b: `${b!.fullName} (${b!.cellName})` });
  return (
    <Group gap="xs" mt="xs" wrap="wrap">
      <Text>{both}</Text>
      <Button
        size="md"
        variant="default"
        onClick={() => dismiss.mutate()}
        loading={dismiss.isPending}
        aria-label={`${t('memberRecords.notDuplicate')}: ${both}`}
      >
        {t('memberRecords.notDuplicate')}
      </Button>
      <ErrorText error={dismiss.error} />
    </Group>
  );
}

function Duplicates({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const dups = useQuery({
    queryKey: ['members', 'duplicates', unitId],
    queryFn: () => api.get<{ certain: DupGroup[]; review: DupGroup[] }>(withQuery('/api/members/duplicates', { unitId })),
  });
  if (dups.isPending) return <PageLoader />;
  if (dups.isError) return <QueryError error={dups.error} onRetry={() => void dups.refetch()} />;
  const groups = [...dups.data.certain, ...dups.data.review];
  return (
    <section aria-labelledby="dup-title">
      <Title order={2} size="h3" id="dup-title">
        {t('memberRecords.duplicates')}
      </Title>
      {groups.length === 0 && <Text>{t('memberRecords.noDuplicates')}</Text>}
      <Stack gap="xs">
        {groups.map((g, i) => (
          <Paper key={i} withBorder p="sm">
            <Text fw={600}>{g.kind === 'cccd' ? t('memberRecords.duplicatesCertain') : t('memberRecords.duplicatesReview')}</Text>
            <ul className="plain-list">
              {g.members.map((m) => (
                <li key={m.id}>
                  <Anchor component={Link} to={`/dang-vien/ho-so/${m.id}`} className="tap-row">
                    {m.fullName} · {m.dateOfBirth ?? '—'} · {m.cellName}
                  </Anchor>
                </li>
              ))}
            </ul>
            {g.outsideScope > 0 && <Text c="dimmed">{t('memberRecords.outsideScope', { n: g.outsideScope })}</Text>}
            {g.kind === 'cccd' && <Text c="dimmed">{t('memberRecords.mergeHelp')}</Text>}
            {g.kind === 'name_dob' && g.openPairs.length > 0 && <Text c="dimmed">{t('memberRecords.reviewHelp')}</Text>}
            {g.openPairs.map((p) => (
              <PairReview key={p.join('|')} group={g} pair={p} />
            ))}
          </Paper>
        ))}
      </Stack>
    </section>
  );
}

export default function StandardizationPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const unitId = params.get('unitId') ?? '';
  const [problem, setProblem] = useState<string | undefined>();
  const [offset, setOffset] = useState(0);
  const qc = useQueryClient();
  const summary = useQuery({
    queryKey: ['members', 'standardization', unitId, problem, offset],
    queryFn: () => api.get<Summary>(withQuery('/api/members/standardization', { unitId, problem, limit: LIMIT, offset })),
    placeholderData: keepPreviousData,
    enabled: !!unitId,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['members'] });
  const fixAll = useMutation({
    mutationFn: () => api.post<{ fixed: number }>('/api/members/standardization/fix-all', { unitId }),
    onSuccess: refresh,
  });
  const fixOne = useMutation({
    mutationFn: (id: string) => api.post<{ fixed: number }>(`/api/members/${encodeURIComponent(id)}/fix`),
    onSuccess: refresh,
  });

  if (!unitId) return <Text>{t('members.chooseUnit')}</Text>;
  if (summary.isPending) return <PageLoader />;
  if (summary.isError) return <QueryError error={summary.error} onRetry={() => void summary.refetch()} />;
  const s = summary.data;
  const anyFixable = s.byProblem.some((p) => p.certainFix);
  return (
    <Stack>
      <Title order={1}>{t('memberRecords.standardization')}</Title>
      <Text fz="lg">{s.unit.name}</Text>
      <Paper withBorder p="md">
        <Text fz="xl" fw={700} aria-label={t('memberRecords.percent')}>
          {s.percent.toLocaleString()}%
        </Text>
        <Progress value={s.percent} size="lg" aria-hidden />
        <Text>
          {t('memberRecords.standardized')}: {s.standardized.toLocaleString()} / {s.members.toLocaleString()}{' '}
          {t('memberRecords.members').toLowerCase()}
        </Text>
      </Paper>
      {anyFixable && (
        <Button size="md" onClick={() => fixAll.mutate()} loading={fixAll.isPending}>
          {t('memberRecords.fixAll')}
        </Button>
      )}
      {fixAll.data && <SuccessText>{t('memberRecords.fixedN', { n: fixAll.data.fixed })}</SuccessText>}
      <ErrorText error={fixAll.error ?? fixOne.error} />
      <section aria-labelledby="kinds-title">
        <Title order={2} size="h3" id="kinds-title">
          {t('memberRecords.byProblem')}
        </Title>
        <Group gap="xs">
          <Button
            variant={problem ? 'default' : 'filled'}
            size="sm"
            onClick={() => {
              setProblem(undefined);
              setOffset(0);
            }}
          >
            {t('memberRecords.allProblems')}
          </Button>
          {s.byProblem.map((p) => (
            <Button
              key={p.code}
              variant={problem === p.code ? 'filled' : 'default'}
              size="sm"
              onClick={() => {
                setProblem(p.code);
                setOffset(0);
              }}
            >
              {p.label} ({p.count})
            </Button>
          ))}
        </Group>
      </section>
      <section aria-labelledby="fix-title">
        <Title order={2} size="h3" id="fix-title">
          {t('memberRecords.toFix')}
        </Title>
        {s.items.length === 0 && <Text>{t('memberRecords.noneToFix')}</Text>}
        <Stack gap="xs">
          {s.items.map((m) => (
            <Paper key={m.id} withBorder p="sm">
              <Group justify="space-between" wrap="wrap">
                <div>
                  <Anchor component={Link} to={`/dang-vien/ho-so/${m.id}`} fw={600}>
                    {m.fullName}
                  </Anchor>
                  <Text c="dimmed">{m.cellName}</Text>
                </div>
                {m.fixable && (
                  <Button
                    size="sm"
                    variant="light"
                    onClick={() => fixOne.mutate(m.id)}
                    loading={fixOne.isPending && fixOne.variables === m.id}
                    aria-label={`${t('memberRecords.fix')}: ${m.fullName}`}
                  >
                    {t('memberRecords.fix')}
                  </Button>
                )}
              </Group>
              <Group gap={4} mt={4}>
                {m.problems.map((p) => (
                  <Badge key={p.code + p.field} color="orange" c="dark.7" variant="light" style={{ textTransform: 'none' }}>
                    {p.label}
                  </Badge>
                ))}
              </Group>
            </Paper>
          ))}
        </Stack>
        <Pager total={s.total} limit={LIMIT} offset={offset} onChange={setOffset} />
      </section>
      <Duplicates unitId={unitId} />
    </Stack>
  );
}
