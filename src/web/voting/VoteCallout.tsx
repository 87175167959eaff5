import { Button, Card, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { fetchVotes, votingKeys } from './api.ts';
import { VoteResultLines } from './VoteResult.tsx';

/** On the member's meeting page: a vote waiting for them (one big button), or the results once closed. */
export default function VoteCallout({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: votingKeys.list(meetingId), queryFn: () => fetchVotes(meetingId), refetchInterval: 8000 });
  const items = q.data?.items ?? [];
  const waiting = items.filter((i) => i.status === 'open' && i.me.canVote);
  const closed = items.filter((i) => i.status === 'closed');
  if (!waiting.length && !closed.length) return null;
  return (
    <Stack gap="sm">
      {waiting.length > 0 && (
        <Card withBorder padding="md">
          <Stack gap="xs">
            <Text fw={700}>{t('voting.openNow')}</Text>
            {waiting.map((i) => (
              <Text key={i.id}>{i.title}</Text>
            ))}
            <Button component={Link} to={`/sinh-hoat/${meetingId}/bieu-quyet`} size="lg">
              {t('voting.goVote')}
            </Button>
          </Stack>
        </Card>
      )}
      {closed.map((i) => (
        <VoteResultLines key={i.id} item={i} />
      ))}
    </Stack>
  );
}
