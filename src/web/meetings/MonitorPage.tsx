import { useState } from 'react';
import { Anchor, Badge, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client.ts';
import { PageLoader, QueryError } from '../ui/feedback.tsx';
import { type Rating } from './api.ts';
import { vnMonth } from '../../common/time/vietnam.ts';

type Problem = 'not_registered' | 'registered_late' | 'materials_late' | 'not_finalized' | 'finalized_late';
interface MonitorView {
  unit: { id: string; name: string };
  month: string;
  summary: {
    cells: number;
    registered: number;
    registeredOnTime: number;
    held: number;
    materialsOnTime: number;
    finalized: number;
    finalizedOnTime: number;
    averageAttendance: number | null;
  };
  cells: Array<{
    cellId: string;
    cellName: string;
    meetingId: string | null;
    registered: boolean;
    registeredOnTime: boolean;
    held: boolean;
    materialsOnTime: boolean;
    finalized: boolean;
    finalizedOnTime: boolean;
    attendanceRate: number | null;
    rating: Rating | null;
    problems: Problem[];
  }>;
  behind: Array<{ cellId: string; cellName: string; meetingId: string | null; problems: Problem[] }>;
}

/** The committee's view of a month: who registered, held, posted and finalized on time. */
export default function MonitorPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId') ?? '';
  const [month, setMonth] = useState(params.get('month') ?? vnMonth(Date.now()));
  const q = useQuery({
    queryKey: ['meetings', 'monitor', unitId, month],
    queryFn: () => api.get<MonitorView>(withQuery('/api/meetings/monitor', { unitId, month })),
    enabled: !!unitId && /^\d{4}-\d{2}$/.test(month),
    placeholderData: keepPreviousData,
  });
  const yn = (b: boolean) => (b ? t('meetings.yes') : t('meetings.no'));
  return (
    <Stack>
      <Title order={1}>{t('meetings.monitorTitle', { month })}</Title>
      <TextInput
        type="month"
        label={t('meetings.f.month')}
        value={month}
        onChange={(e) => {
          const v = e.currentTarget.value;
          setMonth(v);
          setParams({ unitId, month: v }, { replace: true });
        }}
        size="md"
      />
      {q.isPending && <PageLoader />}
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && (
        <>
          <Text fw={600}>{q.data.unit.name}</Text>
          <Text>
            {t('meetings.summary', {
              cells: q.data.summary.cells,
              onTime: q.data.summary.registeredOnTime,
              held: q.data.summary.held,
              mat: q.data.summary.materialsOnTime,
              fin: q.data.summary.finalizedOnTime,
              att: q.data.summary.averageAttendance ?? '—',
            })}
          </Text>
          <section aria-labelledby="mt-behind">
            <Title order={2} size="h3" id="mt-behind" mb="xs">
              {t('meetings.behind')}
            </Title>
            {q.data.behind.length === 0 && <Text>{t('meetings.noneBehind')}</Text>}
            <ul className="plain-list">
              {q.data.behind.map((b) => (
                <li key={b.cellId}>
                  {b.meetingId ? (
                    <Anchor component={Link} to={`/sinh-hoat/${b.meetingId}`} className="tap-row">
                      <Text fw={600}>{b.cellName}</Text>
                      <Group gap={4}>
                        {b.problems.map((p) => (
                          <Badge key={p} variant="outline" color="party">
                            {t(`meetings.problem.${p}`)}
                          </Badge>
                        ))}
                      </Group>
                    </Anchor>
                  ) : (
                    <div className="tap-row">
                      <Text fw={600}>{b.cellName}</Text>
                      <Group gap={4}>
                        {b.problems.map((p) => (
                          <Badge key={p} variant="outline" color="party">
                            {t(`meetings.problem.${p}`)}
                          </Badge>
                        ))}
                      </Group>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="mt-cells-table">
            <Title order={2} size="h3" id="mt-cells-table" mb="xs">
              {t('meetings.cellsTable')}
            </Title>
            <Table.ScrollContainer minWidth={560}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    {(['cell', 'registered', 'held', 'materials', 'finalized', 'attendance', 'rating'] as const).map((c) => (
                      <Table.Th key={c}>{t(`meetings.col.${c}`)}</Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {q.data.cells.map((c) => (
                    <Table.Tr key={c.cellId}>
                      <Table.Td>
                        {c.meetingId ? (
                          <Anchor component={Link} to={`/sinh-hoat/${c.meetingId}`}>
                            {c.cellName}
                          </Anchor>
                        ) : (
                          c.cellName
                        )}
                      </Table.Td>
                      <Table.Td>{yn(c.registeredOnTime)}</Table.Td>
                      <Table.Td>{yn(c.held)}</Table.Td>
                      <Table.Td>{yn(c.materialsOnTime)}</Table.Td>
                      <Table.Td>{yn(c.finalizedOnTime)}</Table.Td>
                      <Table.Td>{c.attendanceRate ?? '—'}</Table.Td>
                      <Table.Td>{c.rating ? t(`meetings.rating.${c.rating}`) : '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </section>
        </>
      )}
    </Stack>
  );
}
