/**
 * Chuyển sinh hoạt of a unit: requests waiting for this side (the receiving side accepts or rejects,
 * the sending side may cancel), then everything decided. Requests start on a member's record page.
 */
import { useState } from 'react';
import { Anchor, Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client.ts';
import { formatDate } from '../i18n/index.ts';
import { ErrorText, PageLoader, QueryError } from '../ui/feedback.tsx';
import type { Transfer } from './api.ts';

const STATE_COLORS = { requested: 'yellow', accepted: 'green', rejected: 'red', cancelled: 'gray', returned: 'blue' } as const;

function TransferCard({ tr }: { tr: Transfer }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: (decision: 'accept' | 'reject' | 'cancel') =>
      api.post(`/api/members/transfers/${encodeURIComponent(tr.id)}/decision`, { decision, note }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['members'] }),
  });
  const open = tr.state === 'requested' && (tr.abilities.decide || tr.abilities.cancel);
  return (
    <Paper withBorder p="sm">
      <Stack gap={4}>
        <Title order={3} size="h4">
          <Anchor component={Link} to={`/dang-vien/ho-so/${encodeURIComponent(tr.memberId)}`}>
            {tr.memberName}
          </Anchor>
        </Title>
        <Group gap="xs">
          <Badge size="lg" color={STATE_COLORS[tr.state]} variant="light" c="dark.7" style={{ textTransform: 'none' }}>
            {t(`memberRecords.transferStates.${tr.state}`)}
          </Badge>
          {tr.temporary && (
            <Badge size="lg" variant="outline" c="dark.7" style={{ textTransform: 'none' }}>
              {t('memberRecords.temporaryBadge')}
            </Badge>
          )}
        </Group>
        <Text>
          {tr.fromCellName} → {tr.toCellName}
        </Text>
        <Text>
          {t('memberRecords.from')} {formatDate(tr.startDate)}
          {tr.endDate && ` ${t('memberRecords.until')} ${formatDate(tr.endDate)}`}
        </Text>
        {tr.reason && <Text c="dimmed">{tr.reason}</Text>}
        {tr.decisionNote && (
          <Text c="dimmed">
            {t('memberRecords.decisionNote')}: {tr.decisionNote}
          </Text>
        )}
        {open && (
          <>
            <TextInput
              size="md"
              label={t('memberRecords.decisionNote')}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            <Group>
              {tr.abilities.decide && (
                <>
                  <Button
                    size="md"
                    color="green"
                    loading={decide.isPending && decide.variables === 'accept'}
                    onClick={() => decide.mutate('accept')}
                    aria-label={`${t('memberRecords.acceptTransfer')}: ${tr.memberName}`}
                  >
                    {t('memberRecords.acceptTransfer')}
                  </Button>
                  <Button
                    size="md"
                    variant="default"
                    loading={decide.isPending && decide.variables === 'reject'}
                    onClick={() => decide.mutate('reject')}
                    aria-label={`${t('memberRecords.reject')}: ${tr.memberName}`}
                  >
                    {t('memberRecords.reject')}
                  </Button>
                </>
              )}
              {tr.abilities.cancel && (
                <Button
                  size="md"
                  variant="subtle"
                  color="red"
                  loading={decide.isPending && decide.variables === 'cancel'}
                  onClick={() => decide.mutate('cancel')}
                  aria-label={`${t('memberRecords.cancelTransfer')}: ${tr.memberName}`}
                >
                  {t('memberRecords.cancelTransfer')}
                </Button>
              )}
            </Group>
          </>
        )}
        <ErrorText error={decide.error} />
      </Stack>
    </Paper>
  );
}

export default function TransfersPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const unitId = params.get('unitId') ?? undefined;
  const list = useQuery({
    queryKey: ['members', 'transfers', unitId],
    queryFn: () => api.get<{ items: Transfer[] }>(withQuery('/api/members/transfers', { unitId })),
  });
  if (list.isPending) return <PageLoader />;
  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  const waiting = list.data.items.filter((x) => x.state === 'requested');
  const done = list.data.items.filter((x) => x.state !== 'requested');
  return (
    <Stack>
      <Title order={1}>{t('memberRecords.transfers')}</Title>
      <Text c="dimmed">{t('memberRecords.transfersHelp')}</Text>
      <section aria-labelledby="tr-waiting">
        <Title order={2} size="h3" id="tr-waiting">
          {t('memberRecords.transfersWaiting')}
        </Title>
        {waiting.length === 0 && <Text>{t('memberRecords.noTransfers')}</Text>}
        <Stack gap="xs">
          {waiting.map((tr) => (
            <TransferCard key={tr.id} tr={tr} />
          ))}
        </Stack>
      </section>
      {done.length > 0 && (
        <section aria-labelledby="tr-done">
          <Title order={2} size="h3" id="tr-done">
            {t('memberRecords.transfersDone')}
          </Title>
          <Stack gap="xs">
            {done.map((tr) => (
              <TransferCard key={tr.id} tr={tr} />
            ))}
          </Stack>
        </section>
      )}
    </Stack>
  );
}
