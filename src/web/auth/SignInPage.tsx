import { useState, type FormEvent } from 'react';
import { Button, Checkbox, Paper, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, fieldError } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { ME_KEY, useMe } from './useMe.ts';
import { ErrorText } from '../ui/feedback.tsx';
import { PinFields } from './PinFields.tsx';
import { TwoFactorStep } from './TwoFactorStep.tsx';

type Mode = 'password' | 'pin';
type SignInBody = { login: string; password: string } | { login: string; pin: string; dateOfBirth: string };

/** Only same-site paths, so a crafted link cannot bounce the user elsewhere after sign-in. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const me = useMe();
  const [mode, setMode] = useState<Mode>('password');
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [pin, setPin] = useState('');
  const [dateOfBirth, setDateOfBirth] = useState('');
  const [showTyped, setShowTyped] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const next = safeNext(params.get('next'));

  const [challenge, setChallenge] = useState<string | null>(null);
  const done = (user: Me) => {
    qc.setQueryData(ME_KEY, user);
    void navigate(next, { replace: true });
  };
  const signIn = useMutation({
    mutationFn: (body: SignInBody) =>
      api.post<{ user: Me } | { twoFactorRequired: true; challenge: string }>('/api/auth/sign-in', body),
    onSuccess: (res) => ('user' in res ? done(res.user) : setChallenge(res.challenge)),
  });

  if (me.data) return <Navigate to={next} replace />;
  if (challenge) {
    return (
      <Stack maw={480} mx="auto">
        <Title order={1}>{t('signIn.title')}</Title>
        <TwoFactorStep challenge={challenge} onDone={done} />
      </Stack>
    );
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!login.trim()) errs.login = t('common.required');
    if (mode === 'password' && !password) errs.password = t('common.required');
    if (mode === 'pin' && !/^\d{6}$/.test(pin)) errs.pin = t('signIn.pinInvalid');
    if (mode === 'pin' && !dateOfBirth) errs.dateOfBirth = t('common.required');
    setLocal(errs);
    if (Object.keys(errs).length) return;
    signIn.mutate(mode === 'password' ? { login: login.trim(), password } : { login: login.trim(), pin, dateOfBirth });
  }

  const err = (field: string) => local[field] ?? fieldError(signIn.error, field);

  return (
    <Stack maw={480} mx="auto">
      <Title order={1}>{t('signIn.title')}</Title>
      <Tabs value={mode} onChange={(v) => setMode(v === 'pin' ? 'pin' : 'password')}>
        <Tabs.List aria-label={t('signIn.modes')} grow>
          <Tabs.Tab value="password">{t('signIn.withPassword')}</Tabs.Tab>
          <Tabs.Tab value="pin">{t('signIn.withPin')}</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      <Paper withBorder p="md" component="form" onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t('signIn.login')}
            name="login"
            autoComplete="username"
            value={login}
            onChange={(e) => setLogin(e.currentTarget.value)}
            error={err('login')}
          />
          {mode === 'password' ? (
            <TextInput
              label={t('signIn.password')}
              name="password"
              type={showTyped ? 'text' : 'password'}
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={err('password')}
            />
          ) : (
            <PinFields
              pin={pin}
              dateOfBirth={dateOfBirth}
              showTyped={showTyped}
              onPin={setPin}
              onDateOfBirth={setDateOfBirth}
              error={err}
            />
          )}
          <Checkbox label={t('common.showTyped')} checked={showTyped} onChange={(e) => setShowTyped(e.currentTarget.checked)} />
          <ErrorText error={signIn.error} />
          <Button type="submit" loading={signIn.isPending} fullWidth>
            {t('signIn.submit')}
          </Button>
        </Stack>
      </Paper>
      <Text>{t('signIn.noAccount')}</Text>
      <Button component={Link} to="/kich-hoat" variant="outline" fullWidth>
        {t('signIn.activate')}
      </Button>
    </Stack>
  );
}
