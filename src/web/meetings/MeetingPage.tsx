import { Badge, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { formatDateTime } from '../i18n/index.ts';
import { PageLoader, QueryError } from '../ui/feedback.tsx';
import { meetingKeys, type MeetingDetail } from './api.ts';
import { Materials, MemberPanel, UpperGuidance } from './MemberPanel.tsx';
import { InvitationsAndOpinions, PrepareMaterials, RollCall } from './SecretaryPrep.tsx';
import { Evaluation, FinalizeBox, MinutesForm, Photos } from './SecretaryAfter.tsx';

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
        {m.topic && <Text>{t('meetings.f.topic')}: {m.topic}</Text>}
        {m.chairName && <Text>{t('meetings.f.chair')}: {m.chairName}</Text>}
        {m.minutesTakerName && <Text>{t('meetings.f.minutesTaker')}: {m.minutesTakerName}</Text>}
        <Group gap={6} mt={4}>
          <Badge variant="outline" color="dark">{t(`meetings.status.${m.status}`)}</Badge>
          {(['registeredLate', 'materialsLate', 'finalLate'] as const).filter((f) => m.flags[f]).map((f) => (
            <Badge key={f} variant="outline" color="party">
              {t(`meetings.flags.${f}`)}
            </Badge>
          ))}
          {m.rating && <Badge variant="outline" color="dark">{t(`meetings.rating.${m.rating}`)}</Badge>}
        </Group>
      </header>
      {manage && open ? (
        <>
          <PrepareMaterials d={d} />
          <UpperGuidance d={d} />
        </>
      ) : (
        <Materials d={d} />
      )}
      {d.mine && <MemberPanel d={d} />}
      {manage && (
        <>
          <Divider />
          {open && <InvitationsAndOpinions d={d} />}
          {open && <RollCall d={d} />}
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
    </Stack>
  );
}
