import { lazy, Suspense } from 'react';
import { Badge, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { formatDateTime } from '../i18n/index.ts';
import { PageLoader, QueryError } from '../ui/feedback.tsx';
import { isFinished, meetingKeys, type MeetingDetail } from './api.ts';
import { Materials, MemberPanel, UpperGuidance } from './MemberPanel.tsx';
import { PastMeeting } from './PastMeeting.tsx';

// Most readers of this page are members: the secretary's tools (and the finalized meeting's photos and
// evaluation) come in their own chunks, so a member's phone downloads and parses less before it draws.
const prep = () => import('./SecretaryPrep.tsx');
const after = () => import('./SecretaryAfter.tsx');
const PrepareMaterials = lazy(() => prep().then((m) => ({ default: m.PrepareMaterials })));
const InvitationsAndOpinions = lazy(() => prep().then((m) => ({ default: m.InvitationsAndOpinions })));
const RollCall = lazy(() => prep().then((m) => ({ default: m.RollCall })));
const Evaluation = lazy(() => after().then((m) => ({ default: m.Evaluation })));
const FinalizeBox = lazy(() => after().then((m) => ({ default: m.FinalizeBox })));
const MinutesForm = lazy(() => after().then((m) => ({ default: m.MinutesForm })));
const Photos = lazy(() => after().then((m) => ({ default: m.Photos })));
// Votes in the meeting (issue 19): the secretary's panel in the "During" part, the member's call to vote.
const SecretaryVoting = lazy(() => import('../voting/SecretaryVoting.tsx').then((m) => ({ default: m.SecretaryVoting })));
const VoteCallout = lazy(() => import('../voting/VoteCallout.tsx'));

export default function MeetingPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: meetingKeys.detail(id), queryFn: () => api.get<MeetingDetail>(`/api/meetings/${id}`) });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  const m = d.meeting;
  const manage = d.abilities.manage;
  const open = m.status !== 'finalized';
  // A member's finished meeting: its resolution, minutes and own tasks (PastMeeting), no answer to give.
  if (!manage && d.mine && isFinished(m)) return <PastMeeting d={d} />;
  return (
    <Stack gap="lg">
      <header>
        <Title order={1}>
          {t(`meetings.kind.${m.kind}`)} · {m.cellName}
        </Title>
        <Text fz="lg">
          {formatDateTime(m.startsAt)} – {formatDateTime(m.plannedEndAt)}
        </Text>
        <Text>
          {t('meetings.f.place')}: {m.place}
        </Text>
        {m.topic && (
          <Text>
            {t('meetings.f.topic')}: {m.topic}
          </Text>
        )}
        {m.chairName && (
          <Text>
            {t('meetings.f.chair')}: {m.chairName}
          </Text>
        )}
        {m.minutesTakerName && (
          <Text>
            {t('meetings.f.minutesTaker')}: {m.minutesTakerName}
          </Text>
        )}
        <Group gap={6} mt={4}>
          <Badge variant="outline" color="dark">
            {t(`meetings.status.${m.status}`)}
          </Badge>
          {(['registeredLate', 'materialsLate', 'finalLate'] as const)
            .filter((f) => m.flags[f])
            .map((f) => (
              <Badge key={f} variant="outline" color="party">
                {t(`meetings.flags.${f}`)}
              </Badge>
            ))}
          {m.rating && (manage || d.abilities.monitor) && (
            <Badge variant="outline" color="dark">
              {t(`meetings.rating.${m.rating}`)}
            </Badge>
          )}
        </Group>
      </header>
      <Suspense fallback={<PageLoader />}>
        {manage && open ? (
          <>
            <PrepareMaterials d={d} />
            <UpperGuidance d={d} />
          </>
        ) : (
          <Materials d={d} />
        )}
        {d.mine && <VoteCallout meetingId={m.id} />}
        {d.mine && <MemberPanel d={d} />}
        {manage && (
          <>
            <Divider />
            {open && <InvitationsAndOpinions d={d} />}
            {open && <RollCall d={d} />}
            <SecretaryVoting meetingId={m.id} />
            {open && <MinutesForm d={d} />}
            <Photos d={d} />
            <Evaluation d={d} />
            <FinalizeBox d={d} />
          </>
        )}
        {!manage && m.status === 'finalized' && m.resolutionText && (
          <section aria-labelledby="mt-final">
            <Title order={2} size="h3" id="mt-final">
              {t('meetings.f.resolution')}
            </Title>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{m.resolutionText}</Text>
          </section>
        )}
        {!manage && m.status === 'finalized' && <Photos d={d} />}
        {!manage && !d.mine && d.abilities.monitor && <Evaluation d={d} />}
      </Suspense>
    </Stack>
  );
}
