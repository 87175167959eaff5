import { useState } from 'react';
import { Anchor, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client.ts';
import { formatDateTime } from '../i18n/index.ts';
import { ErrorText, PageLoader, QueryError } from '../ui/feedback.tsx';
import { meetingKeys, type Mine } from './api.ts';
import { vnMonth } from '../../common/time/vietnam.ts';

interface Absences {
  asOfMonth: string;
  items: Array<{
    memberId: string;
    fullName: string;
    cellId: string;
    cellName: string;
    months: string[];
    meetings: Array<{ id: string; month: string; startsAt: string }>;
  }>;
}

const mmYYYY = (m: string) => `${m.slice(5)}/${m.slice(0, 4)}`;

/**
 * Members with unexcused absences in 3 different months within 12 (the statute's removal rule),
 * for the secretary of their cell and the committees above, with the meetings that count.
 */
export default function AbsencesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const mine = useQuery({ queryKey: meetingKeys.mine, queryFn: () => api.get<Mine>('/api/meetings/mine') });
  const units = [
    ...new Map([...(mine.data?.manageUnits ?? []), ...(mine.data?.monitorUnits ?? [])].map((u) => [u.id, u])).values(),
  ];
  const unitId = params.get('unitId') ?? units[0]?.id ?? '';
  const [asOf, setAsOf] = useState(params.get('asOf') ?? vnMonth(Date.now()));
  const q = useQuery({
    queryKey: ['meetings', 'absences', unitId, asOf],
    queryFn: () => api.get<Absences>(withQuery('/api/meetings/absences', { unitId, asOf })),
    enabled: !!unitId && /^\d{4}-\d{2}$/.test(asOf),
    placeholderData: keepPreviousData,
  });
  const pick = (next: { unitId?: string; asOf?: string }) =>
    setParams({ unitId: next.unitId ?? unitId, asOf: next.asOf ?? asOf }, { replace: true });

  if (mine.isPending) return <PageLoader />;
  if (mine.isError) return <QueryError error={mine.error} onRetry={() => void mine.refetch()} />;
  return (
    <Stack>
      <Title order={1}>{t('meetings.ab.title')}</Title>
      <Text>{t('meetings.ab.help')}</Text>
      {units.length > 1 && (
        <NativeSelect
          label={t('meetings.f.unit')}
          value={unitId}
          onChange={(e) => pick({ unitId: e.currentTarget.value })}
          data={units.map((u) => ({ value: u.id, label: u.name }))}
          size="md"
        />
      )}
      {units.length === 1 && <Text fw={600}>{units[0]!.name}</Text>}
      <TextInput
        type="month"
        label={t('meetings.ab.asOf')}
        value={asOf}
        onChange={(e) => {
          const v = e.currentTarget.value;
          setAsOf(v);
          pick({ asOf: v });
        }}
        size="md"
      />
      {q.isPending && unitId && <PageLoader />}
      {q.isError && <ErrorText error={q.error} />}
      {q.data && q.data.items.length === 0 && <Text>{t('meetings.ab.none')}</Text>}
      <Stack component="ul" className="plain-list" gap="sm">
        {q.data?.items.map((p) => (
          <Paper component="li" withBorder p="sm" key={p.memberId}>
            <Text fw={700}>{p.fullName}</Text>
            <Text c="dimmed">{p.cellName}</Text>
            <Text>{t('meetings.ab.months', { months: p.months.map(mmYYYY).join(', ') })}</Text>
            <Text size="sm" fw={600} mt={4}>
              {t('meetings.ab.meetings')}
            </Text>
            <ul className="plain-list">
              {p.meetings.map((m) => (
                <li key={m.id}>
                  <Anchor component={Link} to={`/sinh-hoat/${m.id}`} className="tap-row">
                    {formatDateTime(m.startsAt)}
                  </Anchor>
                </li>
              ))}
            </ul>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}
