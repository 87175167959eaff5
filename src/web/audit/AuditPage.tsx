import { useState } from 'react';
import { Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client.ts';
import type { AuditEntry, Page } from '../api/types.ts';
import { formatDateTime } from '../i18n/index.ts';
import { useUnitDetail } from '../org/useUnitDetail.ts';
import { describeChanges } from '../ui/format.ts';
import { PageLoader, QueryError } from '../ui/feedback.tsx';
import { Pager } from '../ui/Pager.tsx';

const LIMIT = 50;

function AuditLog({ unitId }: { unitId: string | null }) {
  const { t } = useTranslation();
  const [offset, setOffset] = useState(0);
  const unit = useUnitDetail(unitId);
  const log = useQuery({
    queryKey: ['audit', unitId, offset],
    queryFn: () => api.get<Page<AuditEntry>>(withQuery('/api/audit', { unitId, limit: LIMIT, offset })),
    placeholderData: keepPreviousData,
  });

  return (
    <Stack>
      <Title order={1}>{t('audit.title')}</Title>
      <Text fz="lg">{unit.data ? t('audit.scope', { name: unit.data.unit.name }) : t('audit.allScope')}</Text>
      {log.isPending && <PageLoader />}
      {log.isError && <QueryError error={log.error} onRetry={() => void log.refetch()} />}
      {log.data && (
        <>
          <Text c="dimmed">{t('common.total', { count: log.data.total })}</Text>
          {log.data.items.length === 0 ? (
            <Text>{t('audit.empty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table striped withTableBorder verticalSpacing="sm" fz="md">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('audit.time')}</Table.Th>
                    <Table.Th scope="col">{t('audit.actor')}</Table.Th>
                    <Table.Th scope="col">{t('audit.action')}</Table.Th>
                    <Table.Th scope="col">{t('audit.target')}</Table.Th>
                    <Table.Th scope="col">{t('audit.unit')}</Table.Th>
                    <Table.Th scope="col">{t('audit.changes')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {log.data.items.map((e) => (
                    <Table.Tr key={e.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                      <Table.Td>{e.actorName ?? t('org.system')}</Table.Td>
                      <Table.Td>{e.action}</Table.Td>
                      <Table.Td>{e.targetType}</Table.Td>
                      <Table.Td>{e.unitName ?? ''}</Table.Td>
                      <Table.Td>
                        {describeChanges(e.changes).map((line) => (
                          <Text key={line} fz="sm">
                            {line}
                          </Text>
                        ))}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Pager offset={offset} limit={LIMIT} total={log.data.total} onChange={setOffset} />
        </>
      )}
    </Stack>
  );
}

export default function AuditPage() {
  const [params] = useSearchParams();
  const unitId = params.get('unitId');
  return <AuditLog key={unitId ?? ''} unitId={unitId} />;
}
