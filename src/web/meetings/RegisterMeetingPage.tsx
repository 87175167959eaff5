import { useState } from 'react';
import { Button, Checkbox, NativeSelect, Stack, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, fieldError } from '../api/client.ts';
import { ErrorText } from '../ui/feedback.tsx';
import { type MeetingDetail, type MeetingKind } from './api.ts';
import { fromVnInput } from '../../common/time/vietnam.ts';

/** "Đăng ký lịch sinh hoạt": date, start, planned end, place, kind, topic, chair, minutes-taker. */
export default function RegisterMeetingPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const cellId = params.get('cellId') ?? '';
  const navigate = useNavigate();
  const qc = useQueryClient();
  const members = useQuery({
    queryKey: ['meetings', 'cell-members', cellId],
    queryFn: () =>
      api.get<{ items: Array<{ id: string; fullName: string }> }>(
        `/api/meetings/cell-members?cellId=${encodeURIComponent(cellId)}`,
      ),
    enabled: !!cellId,
  });
  const [kind, setKind] = useState<MeetingKind>('regular');
  const [withThematic, setWithThematic] = useState(false);
  const [topic, setTopic] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [plannedEndAt, setPlannedEndAt] = useState('');
  const [place, setPlace] = useState('');
  const [chair, setChair] = useState('');
  const [taker, setTaker] = useState('');
  const save = useMutation({
    mutationFn: () =>
      api.post<MeetingDetail>('/api/meetings', {
        cellId,
        kind,
        withThematic,
        topic,
        startsAt: fromVnInput(startsAt)?.toISOString(),
        plannedEndAt: fromVnInput(plannedEndAt)?.toISOString(),
        place,
        chairMemberId: chair || null,
        minutesTakerMemberId: taker || null,
      }),
    onSuccess: (d) => {
      void qc.invalidateQueries({ queryKey: ['meetings'] });
      void navigate(`/sinh-hoat/${d.meeting.id}`);
    },
  });
  const people = [
    { value: '', label: t('meetings.f.none') },
    ...(members.data?.items ?? []).map((m) => ({ value: m.id, label: m.fullName })),
  ];
  return (
    <Stack
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Title order={1}>{t('meetings.register')}</Title>
      <NativeSelect
        label={t('meetings.f.kind')}
        value={kind}
        onChange={(e) => setKind(e.currentTarget.value as MeetingKind)}
        data={(['regular', 'thematic', 'extraordinary'] as const).map((k) => ({ value: k, label: t(`meetings.kind.${k}`) }))}
        size="md"
      />
      {kind === 'regular' && (
        <Checkbox
          label={t('meetings.f.withThematic')}
          checked={withThematic}
          onChange={(e) => setWithThematic(e.currentTarget.checked)}
          size="md"
        />
      )}
      <TextInput label={t('meetings.f.topic')} value={topic} onChange={(e) => setTopic(e.currentTarget.value)} size="md" />
      <TextInput
        type="datetime-local"
        label={t('meetings.f.startsAt')}
        value={startsAt}
        onChange={(e) => setStartsAt(e.currentTarget.value)}
        required
        size="md"
      />
      <TextInput
        type="datetime-local"
        label={t('meetings.f.plannedEndAt')}
        value={plannedEndAt}
        onChange={(e) => setPlannedEndAt(e.currentTarget.value)}
        required
        size="md"
        description={t('meetings.minMinutes', { n: kind === 'regular' && withThematic ? 120 : 90 })}
        error={fieldError(save.error, 'plannedEndAt')}
      />
      <TextInput
        label={t('meetings.f.place')}
        value={place}
        onChange={(e) => setPlace(e.currentTarget.value)}
        required
        size="md"
      />
      <NativeSelect
        label={t('meetings.f.chair')}
        value={chair}
        onChange={(e) => setChair(e.currentTarget.value)}
        data={people}
        size="md"
      />
      <NativeSelect
        label={t('meetings.f.minutesTaker')}
        value={taker}
        onChange={(e) => setTaker(e.currentTarget.value)}
        data={people}
        size="md"
      />
      <ErrorText error={save.error} />
      <Button type="submit" size="md" loading={save.isPending}>
        {t('meetings.register')}
      </Button>
    </Stack>
  );
}
