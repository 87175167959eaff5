import { useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Code, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, fieldError } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { ME_KEY } from '../auth/useMe.ts';
import { ErrorText } from '../ui/feedback.tsx';

interface Setup {
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}

/** Set-up and removal of two-factor sign-in on the account page. */
export function TwoFactorSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const setup = useMutation({ mutationFn: () => api.post<Setup>('/api/auth/2fa/setup', {}) });
  const enable = useMutation({
    mutationFn: () => api.post<{ recoveryCodes: string[] }>('/api/auth/2fa/enable', { code }),
    onSuccess: (res) => {
      setCodes(res.recoveryCodes);
      qc.setQueryData<Me | null>(ME_KEY, (old) => (old ? { ...old, twoFactor: { ...old.twoFactor, enabled: true } } : old));
    },
  });
  const disable = useMutation({
    mutationFn: () => api.post<void>('/api/auth/2fa/disable', { password }),
    onSuccess: () =>
      qc.setQueryData<Me | null>(ME_KEY, (old) => (old ? { ...old, twoFactor: { ...old.twoFactor, enabled: false } } : old)),
  });
  const svg = setup.data?.qrSvg.startsWith('<svg') ? setup.data.qrSvg : null;

  function confirm(e: FormEvent) {
    e.preventDefault();
    enable.mutate();
  }

  return (
    <section aria-labelledby="two-factor">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h3" id="two-factor">
          {t('twoFactor.title')}
        </Title>
        <Badge size="lg" color={me.twoFactor.enabled ? 'green' : 'gray'} variant="light">
          {me.twoFactor.enabled ? t('twoFactor.enabled') : t('twoFactor.disabled')}
        </Badge>
      </Group>
      <Paper withBorder p="md">
        <Stack>
          {me.twoFactor.required && !me.twoFactor.enabled && <Alert color="orange">{t('twoFactor.requiredBanner')}</Alert>}
          <Text>{t('twoFactor.intro')}</Text>
          {codes && (
            <Stack gap="xs">
              <Title order={3} size="h4">
                {t('twoFactor.recoveryTitle')}
              </Title>
              <Text>{t('twoFactor.recoveryHelp')}</Text>
              <Code block data-testid="recovery-codes">
                {codes.join('\n')}
              </Code>
            </Stack>
          )}
          {!me.twoFactor.enabled && !setup.data && (
            <Button onClick={() => setup.mutate()} loading={setup.isPending}>
              {t('twoFactor.start')}
            </Button>
          )}
          {!me.twoFactor.enabled && setup.data && (
            <Stack component="form" onSubmit={confirm}>
              <Text>{t('twoFactor.scan')}</Text>
              {svg && <div style={{ maxWidth: 220 }} aria-hidden dangerouslySetInnerHTML={{ __html: svg }} />}
              <Code data-testid="totp-secret">{setup.data.secret}</Code>
              <TextInput
                label={t('twoFactor.code')}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))}
                error={fieldError(enable.error, 'code')}
              />
              <ErrorText error={enable.error} />
              <Button type="submit" loading={enable.isPending}>
                {t('twoFactor.confirm')}
              </Button>
            </Stack>
          )}
          {me.twoFactor.enabled && !me.twoFactor.required && (
            <Stack>
              <TextInput
                label={t('twoFactor.password')}
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={fieldError(disable.error, 'password')}
              />
              <ErrorText error={disable.error} />
              <Button variant="outline" color="red" onClick={() => disable.mutate()} loading={disable.isPending}>
                {t('twoFactor.disable')}
              </Button>
            </Stack>
          )}
          <ErrorText error={setup.error} />
        </Stack>
      </Paper>
    </section>
  );
}
