import { useCallback, useState } from 'react';
import { Badge, Button, FileInput, Group, NativeSelect, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { formatDateTime } from '../i18n/index.ts';
import { ErrorText, SuccessText } from '../ui/feedback.tsx';
import { meetingKeys, put, upload, type AttendanceStatus, type AttendanceView, type MeetingDetail } from './api.ts';
import { sendOrQueue } from '../pwa/outbox.ts';
import { useOutboxSent } from '../pwa/useOutbox.ts';
import { MeetingWaiting } from './Waiting.tsx';

function useRefresh(id: string) {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: meetingKeys.detail(id) });
}

/** Agenda, draft resolution, attachments and publication. */
export function PrepareMaterials({ d }: { d: MeetingDetail }) {
  const { t } = useTranslation();
  const id = d.meeting.id;
  const refresh = useRefresh(id);
  const [items, setItems] = useState(
    d.agenda.map((a) => ({ id: a.id as string | undefined, title: a.title, description: a.description })),
  );
  const [draft, setDraft] = useState(d.meeting.draftResolution);
  const [file, setFile] = useState<File | null>(null);
  const saveAgenda = useMutation({
    mutationFn: () => put(`/api/meetings/${id}/agenda`, { items: items.filter((i) => i.title.trim()) }),
    onSuccess: refresh,
  });
  const saveDraft = useMutation({
    mutationFn: () => put(`/api/meetings/${id}/draft`, { draftResolution: draft }),
    onSuccess: refresh,
  });
  const attach = useMutation({
    mutationFn: (f: File) => upload(`/api/meetings/${id}/materials`, f),
    onSuccess: () => {
      setFile(null);
      refresh();
    },
  });
  const publish = useMutation({ mutationFn: () => api.post(`/api/meetings/${id}/publish`), onSuccess: refresh });
  return (
    <section aria-labelledby="mt-prep">
      <Title order={2} size="h3" id="mt-prep" mb="xs">
        {t('meetings.agenda')}
      </Title>
      <Stack gap="xs">
        {items.map((it, i) => (
          <Group key={i} align="end" wrap="nowrap">
            <TextInput
              style={{ flex: 1 }}
              label={t('meetings.f.agendaTitle', { n: i + 1 })}
              value={it.title}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setItems((xs) => xs.map((x, j) => (j === i ? { ...x, title: v } : x)));
              }}
              size="md"
            />
            <Button
              variant="subtle"
              color="red"
              aria-label={t('meetings.removeItem', { n: i + 1 })}
              onClick={() => setItems((xs) => xs.filter((_, j) => j !== i))}
              size="md"
            >
              ✕
            </Button>
          </Group>
        ))}
        <Group>
          <Button
            variant="default"
            onClick={() => setItems((xs) => [...xs, { id: undefined, title: '', description: '' }])}
            size="md"
          >
            {t('meetings.addItem')}
          </Button>
          <Button onClick={() => saveAgenda.mutate()} loading={saveAgenda.isPending} size="md">
            {t('meetings.save')} · {t('meetings.agenda')}
          </Button>
        </Group>
        <ErrorText error={saveAgenda.error} />
        <Textarea
          label={t('meetings.f.draft')}
          value={draft}
          onChange={(e) => setDraft(e.currentTarget.value)}
          autosize
          minRows={4}
          size="md"
        />
        <Button onClick={() => saveDraft.mutate()} loading={saveDraft.isPending} size="md">
          {t('meetings.save')} · {t('meetings.f.draft')}
        </Button>
        <ErrorText error={saveDraft.error} />
        {saveDraft.isSuccess && <SuccessText>{t('meetings.saved')}</SuccessText>}
        <FileInput
          label={t('meetings.attach')}
          value={file}
          onChange={(f) => {
            setFile(f);
            if (f) attach.mutate(f);
          }}
          size="md"
          clearable
        />
        <ErrorText error={attach.error} />
        <Text>
          {d.meeting.materialsPostedAt
            ? t('meetings.published', { at: formatDateTime(d.meeting.materialsPostedAt) })
            : t('meetings.notPublished')}
        </Text>
        {d.meeting.flags.materialsLate && (
          <Badge variant="outline" color="party">
            {t('meetings.flags.materialsLate')}
          </Badge>
        )}
        <Button onClick={() => publish.mutate()} loading={publish.isPending} size="md">
          {t('meetings.publish')}
        </Button>
        <ErrorText error={publish.error} />
      </Stack>
    </section>
  );
}

interface Invitations {
  items: Array<{ memberId: string; fullName: string; rsvp: 'pending' | 'attend' | 'absent'; reason: string }>;
  summary: { total: number; attend: number; absent: number; pending: number };
}

