import { useState } from 'react';
import { Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client.ts';
import { PageLoader, QueryError } from '../ui/feedback.tsx';
import { exportUrl, monthLabel, pct, type CompositionView, type DrillView, type MovementsView, type ReadingView } from './api.ts';
import { BarChart, LineChart } from './charts.tsx';
import { SortableTable } from './SortableTable.tsx';

const MOVES = ['admitted', 'officialized', 'transferredIn', 'transferredOut', 'removed'] as const;

/** Members of a unit: composition, movements per month, most-read documents and who has not read them. */
export default function MembersStatsPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const unitId = params.get('unitId') ?? '';
  const locale = i18n.language;
  const comp = useQuery({
    queryKey: ['stats', 'composition', unitId],
    queryFn: () => api.get<CompositionView>(withQuery('/api/stats/members/composition', { unitId })),
    enabled: !!unitId,
  });
  const moves = useQuery({
    queryKey: ['stats', 'movements', unitId],
    queryFn: () => api.get<MovementsView>(withQuery('/api/stats/members/movements', { unitId })),
    enabled: !!unitId,
  });
  const reading = useQuery({
    queryKey: ['stats', 'reading', unitId],
    queryFn: () => api.get<ReadingView>(withQuery('/api/stats/reading', { unitId })),
    enabled: !!unitId,
  });
  const [doc, setDoc] = useState<string | null>(null);
  if (!unitId) return <Text>{t('stats.noUnit')}</Text>;
  const label = (dim: string, key: string) =>
    t(`stats.band.${dim}.${key}`, { defaultValue: key === 'unknown' ? t('stats.band.unknown') : key });
  const exportBtn = (table: 'composition' | 'movements' | 'reading') => (
    <Button component="a" href={exportUrl(table, { unitId })} download variant="default" size="md">
      {t('stats.export')}
    </Button>
  );
  return (
    <Stack>
      <Title order={1}>{t('stats.members.title')}</Title>
      <Group>
        <Button component={Link} to={`/thong-ke?unitId=${unitId}`} variant="default" size="md">
          {t('stats.title')}
        </Button>
      </Group>
      <section aria-labelledby="ms-comp">
        <Group justify="space-between">
          <Title order={2} size="h3" id="ms-comp">
            {t('stats.members.composition')}
          </Title>
          {exportBtn('composition')}
        </Group>
        {comp.isPending && <PageLoader />}
        {comp.isError && <QueryError error={comp.error} />}
        {comp.data && (
          <Stack>
            <Text>{t('stats.members.total', { count: comp.data.total })}</Text>
            {comp.data.dimensions.map((d) => (
              <div key={d.key}>
                <BarChart
                  title={t(`stats.dim.${d.key}`)}
                  bars={d.rows.map((r) => ({ label: label(d.key, r.key), value: r.share }))}
                  max={100}
                  suffix=" %"
                />
                <SortableTable
                  caption={t(`stats.dim.${d.key}`)}
                  rows={d.rows}
                  rowKey={(r) => r.key}
                  minWidth={300}
                  columns={[
                    { key: 'group', label: t('stats.members.group'), value: (r) => label(d.key, r.key) },
                    { key: 'count', label: t('stats.col.members'), value: (r) => r.count },
                    { key: 'share', label: t('stats.members.share'), value: (r) => r.share, render: (r) => pct(r.share, locale) },
                  ]}
                  total={[t('stats.total'), comp.data.total, '100 %']}
                />
              </div>
            ))}
          </Stack>
        )}
      </section>
      <section aria-labelledby="ms-moves">
        <Group justify="space-between">
          <Title order={2} size="h3" id="ms-moves">
            {t('stats.members.movements')}
          </Title>
          {exportBtn('movements')}
        </Group>
        {moves.isError && <QueryError error={moves.error} />}
        {moves.data && (
          <>
            <LineChart
              title={t('stats.members.movements')}
              labels={moves.data.months.map((m) => monthLabel(m.month).slice(0, 2))}
              series={MOVES.map((k) => ({ name: t(`stats.move.${k}`), values: moves.data.months.map((m) => m[k]) }))}
            />
            <SortableTable
              caption={t('stats.members.movements')}
              rows={moves.data.months}
              rowKey={(m) => m.month}
              columns={[
                { key: 'month', label: t('stats.report.month'), value: (m) => m.month, render: (m) => monthLabel(m.month) },
                ...MOVES.map((k) => ({
                  key: k,
                  label: t(`stats.move.${k}`),
                  value: (m: MovementsView['months'][number]) => m[k],
                })),
              ]}
              total={[t('stats.total'), ...MOVES.map((k) => moves.data.total[k])]}
            />
          </>
        )}
      </section>
      <section aria-labelledby="ms-reading">
        <Group justify="space-between">
          <Title order={2} size="h3" id="ms-reading">
            {t('stats.members.reading')}
          </Title>
          {exportBtn('reading')}
        </Group>
        {reading.isError && <QueryError error={reading.error} />}
        {reading.data && (
          <>
            <BarChart
              title={t('stats.members.reading')}
              bars={reading.data.documents
                .slice(0, 10)
                .map((d) => ({ label: d.symbol ? `${d.symbol} ${d.title}` : d.title, value: d.rate }))}
              max={100}
              suffix=" %"
            />
            <Table.ScrollContainer minWidth={480}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('stats.members.document')}</Table.Th>
                    <Table.Th>{t('stats.r.readers')}</Table.Th>
                    <Table.Th>{t('stats.members.notRead')}</Table.Th>
                    {reading.data.columns.map((c) => (
                      <Table.Th key={`${c.unitId}-${c.direct}`}>
                        {c.name} ({c.members})
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {reading.data.documents.map((d) => (
                    <Table.Tr key={d.id}>
                      <Table.Td>{d.symbol ? `${d.symbol} — ${d.title}` : d.title}</Table.Td>
                      <Table.Td>
                        {d.readers} ({pct(d.rate, locale)})
                      </Table.Td>
                      <Table.Td>
                        <Anchor component="button" type="button" onClick={() => setDoc(d.id)} style={{ minHeight: 48 }}>
                          {d.notRead}
                        </Anchor>
                      </Table.Td>
                      {d.byUnit.map((n, i) => (
                        <Table.Td key={i}>{n}</Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
        )}
        {doc && <NotReadList unitId={unitId} documentId={doc} onClose={() => setDoc(null)} />}
      </section>
    </Stack>
  );
}

function NotReadList({ unitId, documentId, onClose }: { unitId: string; documentId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['stats', 'notRead', unitId, documentId],
    queryFn: () =>
      api.get<DrillView & { document: { title: string } }>(
        withQuery('/api/stats/reading/not-read', { unitId, documentId, limit: 500 }),
      ),
  });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <QueryError error={q.error} />;
  return (
    <Stack mt="md">
      <Group justify="space-between">
        <Title order={3} size="h4">
          {t('stats.members.notReadTitle', { title: q.data.document.title, count: q.data.total })}
        </Title>
        <Group>
          <Button component="a" href={exportUrl('notRead', { unitId, documentId })} download variant="default" size="md">
            {t('stats.export')}
          </Button>
          <Button variant="default" size="md" onClick={onClose}>
            {t('stats.close')}
          </Button>
        </Group>
      </Group>
      <SortableTable
        caption={t('stats.members.notReadTitle', { title: q.data.document.title, count: q.data.total })}
        rows={q.data.items}
        rowKey={(m) => m.id}
        columns={[
          { key: 'name', label: t('stats.col.members'), value: (m) => m.fullName },
          { key: 'cell', label: t('stats.cellCol'), value: (m) => m.cellName },
          { key: 'phone', label: t('stats.phone'), value: (m) => m.phoneMasked },
        ]}
      />
    </Stack>
  );
}
