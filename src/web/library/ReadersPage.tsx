import { Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client.ts';
import { formatDateTime } from '../i18n/index.ts';
import { PageLoader, QueryError } from '../ui/feedback.tsx';
import { useAbilities, useDocument } from './api.ts';

interface Readers {
  unit: { id: string; name: string };
  total: number;
  read: number;
  items: Array<{ memberId: string; fullName: string; readAt: string | null }>;
}
interface Stats {
  unit: { id: string; name: string };
  total: number;
  read: number;
  items: Array<{ unitId: string; name: string; total: number; read: number; percent: number }>;
}

/** Secretary: who in the cell has read it; committee: read rate of each unit below. */
export default function ReadersPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const doc = useDocument(id);
  const abilities = useAbilities();
  const unitId = abilities.data?.readStatsUnits[0]?.id;
  const readers = useQuery({
    queryKey: ['library', 'readers', id, unitId],
    queryFn: () => api.get<Readers>(withQuery(`/api/documents/${id}/readers`, { unitId })),
    enabled: !!unitId,
  });
  const stats = useQuery({
    queryKey: ['library', 'stats', id, unitId],
    queryFn: () => api.get<Stats>(withQuery(`/api/documents/${id}/read-stats`, { unitId })),
    enabled: !!unitId,
  });

  if (doc.isPending || abilities.isPending) return <PageLoader />;
  if (doc.isError) return <QueryError error={doc.error} />;
  return (
    <Stack>
      <Title order={1} fz={24}>
        {t('library.readersTitle', { title: doc.data.document.title })}
      </Title>
      {readers.isError && <QueryError error={readers.error} />}
      {readers.data && (
        <section aria-labelledby="readers-list">
          <Title order={2} size="h3" id="readers-list">
            {readers.data.unit.name}
          </Title>
          <Text fz="lg" my="xs">
            {t('library.readersSummary', { read: readers.data.read, total: readers.data.total })}
          </Text>
          <Table striped withTableBorder fz="md" verticalSpacing="sm">
            <Table.Tbody>
              {readers.data.items.map((m) => (
                <Table.Tr key={m.memberId}>
                  <Table.Td>{m.fullName}</Table.Td>
                  {/* red.9 keeps 4.5:1 on the striped rows; Mantine's greens do not, so read rows stay plain. */}
                  <Table.Td c={m.readAt ? undefined : 'red.9'} fw={m.readAt ? undefined : 600}>
                    {m.readAt ? `${t('library.hasRead')} ${formatDateTime(m.readAt)}` : t('library.notRead')}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </section>
      )}
      {stats.data && stats.data.items.length > 0 && (
        <section aria-labelledby="read-stats">
          <Title order={2} size="h3" id="read-stats" mb="xs">
            {t('library.readStats')}
          </Title>
          <Table withTableBorder fz="md" verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('library.unit')}</Table.Th>
                <Table.Th scope="col">{t('library.percent')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {stats.data.items.map((u) => (
                <Table.Tr key={u.unitId}>
                  <Table.Td>{u.name}</Table.Td>
                  <Table.Td>
                    <Text fz="sm">{`${u.percent}% (${u.read}/${u.total})`}</Text>
                    <Progress value={u.percent} aria-label={`${u.name}: ${u.percent}%`} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </section>
      )}
    </Stack>
  );
}
