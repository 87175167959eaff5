import { Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.ts';
import { formatDateTime } from '../i18n/index.ts';
import { describeChanges } from '../ui/format.ts';
import { ErrorText, PageLoader } from '../ui/feedback.tsx';
import { unitKeys } from './keys.ts';

export function UnitHistory({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const history = useQuery({
    queryKey: unitKeys.history(unitId),
    queryFn: () => client.get('/api/units/:id/history', { params: { id: unitId } }),
  });
  return (
    <section aria-labelledby="unit-history">
      <Title order={2} size="h3" id="unit-history" mb="xs">
        {t('org.history')}
      </Title>
      {history.isPending && <PageLoader />}
      <ErrorText error={history.error} />
      {history.data?.items.length === 0 && <Text>{t('org.noHistory')}</Text>}
      <ul className="plain-list">
        {history.data?.items.map((h) => (
          <li key={h.id}>
            <Paper withBorder p="sm">
              <Stack gap={2}>
                <Text fw={700}>{t(`org.kind.${h.kind}`)}</Text>
                <Text fz="sm" c="dimmed">
                  {t('org.historyBy', { time: formatDateTime(h.at), actor: h.actorName ?? t('org.system') })}
                </Text>
                {h.reason && (
                  <Text>
                    {t('common.reason')}: {h.reason}
                  </Text>
                )}
                {describeChanges(h.details).map((line) => (
                  <Text key={line} fz="sm">
                    {line}
                  </Text>
                ))}
              </Stack>
            </Paper>
          </li>
        ))}
      </ul>
    </section>
  );
}
