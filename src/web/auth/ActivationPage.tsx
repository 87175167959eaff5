import { useState, type FormEvent } from 'react';
import { Alert, Button, Checkbox, Paper, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, fieldError } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { ME_KEY } from './useMe.ts';
import { ErrorText } from '../ui/feedback.tsx';
import { PinFields } from './PinFields.tsx';
import { formatDateTime } from '../i18n/index.ts';

type Method = 'password' | 'pin';
type ActivateBody = { code: string; password: string } | { code: string; pin: string; dateOfBirth: string };

function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

export function ActivationPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const initial = normalizeCode(params.get('code') ?? '');
  const [code, setCode] = useState(initial);
  // The code that was last submitted for checking; a QR link checks at once.
  const [checked, setChecked] = useState(initial);
  const [method, setMethod] = useState<Method>('password');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [pin, setPin] = useState('');
  const [dateOfBirth, setDateOfBirth] = useState('');
  const [showTyped, setShowTyped] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});

  const check = useQuery({
    queryKey: ['activation-check', checked],
    queryFn: () => api.post<{ displayName: string; expiresAt: string }>('/api/auth/activation/check', { code: checked }),
    enabled: checked !== '',
    retry: false,
    staleTime: Infinity,
  });

  const activate = useMutation({
    mutationFn: (body: ActivateBody) => api.post<{ user: Me }>('/api/auth/activate', body),
    onSuccess: (res) => {
      qc.setQueryData(ME_KEY, res.user);
      void navigate('/', { replace: true });
    },
  });

  function submitCheck(e: FormEvent) {
    e.preventDefault();
    const c = normalizeCode(code);
    setLocal(c ? {} : { code: t('common.required') });
    if (!c) return;
    if (c === checked) void check.refetch();
    else setChecked(c);
  }

  function submitActivate(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (method === 'password') {
      if (password.length < 8) errs.password = t('activation.tooShort');
      else if (password !== confirm) errs.confirm = t('activation.mismatch');
    } else {
      if (!/^\d{6}$/.test(pin)) errs.pin = t('signIn.pinInvalid');
      if (!dateOfBirth) errs.dateOfBirth = t('common.required');
    }
    setLocal(errs);
    if (Object.keys(errs).length) return;
    activate.mutate(method === 'password' ? { code: checked, password } : { code: checked, pin, dateOfBirth });
  }

  const err = (field: string) => local[field] ?? fieldError(activate.error, field);
  const checkedData = check.isSuccess && normalizeCode(code) === checked ? check.data : undefined;

  return (
    <Stack maw={480} mx="auto">
      <Title order={1}>{t('activation.title')}</Title>
      <Text>{t('activation.intro')}</Text>
      <Paper withBorder p="md" component="form" onSubmit={submitCheck} noValidate>
        <Stack>
          <TextInput
            label={t('activation.code')}
            name="code"
            autoComplete="one-time-code"
            autoCapitalize="characters"
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={local.code ?? fieldError(check.error, 'code')}
          />
          <ErrorText error={check.error} />
          {!checkedData && (
            <Button type="submit" loading={check.isFetching} fullWidth>
              {t('activation.check')}
            </Button>
          )}
        </Stack>
      </Paper>

      {checkedData && (
        <Paper withBorder p="md" component="form" onSubmit={submitActivate} noValidate>
          <Stack>
            <Alert color="green" variant="light" role="status">
              <Text fw={700} fz="lg">
                {t('activation.hello', { name: checkedData.displayName })}
              </Text>
              <Text>{t('activation.expires', { time: formatDateTime(checkedData.expiresAt) })}</Text>
            </Alert>
            <Title order={2} size="h3">
              {t('activation.choose')}
            </Title>
            <Tabs value={method} onChange={(v) => setMethod(v === 'pin' ? 'pin' : 'password')}>
              <Tabs.List aria-label={t('activation.choose')} grow>
                <Tabs.Tab value="password">{t('activation.usePassword')}</Tabs.Tab>
                <Tabs.Tab value="pin">{t('activation.usePin')}</Tabs.Tab>
              </Tabs.List>
            </Tabs>
            {method === 'password' ? (
              <>
                <TextInput
                  label={t('activation.newPassword')}
                  description={t('activation.passwordHint')}
                  name="new-password"
                  type={showTyped ? 'text' : 'password'}
                  autoComplete="new-password"
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                  error={err('password')}
                />
                <TextInput
                  label={t('activation.confirmPassword')}
                  name="confirm-password"
                  type={showTyped ? 'text' : 'password'}
                  autoComplete="new-password"
                  value={confirm}
                  onChange={(e) => setConfirm(e.currentTarget.value)}
                  error={err('confirm')}
                />
              </>
            ) : (
              <PinFields
                pin={pin}
                dateOfBirth={dateOfBirth}
                showTyped={showTyped}
                onPin={setPin}
                onDateOfBirth={setDateOfBirth}
                error={err}
                pinHint={t('activation.pinHint')}
              />
            )}
            <Checkbox label={t('common.showTyped')} checked={showTyped} onChange={(e) => setShowTyped(e.currentTarget.checked)} />
            <ErrorText error={activate.error} />
            <Button type="submit" loading={activate.isPending} fullWidth>
              {t('activation.submit')}
            </Button>
          </Stack>
        </Paper>
      )}
      <Button component={Link} to="/dang-nhap" variant="subtle" fullWidth>
        {t('activation.backToSignIn')}
      </Button>
    </Stack>
  );
}
