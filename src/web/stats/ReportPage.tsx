import { Anchor, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client.ts';
import { PageLoader, QueryError } from '../ui/feedback.tsx';
import { exportUrl, monthLabel, pct, type ReportView, type TrendView } from './api.ts';
import { BarChart, LineChart } from './charts.tsx';
import { SortableTable, type Col } from './SortableTable.tsx';
import './stats-print.css';
import { formatDateTime } from '../i18n/index.ts';
import { vnMonth } from '../../common/time/vietnam.ts';

type Row = ReportView['rows'][number];

/** The monthly report of a unit (adoption, reasons not covered, meetings, reading, 12-month trend); prints on A4. */
export default function ReportPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId') ?? '';
  const month = params.get('month') ?? vnMonth(Date.now());
  const q = useQuery({
    queryKey: ['stats', 'report', unitId, month],
    queryFn: () => api.get<ReportView>(withQuery('/api/stats/report', { unitId, month })),
    enabled: !!unitId,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const trend = useQuery({
    queryKey: ['stats', 'trend', unitId, month],
    queryFn: () => api.get<TrendView>(withQuery('/api/stats/meetings/trend', { unitId, month })),
    enabled: !!unitId,
  });
  const locale = i18n.language;
  if (!unitId) return <Text>{t('stats.noUnit')}</Text>;
  const name = (r: Row) => (r.direct ? t('stats.direct', { name: r.unit.name }) : r.unit.name);
  const unitCol: Col<Row> = {
    key: 'unit',
    label: t('stats.col.unit'),
    value: (r) => r.unit.name,
    render: (r) =>
      r.hasChildren ? (
        <Anchor component={Link} to={`/thong-ke/bao-cao?unitId=${r.unit.id}&month=${month}`}>
          {name(r)}
        </Anchor>
      ) : (
        name(r)
      ),
  };
  const exportBtn = (table: 'report' | 'coverage' | 'trend') => (
    <Button component="a" href={exportUrl(table, { unitId, month })} download variant="default" size="md" className="no-print">
      {t('stats.export')}
    </Button>
  );
  return (
    <Stack className="print-area stats-report">
      <Title order={1}>{t('stats.report.title', { month: monthLabel(month) })}</Title>
      <Group className="no-print" align="end">
        <TextInput
          type="month"
          label={t('stats.report.month')}
          value={month}
          onChange={(e) => setParams({ unitId, month: e.currentTarget.value }, { replace: true })}
          size="md"
        />
        <Button size="md" onClick={() => window.print()}>
          {t('stats.report.print')}
        </Button>
        {q.data?.unit.parentId && (
          <Button
            component={Link}
            to={`/thong-ke/bao-cao?unitId=${q.data.unit.parentId}&month=${month}`}
            variant="default"
            size="md"
          >
            {t('stats.up')}
          </Button>
        )}
        <Button component={Link} to={`/thong-ke?unitId=${unitId}`} variant="default" size="md">
          {t('stats.title')}
        </Button>
      </Group>
      {q.isPending && <PageLoader />}
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && (
        <>
          <Text fw={600} size="lg">
            {q.data.unit.name}
          </Text>
          <Text size="sm" c="dimmed">
            {q.data.final ? t('stats.report.final') : t('stats.report.live', { at: formatDateTime(q.data.asOf) })}
          </Text>

          <section aria-labelledby="rp-adoption" className="stats-section">
            <Title order={2} size="h3" id="rp-adoption">
              {t('stats.report.adoption')}
            </Title>
            <BarChart
              title={t('stats.chartTitle')}
              bars={q.data.rows.map((r) => ({ label: name(r), value: r.adoption.rates.installed }))}
              max={100}
              suffix=" %"
            />
            <SortableTable
              caption={t('stats.report.adoption')}
              rows={q.data.rows}
              rowKey={(r) => `${r.unit.id}-${r.direct}`}
              columns={[
                unitCol,
                { key: 'members', label: t('stats.col.members'), value: (r) => r.adoption.members },
                { key: 'installed', label: t('stats.col.installed'), value: (r) => r.adoption.installed },
                {
                  key: 'rate',
                  label: t('stats.report.rate'),
                  value: (r) => r.adoption.rates.installed,
                  render: (r) => pct(r.adoption.rates.installed, locale),
                },
                { key: 'activated', label: t('stats.col.activated'), value: (r) => r.adoption.activated },
              ]}
              total={[
                t('stats.total'),
                q.data.total.adoption.members,
                q.data.total.adoption.installed,
                pct(q.data.total.adoption.rates.installed, locale),
                q.data.total.adoption.activated,
              ]}
            />
          </section>

          <section aria-labelledby="rp-coverage" className="stats-section">
            <Group justify="space-between">
              <Title order={2} size="h3" id="rp-coverage">
                {t('stats.report.coverage')}
              </Title>
              {exportBtn('coverage')}
            </Group>
            <SortableTable
              caption={t('stats.report.coverageHint')}
              rows={q.data.rows}
              rowKey={(r) => `${r.unit.id}-${r.direct}`}
              columns={[
                unitCol,
                { key: 'notInstalled', label: t('stats.reason.notInstalled'), value: (r) => r.coverage.notInstalled },
                { key: 'probationary', label: t('stats.reason.probationary'), value: (r) => r.coverage.probationary },
                { key: 'noPhone', label: t('stats.reason.noPhone'), value: (r) => r.coverage.noPhone },
                { key: 'notActivated', label: t('stats.reason.notActivated'), value: (r) => r.coverage.notActivated },
                { key: 'other', label: t('stats.reason.other'), value: (r) => r.coverage.other },
                { key: 'exempted', label: t('stats.col.exempted'), value: (r) => r.coverage.exempted },
              ]}
              total={[
                t('stats.total'),
                ...(['notInstalled', 'probationary', 'noPhone', 'notActivated', 'other', 'exempted'] as const).map(
                  (k) => q.data.total.coverage[k],
                ),
              ]}
            />
          </section>

          <section aria-labelledby="rp-meetings" className="stats-section">
            <Group justify="space-between">
              <Title order={2} size="h3" id="rp-meetings">
                {t('stats.report.meetings')}
              </Title>
              {exportBtn('report')}
            </Group>
            <BarChart
              title={t('stats.report.heldRate')}
              bars={q.data.rows.map((r) => ({ label: name(r), value: r.meetings.rates.held }))}
              max={100}
              suffix=" %"
            />
            <SortableTable
              caption={t('stats.report.meetings')}
              rows={q.data.rows}
              rowKey={(r) => `${r.unit.id}-${r.direct}`}
              columns={[
                unitCol,
                { key: 'cells', label: t('stats.m.cells'), value: (r) => r.meetings.cells },
                { key: 'registeredOnTime', label: t('stats.m.registeredOnTime'), value: (r) => r.meetings.registeredOnTime },
                { key: 'held', label: t('stats.m.held'), value: (r) => r.meetings.held },
                { key: 'materialsOnTime', label: t('stats.m.materialsOnTime'), value: (r) => r.meetings.materialsOnTime },
                { key: 'finalizedOnTime', label: t('stats.m.finalizedOnTime'), value: (r) => r.meetings.finalizedOnTime },
                {
                  key: 'attendance',
                  label: t('stats.m.attendance'),
                  value: (r) => r.meetings.averageAttendance,
                  render: (r) => (r.meetings.averageAttendance === null ? '—' : pct(r.meetings.averageAttendance, locale)),
                },
                {
                  key: 'open',
                  label: t('stats.m.open'),
                  value: () => null,
                  render: (r) => (
                    <Anchor component={Link} to={`/sinh-hoat/theo-doi?unitId=${r.unit.id}&month=${month}`}>
                      {t('stats.m.openLink')}
                    </Anchor>
                  ),
                },
              ]}
              total={[
                t('stats.total'),
                q.data.total.meetings.cells,
                q.data.total.meetings.registeredOnTime,
                q.data.total.meetings.held,
                q.data.total.meetings.materialsOnTime,
                q.data.total.meetings.finalizedOnTime,
                q.data.total.meetings.averageAttendance === null ? '—' : pct(q.data.total.meetings.averageAttendance, locale),
                '',
              ]}
            />
          </section>

          <section aria-labelledby="rp-reading" className="stats-section">
            <Group justify="space-between">
              <Title order={2} size="h3" id="rp-reading">
                {t('stats.report.reading')}
              </Title>
              <Button
                component={Link}
                to={`/thong-ke/dang-vien?unitId=${unitId}`}
                variant="default"
                size="md"
                className="no-print"
              >
                {t('stats.report.readingMore')}
              </Button>
            </Group>
            <SortableTable
              caption={t('stats.report.reading')}
              rows={q.data.rows}
              rowKey={(r) => `${r.unit.id}-${r.direct}`}
              columns={[
                unitCol,
                { key: 'reads', label: t('stats.r.reads'), value: (r) => r.reading.reads },
                { key: 'readers', label: t('stats.r.readers'), value: (r) => r.reading.readers },
                {
                  key: 'rate',
                  label: t('stats.r.rate'),
                  value: (r) => r.reading.readersRate,
                  render: (r) => pct(r.reading.readersRate, locale),
                },
              ]}
              total={[
                t('stats.total'),
                q.data.total.reading.reads,
                q.data.total.reading.readers,
                pct(q.data.total.reading.readersRate, locale),
              ]}
            />
          </section>
        </>
      )}
      {trend.data && (
        <section aria-labelledby="rp-trend" className="stats-section">
          <Group justify="space-between">
            <Title order={2} size="h3" id="rp-trend">
              {t('stats.report.trend')}
            </Title>
            {exportBtn('trend')}
          </Group>
          <LineChart
            title={t('stats.report.trend')}
            labels={trend.data.months.map((m) => monthLabel(m.month).slice(0, 2))}
            max={100}
            suffix="%"
            series={[
              { name: t('stats.m.held'), values: trend.data.months.map((m) => m.rates.held) },
              { name: t('stats.m.registeredOnTime'), values: trend.data.months.map((m) => m.rates.registeredOnTime) },
              { name: t('stats.m.finalizedOnTime'), values: trend.data.months.map((m) => m.rates.finalizedOnTime) },
            ]}
          />
          <SortableTable
            caption={t('stats.report.trendTable')}
            rows={trend.data.months}
            rowKey={(m) => m.month}
            columns={[
              { key: 'month', label: t('stats.report.month'), value: (m) => m.month, render: (m) => monthLabel(m.month) },
              { key: 'cells', label: t('stats.m.cells'), value: (m) => m.cells },
              {
                key: 'held',
                label: t('stats.m.held'),
                value: (m) => m.rates.held,
                render: (m) => `${m.held} (${pct(m.rates.held, locale)})`,
              },
              {
                key: 'registeredOnTime',
                label: t('stats.m.registeredOnTime'),
                value: (m) => m.rates.registeredOnTime,
                render: (m) => `${m.registeredOnTime} (${pct(m.rates.registeredOnTime, locale)})`,
              },
              {
                key: 'finalizedOnTime',
                label: t('stats.m.finalizedOnTime'),
                value: (m) => m.rates.finalizedOnTime,
                render: (m) => `${m.finalizedOnTime} (${pct(m.rates.finalizedOnTime, locale)})`,
              },
            ]}
          />
        </section>
      )}
    </Stack>
  );
}