export function InvitationsAndOpinions({ d }: { d: MeetingDetail }) {
  const { t } = useTranslation();
  const id = d.meeting.id;
  const qc = useQueryClient();
  const inv = useQuery({
    queryKey: meetingKeys.sub(id, 'invitations'),
    queryFn: () => api.get<Invitations>(`/api/meetings/${id}/invitations`),
  });
  const ops = useQuery({
    queryKey: meetingKeys.sub(id, 'opinions'),
    queryFn: () =>
      api.get<{ items: Array<{ id: string; memberName: string; agendaTitle: string | null; body: string }> }>(
        `/api/meetings/${id}/opinions`,
      ),
  });
  const invite = useMutation({
    mutationFn: () => api.post<Invitations>(`/api/meetings/${id}/invite`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: meetingKeys.detail(id) }),
  });
  return (
    <Stack gap="lg">
      <section aria-labelledby="mt-inv">
        <Title order={2} size="h3" id="mt-inv" mb="xs">
          {t('meetings.invite')}
        </Title>
        {d.meeting.invitedAt && <Text>{t('meetings.invitedAt', { at: formatDateTime(d.meeting.invitedAt) })}</Text>}
        <Button onClick={() => invite.mutate()} loading={invite.isPending} size="md" mb="xs">
          {t('meetings.invite')}
        </Button>
        <ErrorText error={invite.error} />
        {inv.data && (
          <>
            <Text fw={600}>{t('meetings.rsvpSummary', inv.data.summary)}</Text>
            <ul className="plain-list">
              {inv.data.items.map((i) => (
                <li key={i.memberId}>
                  <Text>
                    {i.fullName} — {t(`meetings.rsvp.${i.rsvp}`)}
                    {i.reason ? ` (${i.reason})` : ''}
                  </Text>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section aria-labelledby="mt-ops">
        <Title order={2} size="h3" id="mt-ops" mb="xs">
          {t('meetings.opinions')}
        </Title>
        {ops.data?.items.length === 0 && <Text>{t('meetings.noOpinions')}</Text>}
        <ul className="plain-list">
          {ops.data?.items.map((o) => (
            <li key={o.id}>
              <Text fw={600}>
                {o.memberName} · {o.agendaTitle ?? t('meetings.f.onDraft')}
              </Text>
              <Text>{o.body}</Text>
            </li>
          ))}
        </ul>
      </section>
    </Stack>
  );
}

/** Roll call by hand; each change carries a client id and waits in the outbox when offline. */
export function RollCall({ d }: { d: MeetingDetail }) {
  const { t } = useTranslation();
  const id = d.meeting.id;
  const qc = useQueryClient();
  const key = meetingKeys.sub(id, 'attendance');
  const att = useQuery({
    queryKey: key,
    queryFn: () => api.get<AttendanceView>(`/api/meetings/${id}/attendance`),
    refetchInterval: 15_000,
  });
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const mark = useMutation({
    // Not paused while offline (TanStack's default): the outbox is what handles no connection.
    networkMode: 'always',
    mutationFn: (c: { memberId: string; name: string; status: AttendanceStatus }) =>
      sendOrQueue<AttendanceView>(
        `/api/meetings/${id}/roll-call`,
        {
          changes: [{ clientId: crypto.randomUUID(), memberId: c.memberId, status: c.status, reason: reasons[c.memberId] ?? '' }],
        },
        t('meetings.ob.rollCall', { name: c.name, status: t(`meetings.att.${c.status}`) }),
      ),
    onSuccess: (r, v) => {
      if (!r.queued) qc.setQueryData(key, r.result);
      // Queued offline: show the mark now; the list is fetched again once the outbox sent it.
      else
        qc.setQueryData<AttendanceView>(
          key,
          (old) =>
            old && { ...old, items: old.items.map((row) => (row.memberId === v.memberId ? { ...row, status: v.status } : row)) },
        );
    },
  });
  // Changes made offline reach the server later: then show the list as it now stands.
  useOutboxSent(useCallback(() => void qc.invalidateQueries({ queryKey: meetingKeys.sub(id, 'attendance') }), [qc, id]));
  const statuses: AttendanceStatus[] = ['present', 'late', 'absent_excused', 'absent_unexcused'];
  const c = att.data?.counts;
  return (
    <section aria-labelledby="mt-roll">
      <Title order={2} size="h3" id="mt-roll" mb="xs">
        {t('meetings.rollCall')}
      </Title>
      <Button component={Link} to={`/sinh-hoat/${id}/ma-qr`} variant="default" size="md" mb="xs">
        {t('meetings.qrScreen')}
      </Button>
      {c && (
        <Text fw={600}>
          {t('meetings.counts', {
            present: c.present,
            total: c.total,
            rate: c.rate ?? 0,
            ex: c.absentExcused,
            unex: c.absentUnexcused,
            unmarked: c.unmarked,
          })}
        </Text>
      )}
      <ErrorText error={mark.error} />
      <MeetingWaiting meetingId={id} />
      <ul className="plain-list">
        {att.data?.items.map((m) => (
          <li key={m.memberId}>
            <Stack gap={4}>
              <NativeSelect
                label={t('meetings.rollCallFor', { name: m.fullName })}
                value={m.status ?? ''}
                onChange={(e) =>
                  mark.mutate({ memberId: m.memberId, name: m.fullName, status: e.currentTarget.value as AttendanceStatus })
                }
                data={[
                  { value: '', label: t('meetings.att.none'), disabled: true },
                  ...statuses.map((s) => ({ value: s, label: t(`meetings.att.${s}`) })),
                ]}
                size="md"
              />
              {m.status !== 'present' && m.status !== 'late' && (
                <TextInput
                  label={`${t('meetings.f.reason')} · ${m.fullName}`}
                  value={reasons[m.memberId] ?? m.reason ?? m.rsvpReason}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setReasons((r) => ({ ...r, [m.memberId]: v }));
                  }}
                  size="sm"
                />
              )}
            </Stack>
          </li>
        ))}
      </ul>
    </section>
  );
}
