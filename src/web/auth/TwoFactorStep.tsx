import { useState, type FormEvent } from 'react';
import { Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, fieldError } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { ErrorText } from '../ui/feedback.tsx';

/** The second step of signing in, when two-factor sign-in is on for the account. */
export function TwoFactorStep({ challenge, onDone }: { challenge: string; onDone: (me: Me) => void }) {
  const { t } = useTranslation();
  const [useRecovery, setUseRecovery] = useState(false);
  const [value, setValue] = useState('');
  const verify = useMutation({
    mutationFn: () =>
      api.post<{ user: Me }>(
        '/api/auth/sign-in/2fa',
        useRecovery ? { challenge, recoveryCode: value } : { challenge, code: value },
      ),
    onSuccess: (res) => onDone(res.user),
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    verify.mutate();
  }
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate>
      <Stack>
        <Title order={2} size="h3">
          {t('twoFactor.stepTitle')}
        </Title>
        <Text>{t('twoFactor.stepHelp')}</Text>
        <TextInput
          label={useRecovery ? t('twoFactor.recoveryCode') : t('twoFactor.code')}
          inputMode={useRecovery ? 'text' : 'numeric'}
          autoComplete="one-time-code"
          value={value}
          onChange={(e) => setValue(useRecovery ? e.currentTarget.value : e.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
          error={fieldError(verify.error, 'code')}
        />
        <ErrorText error={verify.error} />
        <Button type="submit" loading={verify.isPending} fullWidth>
          {t('twoFactor.verify')}
        </Button>
        <Button
          variant="subtle"
          onClick={() => {
            setUseRecovery(!useRecovery);
            setValue('');
          }}
        >
          {useRecovery ? t('twoFactor.useCode') : t('twoFactor.useRecovery')}
        </Button>
      </Stack>
    </Paper>
  );
}
