/** The notification centre: list, mark read, the kinds I receive, push on this device. */
import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Group, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, request } from '../api/client.ts';
import { formatDateTime } from '../i18n/index.ts';
import { ErrorText, PageLoader, QueryError } from '../ui/feedback.tsx';
import { disablePush, enablePush, pushState, type PushState } from './push.ts';

interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

const LIST = ['notifications', 'list'] as const;
const PREFS = ['notifications', 'prefs'] as const;

/**
 * Push on this phone. It says in plain words what happens at each step, and what to do when the
 * browser refuses: blocked (how to allow it again), dismissed (ask again), not possible here
 * (an iPhone needs the app on the home screen first), or the push service did not answer.
 */
function PushControl() {
  const { t } = useTranslation();
  const [state, setState] = useState<PushState | null>(null);
  const [outcome, setOutcome] = useState<'dismissed' | 'failed' | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void pushState().then(setState);
  }, []);
  async function turnOn() {
    setBusy(true);
    setOutcome(null);
    try {
      const next = await enablePush();
      // Still "off" after asking: the member closed the browser's question without answering.
      if (next === 'off') setOutcome('dismissed');
      setState(next);
    } catch {
      setOutcome('failed');
      setState(await pushState());
    } finally {
      setBusy(false);
    }
  }
  async function turnOff() {
    setBusy(true);
    try {
      setState(await disablePush());
    } finally {
      setBusy(false);
    }
  }
  if (state === null) return null;
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3">
        {t('notifications.pushTitle')}
      </Title>
      <Text my="xs">{t('notifications.pushHelp')}</Text>
      {state === 'unsupported' && (
        <Alert color="yellow" title={t('notifications.pushUnsupportedTitle')}>
          {t('notifications.pushUnsupported')}
        </Alert>
      )}
      {state === 'denied' && (
        <Alert color="yellow" title={t('notifications.pushDeniedTitle')}>
          <Text>{t('notifications.pushDenied')}</Text>
          <Text mt="xs">{t('notifications.pushDeniedHow')}</Text>
        </Alert>
      )}
      {state === 'on' && (
        <Text fw={600} role="status">
          {t('notifications.pushEnabled')}
        </Text>
      )}
      {outcome === 'dismissed' && state === 'off' && (
        <Alert color="blue" role="status">
          {t('notifications.pushDismissed')}
        </Alert>
      )}
      {outcome === 'failed' && (
        <Alert color="red" role="alert">
          {t('notifications.pushFailed')}
        </Alert>
      )}
      {state === 'off' && (
        <>
          <Text size="sm" c="dimmed" mt="xs">
            {t('notifications.pushWhatHappens')}
          </Text>
          <Button mt="xs" fullWidth loading={busy} onClick={() => void turnOn()}>
            {t('notifications.pushOn')}
          </Button>
        </>
      )}
      {state === 'denied' && (
        <Button mt="xs" fullWidth variant="default" onClick={() => void pushState().then(setState)}>
          {t('notifications.pushCheckAgain')}
        </Button>
      )}
      {state === 'on' && (
        <Button mt="xs" fullWidth variant="outline" loading={busy} onClick={() => void turnOff()}>
          {t('notifications.pushOff')}
        </Button>
      )}
    </Paper>
  );
}

type Pref = { kind: string; group: 'member' | 'secretary'; enabled: boolean };

function Preferences() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const prefs = useQuery({
    queryKey: PREFS,
    queryFn: () => api.get<{ items: Pref[] }>('/api/notifications/preferences'),
  });
  const set = useMutation({
    mutationFn: (v: { kind: string; enabled: boolean }) => request<{ items: Pref[] }>('PUT', '/api/notifications/preferences', v),
    onSuccess: (data) => qc.setQueryData(PREFS, data),
  });
  if (!prefs.data) return null;
  const groups = (['member', 'secretary'] as const)
    .map((g) => ({ g, items: prefs.data.items.filter((p) => p.group === g) }))
    .filter((x) => x.items.length > 0);
  return (
    <Paper withBorder p="md" id="loai-thong-bao">
      <Title order={2} size="h3" mb="xs">
        {t('notifications.kindsTitle')}
      </Title>
      <Stack gap="md">
        {groups.map(({ g, items }) => (
          <fieldset key={g} className="pref-group">
            {groups.length > 1 && <legend>{t(`notifications.group.${g}`)}</legend>}
            <Stack gap={4}>
              {items.map((p) => (
                <Switch
                  key={p.kind}
                  size="lg"
                  label={t(`notifications.kind.${p.kind}`)}
                  checked={p.enabled}
                  disabled={set.isPending}
                  onChange={(e) => set.mutate({ kind: p.kind, enabled: e.currentTarget.checked })}
                  styles={{ body: { alignItems: 'center', minHeight: 48 } }}
                />
              ))}
            </Stack>
          </fieldset>
        ))}
        <ErrorText error={set.error} />
      </Stack>
    </Paper>
  );
}

export default function NotificationsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: LIST,
    queryFn: () => api.get<{ items: Notification[]; unread: number }>('/api/notifications'),
  });
  const done = () => {
    void qc.invalidateQueries({ queryKey: ['notifications'] });
  };
  const read = useMutation({ mutationFn: (id: string) => api.post(`/api/notifications/${id}/read`), onSuccess: done });
  const readAll = useMutation({ mutationFn: () => api.post('/api/notifications/read-all'), onSuccess: done });

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={1}>{t('notifications.title')}</Title>
        {(list.data?.unread ?? 0) > 0 && (
          <Button variant="outline" onClick={() => readAll.mutate()} loading={readAll.isPending}>
            {t('notifications.markAll')}
          </Button>
        )}
      </Group>
      {list.isPending && <PageLoader />}
      {list.error && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.items.length === 0 && <Text>{t('notifications.empty')}</Text>}
      {list.data && list.data.items.length > 0 && (
        <ul className="plain-list">
          {list.data.items.map((n) => (
            <li key={n.id}>
              <Paper withBorder p="sm" style={n.readAt ? undefined : { borderLeft: '6px solid var(--mantine-color-party-8)' }}>
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <div>
                    <Title order={2} size="h4">
                      {n.title}
                    </Title>
                    {n.body && <Text>{n.body}</Text>}
                    <Text size="sm" c="dimmed">
                      {formatDateTime(n.createdAt)}
                    </Text>
                  </div>
                  {!n.readAt && <Badge color="party.8">{t('notifications.unreadMark')}</Badge>}
                </Group>
                <Group mt="xs" gap="xs">
                  {n.link && (
                    <Button component={Link} to={n.link} onClick={() => !n.readAt && read.mutate(n.id)}>
                      {t('notifications.open')}
                    </Button>
                  )}
                  {!n.readAt && (
                    <Button variant="outline" onClick={() => read.mutate(n.id)}>
                      {t('notifications.markRead')}
                    </Button>
                  )}
                </Group>
              </Paper>
            </li>
          ))}
        </ul>
      )}
      <PushControl />
      <Preferences />
    </Stack>
  );
}
