/**
 * A finished meeting as its member sees it: the resolution, the minutes in short (who chaired,
 * how many attended, the conclusion of each item), the member's own tasks first, the photos of
 * the signed papers and the materials, each in the app's viewer. No answer to give any more, and
 * no evaluation grade: that is for the secretary and the committee above.
 */
import { Anchor, Badge, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useMe } from '../auth/useMe.ts';
import { formatDate, formatDateTime } from '../i18n/index.ts';
import { PageLoader, QueryError } from '../ui/feedback.tsx';
import { materialPath, meetingKeys, type MeetingDetail, type Minutes } from './api.ts';

function Tasks({ tasks, title, id }: { tasks: Minutes['tasks']; title: string; id: string }) {
  const { t } = useTranslation();
  if (tasks.length === 0) return null;
  return (
    <section aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb="xs">
        {title}
      </Title>
      <ul className="plain-list">
        {tasks.map((task, i) => (
          <li key={i}>
            <Paper withBorder p="sm">
              <Text fw={700}>{task.title}</Text>
              <Text>
                {[task.ownerName, task.dueDate ? t('memberMeetings.due', { date: formatDate(task.dueDate) }) : null]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
            </Paper>
          </li>
        ))}
      </ul>
    </section>
  );
}

function MinutesSummary({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const q = useQuery({
    queryKey: meetingKeys.sub(id, 'minutes'),
    queryFn: () => api.get<Minutes>(`/api/meetings/${id}/minutes`),
  });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const m = q.data;
  const mine = m.tasks.filter((x) => me?.memberId && x.ownerMemberId === me.memberId);
  const others = m.tasks.filter((x) => !mine.includes(x));
  return (
    <>
      <Tasks tasks={mine} title={t('memberMeetings.myTasks')} id="past-my-tasks" />
      <section aria-labelledby="past-minutes">
        <Title order={2} size="h3" id="past-minutes" mb="xs">
          {t('memberMeetings.minutes')}
        </Title>
        <Stack gap={6}>
          <Text>
            {t('memberMeetings.heldAt', {
              from: formatDateTime(m.startAt),
              to: m.endAt ? formatDateTime(m.endAt) : '…',
              place: m.place,
            })}
          </Text>
          {m.chairName && <Text>{t('memberMeetings.chair', { name: m.chairName })}</Text>}
          {m.minutesTakerName && <Text>{t('memberMeetings.minutesTaker', { name: m.minutesTakerName })}</Text>}
          <Text>{t('memberMeetings.present', { present: m.present, total: m.total })}</Text>
          {m.items.length > 0 && (
            <ol className="minutes-items">
              {m.items.map((item) => (
                <li key={item.agendaItemId}>
                  <Text fw={700}>{item.title}</Text>
                  {item.conclusion && <Text>{t('memberMeetings.conclusion', { text: item.conclusion })}</Text>}
                  {item.remarks.length > 0 && (
                    <details>
                      <summary>{t('memberMeetings.remarks', { count: item.remarks.length })}</summary>
                      <ul className="plain-list">
                        {item.remarks.map((r, i) => (
                          <li key={i}>
                            <Text>
                              <strong>{r.speakerName}:</strong> {r.remark}
                            </Text>
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </li>
              ))}
            </ol>
          )}
          {m.notes && <Text style={{ whiteSpace: 'pre-wrap' }}>{m.notes}</Text>}
        </Stack>
      </section>
      <Tasks tasks={others} title={t('memberMeetings.cellTasks')} id="past-cell-tasks" />
    </>
  );
}

export function PastMeeting({ d }: { d: MeetingDetail }) {
  const { t } = useTranslation();
  const m = d.meeting;
  const finalized = m.status === 'finalized';
  const photos = d.files.filter((f) => f.purpose === 'signed_copy');
  const materials = d.files.filter((f) => f.purpose === 'material');
  return (
    <Stack gap="lg">
      <header>
        <Title order={1}>
          {t(`meetings.kind.${m.kind}`)} · {m.cellName}
        </Title>
        <Text fz="lg">{formatDateTime(m.actualStartAt ?? m.startsAt)}</Text>
        <Text>{t('memberMeetings.place', { place: m.place })}</Text>
        {m.topic && <Text>{t('memberMeetings.topic', { topic: m.topic })}</Text>}
        <Badge variant="outline" color="dark" mt={6} size="lg">
          {finalized ? t('memberMeetings.finalized') : t('memberMeetings.ended')}
        </Badge>
      </header>
      {d.mine && (
        <Text fw={600}>
          {d.mine.attendance
            ? t('memberMeetings.myAttendance', { status: t(`meetings.att.${d.mine.attendance}`) })
            : t('memberMeetings.noAttendance')}
        </Text>
      )}
      {!finalized && <Text>{t('memberMeetings.waitingFinal')}</Text>}
      {finalized && m.resolutionText && (
        <section aria-labelledby="past-resolution">
          <Title order={2} size="h3" id="past-resolution" mb="xs">
            {t('memberMeetings.resolution')}
          </Title>
          <div className="reading">
            {m.resolutionText.split(/\n{1,}/).map((line, i) => (line.trim() ? <p key={i}>{line}</p> : null))}
          </div>
        </section>
      )}
      {finalized && <MinutesSummary id={m.id} />}
      {photos.length > 0 && (
        <section aria-labelledby="past-photos">
          <Title order={2} size="h3" id="past-photos" mb="xs">
            {t('memberMeetings.photos')}
          </Title>
          <ul className="photo-grid">
            {photos.map((p) => (
              <li key={p.id}>
                <Link to={materialPath(m.id, p.id)} className="photo-link">
                  <img src={`/api/meeting-files/${p.id}${p.hasThumb ? '?thumb=1' : ''}`} alt={p.name} loading="lazy" />
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {materials.length > 0 && (
        <section aria-labelledby="past-materials">
          <Title order={2} size="h3" id="past-materials" mb="xs">
            {t('memberMeetings.materials')}
          </Title>
          <ul className="plain-list">
            {materials.map((f) => (
              <li key={f.id}>
                <Anchor component={Link} to={materialPath(m.id, f.id)} className="tap-row">
                  {f.name}
                </Anchor>
              </li>
            ))}
          </ul>
        </section>
      )}
      {d.mine && d.mine.opinions.length > 0 && (
        <section aria-labelledby="past-opinions">
          <Title order={2} size="h3" id="past-opinions" mb="xs">
            {t('memberMeetings.myOpinions')}
          </Title>
          <ul className="plain-list">
            {d.mine.opinions.map((o) => (
              <li key={o.id}>
                <Text c="dimmed">{formatDateTime(o.createdAt)}</Text>
                <Text>{o.body}</Text>
              </li>
            ))}
          </ul>
        </section>
      )}
      <Anchor component={Link} to="/sinh-hoat" className="more-link">
        {t('memberMeetings.allPast')}
      </Anchor>
    </Stack>
  );
}
