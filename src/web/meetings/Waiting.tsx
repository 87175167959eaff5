import { Paper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useOutbox } from '../pwa/useOutbox.ts';

/** What of this meeting waits in the offline outbox (check-ins, answers, opinions, roll call). */
export function MeetingWaiting({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const items = useOutbox().filter((i) => i.path.startsWith(`/api/meetings/${meetingId}/`));
  if (items.length === 0) return null;
  return (
    <Paper withBorder p="sm" bg="yellow.0" component="section" aria-labelledby={`mt-wait-${meetingId}`}>
      <Title order={2} size="h4" id={`mt-wait-${meetingId}`}>
        {t('meetings.waiting')}
      </Title>
      <ul className="plain-list">
        {items.map((i) => (
          <li key={i.clientId}>
            <Text>{i.label}</Text>
            {i.error && <Text c="red.9">{i.error}</Text>}
          </li>
        ))}
      </ul>
    </Paper>
  );
}
