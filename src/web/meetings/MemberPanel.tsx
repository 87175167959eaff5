import { useCallback, useState } from 'react';
import { Anchor, Badge, Button, Group, NativeSelect, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../i18n/index.ts';
import { ErrorText, SuccessText } from '../ui/feedback.tsx';
import { guidancePath, materialPath, meetingKeys, type MeetingDetail } from './api.ts';
import { sendOrQueue } from '../pwa/outbox.ts';
import { useOutboxSent } from '../pwa/useOutbox.ts';
import { MeetingWaiting } from './Waiting.tsx';

/** What the upper level published for the month: library materials and guidance (files or links). */
export function UpperGuidance({ d }: { d: MeetingDetail }) {
  const { t } = useTranslation();
  if (d.monthlyMaterials.length === 0 && d.guidance.length === 0) return null;
  return (
    <Stack gap="xs">
      {d.monthlyMaterials.length > 0 && (
        <ul className="plain-list" aria-label={t('meetings.guidance')}>
          {d.monthlyMaterials.map((doc) => (
            <li key={doc.id}>
              <Anchor component={Link} to={`/thu-vien/${doc.id}`} className="tap-row">
                {doc.symbol ? `${doc.symbol} · ` : ''}
                {doc.title}
              </Anchor>
            </li>
          ))}
        </ul>
      )}
      {d.guidance.length > 0 && (
        <>
          <Title order={3} size="h4">
            {t('meetings.guidance')}
          </Title>
          <ul className="plain-list">
            {d.guidance.map((g) => (
              <li key={g.id}>
                {g.url ? (
                  <Anchor href={g.url} target="_blank" rel="noopener" className="tap-row">
                    {g.title} · {g.unitName}
                  </Anchor>
                ) : (
                  <Anchor component={Link} to={guidancePath(d.meeting.id, g.id)} className="tap-row">
                    {g.title} · {g.unitName}
                  </Anchor>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </Stack>
  );
}

/** Materials as members see them: agenda, draft resolution, attachments and the upper level's guidance. */
export function Materials({ d }: { d: MeetingDetail }) {
  const { t } = useTranslation();
  const materials = d.files.filter((f) => f.purpose === 'material');
  return (
    <section aria-labelledby="mt-materials">
      <Title order={2} size="h3" id="mt-materials" mb="xs">
        {t('meetings.materials')}
      </Title>
      {!d.meeting.materialsPostedAt && !d.abilities.manage ? (
        <Text>{t('meetings.notPublished')}</Text>
      ) : (
        <Stack gap="xs">
          <Title order={3} size="h4">
            {t('meetings.agenda')}
          </Title>
          <ol>
            {d.agenda.map((a) => (
              <li key={a.id}>
                <Text fw={600}>{a.title}</Text>
                {a.description && <Text c="dimmed">{a.description}</Text>}
              </li>
            ))}
          </ol>
          {d.meeting.draftResolution && (
            <Paper withBorder p="sm">
              <Title order={3} size="h4">
                {t('meetings.f.draft')}
              </Title>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{d.meeting.draftResolution}</Text>
            </Paper>
          )}
          {materials.length > 0 && (
            <ul className="plain-list">
              {materials.map((f) => (
                <li key={f.id}>
                  <Anchor component={Link} to={materialPath(d.meeting.id, f.id)} className="tap-row">
                    {f.name}
                  </Anchor>
                </li>
              ))}
            </ul>
          )}
          <UpperGuidance d={d} />
        </Stack>
      )}
    </section>
  );
}

export function MemberPanel({ d }: { d: MeetingDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const id = d.meeting.id;
  const refresh = () => void qc.invalidateQueries({ queryKey: meetingKeys.detail(id) });
  const [reason, setReason] = useState('');
  const [target, setTarget] = useState('');
  const [body, setBody] = useState('');
  // Answers and opinions go through the offline outbox: without a connection they wait and are sent
  // later (an opinion carries its client id, so a replay is stored once).
  const rsvp = useMutation({
    // Not paused while offline (TanStack's default): the outbox is what handles no connection.
    networkMode: 'always',
    mutationFn: (answer: 'attend' | 'absent') =>
      sendOrQueue(`/api/meetings/${id}/rsvp`, { answer, reason }, t(`meetings.ob.${answer}`)),
    onSuccess: (r) => {
      if (!r.queued) refresh();
    },
  });
  const opinion = useMutation({
    networkMode: 'always',
    mutationFn: () =>
      sendOrQueue(
        `/api/meetings/${id}/opinions`,
        { agendaItemId: target || null, body },
        t('meetings.ob.opinion', { text: body.trim().slice(0, 60) }),
      ),
    onSuccess: (r) => {
      setBody('');
      if (!r.queued) refresh();
    },
  });
  useOutboxSent(useCallback(() => void qc.invalidateQueries({ queryKey: meetingKeys.detail(id) }), [qc, id]));
  const mine = d.mine;
  if (!mine) return null;
  const open = d.meeting.status !== 'finalized';
  return (
    <Stack gap="lg">
      <MeetingWaiting meetingId={id} />
      <section aria-labelledby="mt-rsvp">
        <Title order={2} size="h3" id="mt-rsvp" mb="xs">
          {t('meetings.yourRsvp', { answer: t(`meetings.rsvp.${mine.rsvp}`) })}
        </Title>
        {open && (
          <Stack gap="xs">
            <Button size="md" onClick={() => rsvp.mutate('attend')} loading={rsvp.isPending && rsvp.variables === 'attend'}>
              {t('meetings.attendBtn')}
            </Button>
            <TextInput
              label={t('meetings.f.reason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              size="md"
            />
            <Button
              size="md"
              variant="default"
              onClick={() => rsvp.mutate('absent')}
              loading={rsvp.isPending && rsvp.variables === 'absent'}
            >
              {t('meetings.absentBtn')}
            </Button>
            <ErrorText error={rsvp.error} />
            {rsvp.data?.queued && <SuccessText>{t('meetings.savedOffline')}</SuccessText>}
          </Stack>
        )}
      </section>
      <section aria-labelledby="mt-checkin">
        <Title order={2} size="h3" id="mt-checkin" mb="xs">
          {t('meetings.checkIn')}
        </Title>
        {mine.attendance ? (
          <Badge variant="outline" size="lg" color="dark">
            {t('meetings.checkedIn', { status: t(`meetings.att.${mine.attendance}`) })}
          </Badge>
        ) : (
          open && (
            <Button component={Link} to={`/sinh-hoat/${id}/diem-danh`} size="md" variant="default">
              {t('meetings.checkInBtn')}
            </Button>
          )
        )}
      </section>
      {open && d.meeting.materialsPostedAt && (
        <section aria-labelledby="mt-opinion">
          <Title order={2} size="h3" id="mt-opinion" mb="xs">
            {t('meetings.sendOpinion')}
          </Title>
          <Stack
            component="form"
            gap="xs"
            onSubmit={(e) => {
              e.preventDefault();
              opinion.mutate();
            }}
          >
            <NativeSelect
              label={t('meetings.f.opinionOn')}
              value={target}
              onChange={(e) => setTarget(e.currentTarget.value)}
              data={[{ value: '', label: t('meetings.f.onDraft') }, ...d.agenda.map((a) => ({ value: a.id, label: a.title }))]}
              size="md"
            />
            <Textarea
              label={t('meetings.f.opinion')}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              autosize
              minRows={3}
              required
              size="md"
            />
            <ErrorText error={opinion.error} />
            {opinion.isSuccess && (
              <SuccessText>{opinion.data.queued ? t('meetings.savedOffline') : t('meetings.saved')}</SuccessText>
            )}
            <Button type="submit" size="md" loading={opinion.isPending}>
              {t('meetings.sendOpinion')}
            </Button>
          </Stack>
          {mine.opinions.length > 0 && (
            <>
              <Title order={3} size="h4" mt="sm">
                {t('meetings.yourOpinions')}
              </Title>
              <ul className="plain-list">
                {mine.opinions.map((o) => (
                  <li key={o.id}>
                    <Group gap={6}>
                      <Text c="dimmed">{formatDateTime(o.createdAt)}</Text>
                    </Group>
                    <Text>{o.body}</Text>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </Stack>
  );
}
