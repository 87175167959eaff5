/**
 * On a staff member-record page, for former members (removed, expelled, resigned, deceased): whether
 * the retention period has ended, and the erasure itself behind an explicit confirmation. Only unit
 * admins hold `members.erase`: for anyone else the status request answers 403 and nothing shows.
 */
import { useState } from 'react';
import { Button, Checkbox, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { formatDate } from '../i18n/index.ts';
import { ErrorText, SuccessText } from '../ui/feedback.tsx';

const FORMER = new Set(['removed', 'expelled', 'resigned', 'deceased']);

interface ErasureCheck {
  eligible: boolean;
  erasedAt: string | null;
  eligibleFrom: string | null;
  retentionYears: number;
  reason: string | null;
}

export function ErasurePanel({ memberId, status }: { memberId: string; status: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [sure, setSure] = useState(false);
  const former = FORMER.has(status);
  const check = useQuery({
    queryKey: ['members', 'erasure', memberId],
    queryFn: () => api.get<ErasureCheck>(`/api/members/${encodeURIComponent(memberId)}/erasure`),
    enabled: former,
    retry: false,
  });
  const erase = useMutation({
    mutationFn: () => api.post<ErasureCheck>(`/api/members/${encodeURIComponent(memberId)}/erasure`, {}),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['members'] }),
  });
  if (!former || !check.data) return null;
  const c = erase.data ?? check.data;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="erasure-title">
      <Stack gap="xs">
        <Title order={2} size="h3" id="erasure-title">
          {t('privacy.erasureTitle')}
        </Title>
        <Text c="dimmed">{t('privacy.erasureIntro', { years: c.retentionYears })}</Text>
        {c.erasedAt ? (
          <SuccessText>{t('privacy.erasureDone')}</SuccessText>
        ) : c.eligible ? (
          <>
            <Checkbox
              size="md"
              label={t('privacy.erasureConfirm')}
              checked={sure}
              onChange={(e) => setSure(e.currentTarget.checked)}
            />
            <Button color="red" size="md" disabled={!sure} loading={erase.isPending} onClick={() => erase.mutate()}>
              {t('privacy.erase')}
            </Button>
          </>
        ) : (
          <Text>
            {c.reason}
            {c.eligibleFrom ? ` ${t('privacy.erasureFrom', { date: formatDate(c.eligibleFrom) })}` : ''}
          </Text>
        )}
        <ErrorText error={erase.error} />
      </Stack>
    </Paper>
  );
}
