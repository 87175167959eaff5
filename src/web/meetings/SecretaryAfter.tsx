import { useState } from 'react';
import { Badge, Button, FileInput, Group, NumberInput, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { ErrorText, SuccessText } from '../ui/feedback.tsx';
import { meetingKeys, put, upload, type EvaluationView, type MeetingDetail, type Minutes } from './api.ts';
import { fromVnInput, toVnInput } from '../../common/time/vietnam.ts';

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** Minutes: actual times, guests, each speaker's remarks per agenda item, conclusions. */
export function MinutesForm({ d }: { d: MeetingDetail }) {
  const id = d.meeting.id;
  const qc = useQueryClient();
  const minutes = useQuery({
    queryKey: meetingKeys.sub(id, 'minutes'),
    queryFn: () => api.get<Minutes>(`/api/meetings/${id}/minutes`),
  });
  if (!minutes.data) return null;
  return (
    <MinutesEditor
      d={d}
      m={minutes.data}
      onSaved={(m) => {
        qc.setQueryData(meetingKeys.sub(id, 'minutes'), m);
        void qc.invalidateQueries({ queryKey: meetingKeys.detail(id) });
      }}
    />
  );
}

function MinutesEditor({ d, m, onSaved }: { d: MeetingDetail; m: Minutes; onSaved: (m: Minutes) => void }) {
  const { t } = useTranslation();
  const id = d.meeting.id;
  const [start, setStart] = useState(toVnInput(d.meeting.actualStartAt ?? d.meeting.startsAt));
  const [end, setEnd] = useState(toVnInput(d.meeting.actualEndAt ?? d.meeting.plannedEndAt));
  const [guests, setGuests] = useState(m.guests.map((g) => (g.title ? `${g.name} - ${g.title}` : g.name)).join('\n'));
  const [notes, setNotes] = useState(m.notes);
  const [items, setItems] = useState(
    m.items.map((i) => ({
      agendaItemId: i.agendaItemId,
      title: i.title,
      conclusion: i.conclusion,
      remarks: i.remarks.map((r) => `${r.speakerName}: ${r.remark}`).join('\n'),
    })),
  );
  const [resolution, setResolution] = useState(m.resolutionText);
  const [tasks, setTasks] = useState(m.tasks.map((x) => [x.title, x.ownerName, x.dueDate ?? ''].join(' | ')).join('\n'));
  const save = useMutation({
    mutationFn: () =>
      put<Minutes>(`/api/meetings/${id}/minutes`, {
        actualStartAt: fromVnInput(start)?.toISOString(),
        actualEndAt: fromVnInput(end)?.toISOString(),
        guests: lines(guests).map((l) => {
          const [name = '', ...rest] = l.split(' - ');
          return { name: name.trim(), title: rest.join(' - ').trim() };
        }),
        notes,
        items: items.map((i) => ({
          agendaItemId: i.agendaItemId,
          conclusion: i.conclusion,
          remarks: lines(i.remarks).map((l) => {
            const at = l.indexOf(':');
            return at > 0
              ? { speakerName: l.slice(0, at).trim(), remark: l.slice(at + 1).trim() || l }
              : { speakerName: l, remark: l };
          }),
        })),
      }),
    onSuccess: onSaved,
  });
  const saveResolution = useMutation({
    mutationFn: () =>
      put<Minutes>(`/api/meetings/${id}/resolution`, {
        resolutionText: resolution,
        tasks: lines(tasks).map((l) => {
          const [title = '', owner = '', due = ''] = l.split('|').map((s) => s.trim());
          return { title, ownerName: owner || '—', dueDate: /^\d{4}-\d{2}-\d{2}$/.test(due) ? due : null };
        }),
      }),
    onSuccess: onSaved,
  });
  return (
    <Stack gap="lg">
      <section aria-labelledby="mt-minutes">
        <Title order={2} size="h3" id="mt-minutes" mb="xs">
          {t('meetings.minutes')}
        </Title>
        <Stack gap="xs">
          <Text>
            {t('meetings.counts', {
              present: m.present,
              total: m.total,
              rate: m.total ? Math.round((m.present / m.total) * 100) : 0,
              ex: m.absentees.filter((a) => a.excused).length,
              unex: m.absentees.filter((a) => !a.excused).length,
              unmarked: m.total - m.present - m.absentees.length,
            })}
          </Text>
          <TextInput
            type="datetime-local"
            label={t('meetings.f.actualStartAt')}
            value={start}
            onChange={(e) => setStart(e.currentTarget.value)}
            size="md"
          />
          <TextInput
            type="datetime-local"
            label={t('meetings.f.actualEndAt')}
            value={end}
            onChange={(e) => setEnd(e.currentTarget.value)}
            size="md"
          />
          <Textarea
            label={t('meetings.f.guests')}
            value={guests}
            onChange={(e) => setGuests(e.currentTarget.value)}
            autosize
            minRows={2}
            size="md"
          />
          {items.map((it, i) => (
            <Stack key={it.agendaItemId} gap={4}>
              <Text fw={700}>
                {i + 1}. {it.title}
              </Text>
              <Textarea
                label={`${t('meetings.f.remarks')} · ${i + 1}`}
                value={it.remarks}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setItems((xs) => xs.map((x, j) => (j === i ? { ...x, remarks: v } : x)));
                }}
                autosize
                minRows={2}
                size="md"
              />
              <Textarea
                label={`${t('meetings.f.conclusion')} · ${i + 1}`}
                value={it.conclusion}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setItems((xs) => xs.map((x, j) => (j === i ? { ...x, conclusion: v } : x)));
                }}
                autosize
                minRows={2}
                size="md"
              />
            </Stack>
          ))}
          <Textarea
            label={t('meetings.f.notes')}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            autosize
            minRows={2}
            size="md"
          />
          <ErrorText error={save.error} />
          {save.isSuccess && <SuccessText>{t('meetings.saved')}</SuccessText>}
          <Button onClick={() => save.mutate()} loading={save.isPending} size="md">
            {t('meetings.save')} · {t('meetings.minutes')}
          </Button>
        </Stack>
      </section>
      <section aria-labelledby="mt-res">
        <Title order={2} size="h3" id="mt-res" mb="xs">
          {t('meetings.resolutionTitle')}
        </Title>
        <Stack gap="xs">
          <Textarea
            label={t('meetings.f.resolution')}
            value={resolution}
            onChange={(e) => setResolution(e.currentTarget.value)}
            autosize
            minRows={4}
            size="md"
          />
          <Textarea
            label={t('meetings.f.tasks')}
            value={tasks}
            onChange={(e) => setTasks(e.currentTarget.value)}
            autosize
            minRows={2}
            size="md"
          />
          <ErrorText error={saveResolution.error} />
          {saveResolution.isSuccess && <SuccessText>{t('meetings.saved')}</SuccessText>}
          <Button onClick={() => saveResolution.mutate()} loading={saveResolution.isPending} size="md">
            {t('meetings.save')} · {t('meetings.resolutionTitle')}
          </Button>
        </Stack>
      </section>
    </Stack>
  );
}

