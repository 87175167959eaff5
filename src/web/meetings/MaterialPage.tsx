/**
 * A meeting's file in the app's own viewer (the one library documents use): a material (agenda
 * paper, draft resolution, report) in the reading view with the original one tap away, or a photo
 * of the signed minutes. Also the upper level's guidance files of the month. Never the raw file
 * address in a new tab: back returns to the meeting, and the text follows the member's text size.
 */
import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { PageLoader, QueryError } from '../ui/feedback.tsx';
import { FileReader, kindOfMime, type ReaderFile } from '../library/reader/FileReader.tsx';
import { meetingKeys, type MeetingDetail } from './api.ts';

export default function MaterialPage() {
  const { t } = useTranslation();
  const { id = '', fileId, guidanceId } = useParams();
  const q = useQuery({ queryKey: meetingKeys.detail(id), queryFn: () => api.get<MeetingDetail>(`/api/meetings/${id}`) });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  let file: ReaderFile | null = null;
  const own = fileId ? d.files.find((f) => f.id === fileId) : undefined;
  if (own) {
    const kind = kindOfMime(own.mime);
    file = {
      id: own.id,
      name: own.name,
      kind,
      url: `/api/meeting-files/${own.id}`,
      downloadUrl: `/api/meeting-files/${own.id}`,
      readingUrl: kind === 'pdf' || kind === 'docx' ? `/api/meeting-files/${own.id}/reading` : null,
    };
  }
  const g = guidanceId ? d.guidance.find((x) => String(x.id) === guidanceId && x.fileId) : undefined;
  if (g) {
    const url = `/api/meetings/guidance/${g.id}/file`;
    file = { id: `guidance-${g.id}`, name: g.title, kind: 'pdf', url, downloadUrl: url, readingUrl: null };
  }
  const heading = `${t(`meetings.kind.${d.meeting.kind}`)} · ${d.meeting.cellName}`;
  return (
    <Stack gap="md">
      <Anchor component={Link} to={`/sinh-hoat/${id}`} className="more-link">
        {heading}
      </Anchor>
      {file ? (
        <>
          <Title order={1} className="doc-title">
            {file.name}
          </Title>
          {g && <Text c="dimmed">{g.unitName}</Text>}
          <FileReader key={file.id} file={file} title={file.name} />
        </>
      ) : (
        <>
          <Title order={1}>{t('memberMeetings.fileGone')}</Title>
          <Text>{t('memberMeetings.fileGoneHelp')}</Text>
        </>
      )}
    </Stack>
  );
}
