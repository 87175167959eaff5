import { useState } from 'react';
import { Anchor, Button, Group, NativeSelect, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client.ts';
import { useMe } from '../auth/useMe.ts';
import { PageLoader, QueryError } from '../ui/feedback.tsx';
import {
  DRILL_METRICS,
  exportUrl,
  METRICS,
  monthLabel,
  pct,
  type AdoptionRow,
  type AdoptionView,
  type DrillMetric,
  type DrillView,
  type Movement,
} from './api.ts';
import { InstallChart } from './InstallChart.tsx';

type SortKey = 'unit' | 'members' | 'exempted' | (typeof METRICS)[number] | 'rank' | 'movement';
const COLUMNS: SortKey[] = ['unit', 'members', 'exempted', ...METRICS, 'rank', 'movement'];

function sortValue(r: AdoptionRow, k: SortKey): number | string {
  if (k === 'unit') return r.unit.name;
  if (k === 'members' || k === 'exempted') return r[k];
  if (k === 'rank') return r.installRank;
  if (k === 'movement') return r.movement?.rankChange ?? 0;
  return r.rates[k];
}

/** Adoption of a unit and its children: table (sortable), installation chart, drill-down lists, Excel export. */
export default function StatsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const defaultUnit = me?.abilities.firstUnit['stats.read'] ?? '';
  const unitId = params.get('unitId') ?? defaultUnit;
  const metric = params.get('metric') as DrillMetric | null;
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'unit', desc: false });
  // A past month's snapshot (figures as they were then) or, without one, the live figures.
  const month = params.get('month');
  const q = useQuery({
    queryKey: ['stats', 'adoption', unitId, month],
    queryFn: () => api.get<AdoptionView>(withQuery('/api/stats/adoption', { unitId, month })),
    enabled: !!unitId,
    placeholderData: keepPreviousData,
  });
  const months = useQuery({
    queryKey: ['stats', 'months'],
    queryFn: () => api.get<{ months: Array<{ month: string; final: boolean }> }>('/api/stats/months'),
    staleTime: 5 * 60_000,
  });
  // A unit's page of the ranking, in the month shown.
  const unitPage = (id: string) => withQuery('/thong-ke', { unitId: id, month });
  const choose = (value: string) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      if (value) next.set('month', value);
      else next.delete('month');
      return next;
    });
  if (!unitId) return <Text>{t('stats.noUnit')}</Text>;
  const locale = i18n.language;
  const rows = q.data ? [...q.data.rows] : [];
  if (sort.key !== 'unit' || sort.desc) {
    rows.sort((a, b) => {
      const x = sortValue(a, sort.key);
      const y = sortValue(b, sort.key);
      const c = typeof x === 'string' ? x.localeCompare(String(y), 'vi') : x - (y as number);
      return sort.desc ? -c : c;
    });
  }
  const name = (r: AdoptionRow) => (r.direct ? t('stats.direct', { name: r.unit.name }) : r.unit.name);
  const toggle = (key: SortKey) => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== 'unit' && key !== 'rank' }));
  return (
    <Stack>
      <Title order={1}>{t('stats.title')}</Title>
      {q.isPending && <PageLoader />}
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && (
        <>
          <Group justify="space-between">
            <Text fw={600} size="lg">
              {q.data.unit.name}
            </Text>
            <Group>
              {q.data.unit.parentId && (
                <Button component={Link} to={unitPage(q.data.unit.parentId)} variant="default" size="md">
                  {t('stats.up')}
                </Button>
              )}
              <Button component="a" href={withQuery('/api/stats/adoption/export', { unitId, month })} download size="md">
                {t('stats.export')}
              </Button>
              <Button component="a" href={exportUrl('members', { unitId })} download variant="default" size="md">
                {t('stats.exportMembers')}
              </Button>
              <Button component={Link} to={`/thong-ke/bao-cao?unitId=${unitId}`} variant="default" size="md">
                {t('stats.report.link')}
              </Button>
              <Button component={Link} to={`/thong-ke/dang-vien?unitId=${unitId}`} variant="default" size="md">
                {t('stats.members.link')}
              </Button>
            </Group>
          </Group>
          <NativeSelect
            label={t('stats.period')}
            value={month ?? ''}
            onChange={(e) => choose(e.currentTarget.value)}
            size="md"
            maw={360}
            data={[
              { value: '', label: t('stats.periodLive') },
              ...(months.data?.months ?? []).map((m) => ({
                value: m.month,
                label: t(m.final ? 'stats.periodMonth' : 'stats.periodMonthOpen', { month: monthLabel(m.month) }),
              })),
            ]}
          />
          {q.data.previousMonth && <Text size="sm">{t('stats.movementSince', { month: monthLabel(q.data.previousMonth) })}</Text>}
          <Text>
            {t('stats.summary', {
              members: q.data.total.members,
              probationary: q.data.total.probationary,
              exempted: q.data.total.exempted,
            })}
          </Text>
          <Table.ScrollContainer minWidth={720}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  {COLUMNS.map((c) => (
                    <Table.Th key={c} aria-sort={sort.key === c ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                      <UnstyledButton
                        onClick={() => toggle(c)}
                        aria-label={t('stats.sortBy', { col: t(`stats.col.${c}`) })}
                        className="sort-head"
                        style={{ minHeight: 48, fontWeight: 700 }}
                      >
                        {t(`stats.col.${c}`)} {sort.key === c ? (sort.desc ? '▼' : '▲') : ''}
                      </UnstyledButton>
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={`${r.unit.id}-${r.direct}`}>
                    <Table.Td>
                      {r.direct ? (
                        name(r)
                      ) : (
                        <Anchor component={Link} to={unitPage(r.unit.id)}>
                          {name(r)}
                        </Anchor>
                      )}
                    </Table.Td>
                    <Table.Td>{r.members}</Table.Td>
                    <Table.Td>{r.exempted}</Table.Td>
                    {METRICS.map((m) => (
                      <Table.Td key={m}>
                        {r[m]} ({pct(r.rates[m], locale)})
                      </Table.Td>
                    ))}
                    <Table.Td>{r.installRank}</Table.Td>
                    <Table.Td>
                      <MovementCell m={r.movement} />
                    </Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr fw={700}>
                  <Table.Td>{t('stats.total')}</Table.Td>
                  <Table.Td>{q.data.total.members}</Table.Td>
                  <Table.Td>{q.data.total.exempted}</Table.Td>
                  {METRICS.map((m) => (
                    <Table.Td key={m}>
                      {q.data.total[m]} ({pct(q.data.total.rates[m], locale)})
                    </Table.Td>
                  ))}
                  <Table.Td />
                  <Table.Td />
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <InstallChart rows={q.data.rows} label={name} />
          <section aria-labelledby="st-drill">
            <Title order={2} size="h3" id="st-drill" mb="xs">
              {t('stats.drill')}
            </Title>
            <Group>
              {DRILL_METRICS.map((m) => (
                <Button
                  key={m}
                  variant={metric === m ? 'filled' : 'default'}
                  size="md"
                  onClick={() => setParams({ unitId, metric: m })}
                >
                  {t(`stats.metric.${m}`)}
                </Button>
              ))}
            </Group>
          </section>
          {metric && DRILL_METRICS.includes(metric) && (
            <DrillList unitId={unitId} metric={metric} onClose={() => setParams({ unitId })} />
          )}
        </>
      )}
    </Stack>
  );
}

/** Rank movement since last month: arrow and words, never colour alone. */
function MovementCell({ m }: { m: Movement | null }) {
  const { t, i18n } = useTranslation();
  if (!m) return <>—</>;
  const points = m.installedRateChange.toLocaleString(i18n.language === 'en' ? 'en' : 'vi', {
    maximumFractionDigits: 1,
    signDisplay: 'always',
  });
  const arrow = m.rankChange > 0 ? '▲' : m.rankChange < 0 ? '▼' : '＝';
  return (
    <span aria-label={t('stats.movementAria', { change: m.rankChange, previous: m.previousRank, points })}>
      {arrow} {m.rankChange !== 0 ? Math.abs(m.rankChange) : ''} ({points})
    </span>
  );
}

const LIMIT = 500;

function DrillList({ unitId, metric, onClose }: { unitId: string; metric: DrillMetric; onClose: () => void }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['stats', 'drill', unitId, metric],
    queryFn: () => api.get<DrillView>(withQuery('/api/stats/adoption/members', { unitId, metric, limit: LIMIT })),
  });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <section aria-labelledby="st-list">
      <Group justify="space-between">
        <Title order={2} size="h3" id="st-list">
          {t('stats.listTitle', { metric: t(`stats.metric.${metric}`), count: q.data.total })}
        </Title>
        <Button variant="default" size="md" onClick={onClose}>
          {t('stats.close')}
        </Button>
      </Group>
      <Table.ScrollContainer minWidth={480}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>{t('stats.col.members')}</Table.Th>
              <Table.Th>{t('stats.cellCol')}</Table.Th>
              <Table.Th>{t('stats.phone')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {q.data.items.map((m, i) => (
              <Table.Tr key={m.id}>
                <Table.Td>{i + 1}</Table.Td>
                <Table.Td>{m.fullName}</Table.Td>
                <Table.Td>{m.cellName}</Table.Td>
                <Table.Td>{m.phoneMasked ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {q.data.total > q.data.items.length && <Text>{t('stats.more', { count: q.data.total - q.data.items.length })}</Text>}
    </section>
  );
}