export function Photos({ d }: { d: MeetingDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const send = useMutation({
    mutationFn: (f: File) => upload(`/api/meetings/${d.meeting.id}/signed-copies`, f),
    onSuccess: () => {
      setFile(null);
      void qc.invalidateQueries({ queryKey: meetingKeys.detail(d.meeting.id) });
    },
  });
  const photos = d.files.filter((f) => f.purpose === 'signed_copy');
  return (
    <section aria-labelledby="mt-photos">
      <Title order={2} size="h3" id="mt-photos" mb="xs">
        {t('meetings.photos')}
      </Title>
      <Group>
        {photos.map((p) => (
          <a key={p.id} href={`/api/meeting-files/${p.id}`} target="_blank" rel="noopener">
            <img src={`/api/meeting-files/${p.id}?thumb=1`} alt={p.name} width={120} style={{ borderRadius: 6 }} />
          </a>
        ))}
      </Group>
      {d.abilities.manage && d.meeting.status !== 'finalized' && (
        <>
          <FileInput
            label={t('meetings.f.photo')}
            accept="image/*"
            capture="environment"
            value={file}
            onChange={(f) => {
              setFile(f);
              if (f) send.mutate(f);
            }}
            size="md"
            mt="xs"
          />
          <ErrorText error={send.error} />
        </>
      )}
    </section>
  );
}

export function Evaluation({ d }: { d: MeetingDetail }) {
  const { t } = useTranslation();
  const id = d.meeting.id;
  const qc = useQueryClient();
  const ev = useQuery({
    queryKey: meetingKeys.sub(id, 'evaluation'),
    queryFn: () => api.get<EvaluationView>(`/api/meetings/${id}/evaluation`),
  });
  const [scores, setScores] = useState<Record<string, number>>({});
  const save = useMutation({
    mutationFn: (s: Record<string, number>) => put<EvaluationView>(`/api/meetings/${id}/evaluation`, { scores: s }),
    onSuccess: (v) => qc.setQueryData(meetingKeys.sub(id, 'evaluation'), v),
  });
  if (!ev.data) return null;
  const e = ev.data;
  const editable = d.abilities.manage && d.meeting.status !== 'finalized';
  const current = (key: string, points: number | null) => scores[key] ?? points ?? '';
  return (
    <section aria-labelledby="mt-eval">
      <Title order={2} size="h3" id="mt-eval" mb="xs">
        {t('meetings.evaluation')}
      </Title>
      <Table>
        <Table.Tbody>
          {e.result.items.map((i) => (
            <Table.Tr key={i.key}>
              <Table.Td>{i.label}</Table.Td>
              <Table.Td w={120}>
                {i.measured || !editable ? (
                  <Group gap={4}>
                    <Text fw={700}>
                      {i.points ?? '—'}/{i.max}
                    </Text>
                    {i.measured && (
                      <Badge variant="outline" color="dark" size="xs">
                        {t('meetings.measured')}
                      </Badge>
                    )}
                  </Group>
                ) : (
                  <NumberInput
                    aria-label={i.label}
                    min={0}
                    max={i.max}
                    step={0.5}
                    value={current(i.key, i.points)}
                    onChange={(v) => setScores((s) => ({ ...s, [i.key]: Number(v) }))}
                    size="md"
                  />
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text fw={700} mt="xs">
        {t('meetings.total', { total: e.result.total })} {e.result.rating ? `· ${e.result.rating.label}` : ''}
      </Text>
      {editable && (
        <>
          <ErrorText error={save.error} />
          <Button
            mt="xs"
            size="md"
            loading={save.isPending}
            onClick={() => {
              const manual = Object.fromEntries(
                e.result.items.filter((i) => !i.measured).map((i) => [i.key, scores[i.key] ?? i.points ?? 0]),
              );
              save.mutate(manual);
            }}
          >
            {t('meetings.save')} · {t('meetings.evaluation')}
          </Button>
        </>
      )}
    </section>
  );
}

export function FinalizeBox({ d }: { d: MeetingDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const id = d.meeting.id;
  const refresh = () => void qc.invalidateQueries({ queryKey: meetingKeys.detail(id) });
  const [reason, setReason] = useState('');
  const finalize = useMutation({ mutationFn: () => api.post(`/api/meetings/${id}/finalize`), onSuccess: refresh });
  const reopen = useMutation({ mutationFn: () => api.post(`/api/meetings/${id}/reopen`, { reason }), onSuccess: refresh });
  if (d.meeting.status === 'finalized') {
    return (
      <Stack gap="xs">
        <SuccessText>{t('meetings.finalizedAt')}</SuccessText>
        <TextInput
          label={t('meetings.reopenReason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          size="md"
        />
        <ErrorText error={reopen.error} />
        <Button variant="default" onClick={() => reopen.mutate()} loading={reopen.isPending} size="md">
          {t('meetings.reopen')}
        </Button>
      </Stack>
    );
  }
  return (
    <Stack gap="xs">
      <ErrorText error={finalize.error} />
      <Button size="lg" onClick={() => finalize.mutate()} loading={finalize.isPending}>
        {t('meetings.finalize')}
      </Button>
    </Stack>
  );
}
