import { useState, type FormEvent } from 'react';
import { Badge, Button, Checkbox, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, fieldError } from '../api/client.ts';
import type { Items, Session } from '../api/types.ts';
import { formatDateTime } from '../i18n/index.ts';
import { useMe } from '../auth/useMe.ts';
import { ErrorText, PageLoader, QueryError, SuccessText } from '../ui/feedback.tsx';
import { TwoFactorSection } from './TwoFactorSection.tsx';
import { LanguageSelect } from '../layout/LanguageSelect.tsx';

const SESSIONS_KEY = ['sessions'] as const;

function ChangePassword() {
  const { t } = useTranslation();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [showTyped, setShowTyped] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const change = useMutation({
    mutationFn: () => api.post<void>('/api/auth/password', { currentPassword, newPassword }),
    onSuccess: () => {
      setCurrent('');
      setNew('');
      setConfirm('');
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!currentPassword) errs.currentPassword = t('common.required');
    if (newPassword.length < 8) errs.newPassword = t('activation.tooShort');
    else if (newPassword !== confirm) errs.confirm = t('activation.mismatch');
    setLocal(errs);
    if (Object.keys(errs).length === 0) change.mutate();
  }
  const err = (f: string) => local[f] ?? fieldError(change.error, f);
  const type = showTyped ? 'text' : 'password';

  return (
    <section aria-labelledby="change-password">
      <Title order={2} size="h3" id="change-password" mb="xs">
        {t('account.changePassword')}
      </Title>
      <Paper withBorder p="md" component="form" onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t('account.currentPassword')}
            type={type}
            autoComplete="current-password"
            value={currentPassword}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={err('currentPassword')}
          />
          <TextInput
            label={t('account.newPassword')}
            description={t('activation.passwordHint')}
            type={type}
            autoComplete="new-password"
            value={newPassword}
            onChange={(e) => setNew(e.currentTarget.value)}
            error={err('newPassword')}
          />
          <TextInput
            label={t('account.confirmPassword')}
            type={type}
            autoComplete="new-password"
            value={confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
            error={err('confirm')}
          />
          <Checkbox label={t('common.showTyped')} checked={showTyped} onChange={(e) => setShowTyped(e.currentTarget.checked)} />
          <ErrorText error={change.error} />
          {change.isSuccess && <SuccessText>{t('account.saved')}</SuccessText>}
          <Button type="submit" loading={change.isPending}>
            {t('account.save')}
          </Button>
        </Stack>
      </Paper>
    </section>
  );
}

/** "Chrome on Android" is enough for a member to recognise a device. */
function deviceName(ua: string | null, fallback: string): string {
  if (!ua) return fallback;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : null;
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  const name = [browser, os].filter(Boolean).join(' · ');
  return name || ua.slice(0, 60);
}

function Sessions() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const sessions = useQuery({ queryKey: SESSIONS_KEY, queryFn: () => api.get<Items<Session>>('/api/auth/sessions') });
  const revoke = useMutation({
    mutationFn: (id: string) => api.del<void>(`/api/auth/sessions/${encodeURIComponent(id)}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });
  return (
    <section aria-labelledby="sessions">
      <Title order={2} size="h3" id="sessions" mb="xs">
        {t('account.sessions')}
      </Title>
      {sessions.isPending && <PageLoader />}
      {sessions.isError && <QueryError error={sessions.error} onRetry={() => void sessions.refetch()} />}
      <ErrorText error={revoke.error} />
      {revoke.isSuccess && <SuccessText>{t('account.revoked')}</SuccessText>}
      <ul className="plain-list">
        {sessions.data?.items.map((s) => (
          <li key={s.id}>
            <Paper withBorder p="sm">
              <Stack gap={4}>
                <Text fw={700}>
                  {deviceName(s.userAgent, t('account.unknownDevice'))}
                  {s.current && (
                    <Badge ml="xs" color="green" variant="light" size="lg">
                      {t('account.current')}
                    </Badge>
                  )}
                </Text>
                {s.ip && <Text fz="sm">IP: {s.ip}</Text>}
                <Text fz="sm">{t('account.started', { time: formatDateTime(s.createdAt) })}</Text>
                <Text fz="sm">{t('account.lastSeen', { time: formatDateTime(s.lastSeenAt) })}</Text>
                {/* The current session ends with "Đăng xuất" in the menu instead. */}
                {!s.current && (
                  <Button
                    variant="default"
                    mt="xs"
                    loading={revoke.isPending && revoke.variables === s.id}
                    onClick={() => revoke.mutate(s.id)}
                  >
                    {t('account.revoke')}
                  </Button>
                )}
              </Stack>
            </Paper>
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function AccountPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  return (
    <Stack gap="lg">
      <Title order={1}>{t('account.title')}</Title>
      {me && (
        <Text fz="lg">
          {me.displayName}
          {me.username ? ` (${me.username})` : ''}
        </Text>
      )}
      <Paper withBorder p="md">
        <LanguageSelect />
      </Paper>
      <ChangePassword />
      {me && <TwoFactorSection me={me} />}
      <Sessions />
    </Stack>
  );
}
