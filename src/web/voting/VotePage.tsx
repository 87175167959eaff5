/**
 * The member's vote in the room, on the phone: one open item at a time, big choices, one button.
 * A vote made without a connection waits in the outbox with its client id and is sent when the
 * connection returns; the server counts it once however often it arrives.
 */
import { useCallback, useState } from 'react';
import { Alert, Button, Card, Checkbox, Radio, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { newClientId, sendOrQueue } from '../pwa/outbox.ts';
import { useOutbox, useOutboxSent } from '../pwa/useOutbox.ts';
import { ErrorText, PageLoader, QueryError } from '../ui/feedback.tsx';
import type { Ballot } from '../../common/voting/tally.ts';
import { fetchVotes, votingKeys, type VoteItemView } from './api.ts';
import { VoteResultLines } from './VoteResult.tsx';

const YES_NO = ['for', 'against', 'abstain'] as const;
const LEVELS = ['high', 'trust', 'low'] as const;

export default function VotePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useQuery({
    queryKey: votingKeys.list(id),
    queryFn: () => fetchVotes(id),
    // Items open and close as the meeting goes: look again every few seconds while on this screen.
    refetchInterval: 4000,
  });
  const qc = useQueryClient();
  useOutboxSent(useCallback(() => void qc.invalidateQueries({ queryKey: votingKeys.list(id) }), [qc, id]));
  const outbox = useOutbox();
  if (q.isPending) return <PageLoader />;
  // A failed background refresh (offline in the room) keeps what is on the screen.
  if (!q.data) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const items = q.data.items;
  const queued = new Set(outbox.filter((o) => o.path.startsWith('/api/votes/')).map((o) => o.path.split('/')[3]));
  const open = items.filter((i) => i.status === 'open');
  const closed = items.filter((i) => i.status === 'closed');
  return (
    <Stack gap="lg">
      <Title order={1}>{t('voting.title')}</Title>
      {open.length === 0 && closed.length === 0 && <Text>{t('voting.none')}</Text>}
      {open.map((item) => (
        <Card key={item.id} withBorder padding="md">
          <OpenItem item={item} meetingId={id} queued={queued.has(item.id)} />
        </Card>
      ))}
      {closed.map((item) => (
        <Card key={item.id} withBorder padding="md">
          <Title order={2} size="h3">
            {item.title}
          </Title>
          <VoteResultLines item={item} />
        </Card>
      ))}
      <Button component={Link} to={`/sinh-hoat/${id}`} variant="default" size="md">
        {t('voting.backToMeeting')}
      </Button>
    </Stack>
  );
}

function OpenItem({ item, meetingId, queued }: { item: VoteItemView; meetingId: string; queued: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [yes, setYes] = useState<string>('');
  const [keep, setKeep] = useState<string[]>(() =>
    item.kind === 'election' ? item.candidates.slice(0, item.seats).map((c) => c.id) : [],
  );
  const [levels, setLevels] = useState<Record<string, string>>({});
  // One client id per item and screen: pressing again after a dropped connection sends the same vote.
  const [clientId] = useState(newClientId);
  const send = useMutation({
    networkMode: 'always',
    mutationFn: (ballot: Ballot) =>
      sendOrQueue(`/api/votes/${item.id}/ballots`, { clientId, ballot }, t('voting.ob.ballot', { title: item.title })),
    onSuccess: (r) => {
      if (!r.queued) void qc.invalidateQueries({ queryKey: votingKeys.list(meetingId) });
    },
  });
  const headingId = `vote-${item.id}`;
  const header = (
    <>
      <Text fz="sm" c="dimmed">
        {t(`voting.kind.${item.kind}`)} · {t(`voting.method.${item.method}`)}
      </Text>
      <Title order={2} size="h3" id={headingId}>
        {item.title}
        {item.subjectName ? ` — ${item.subjectName}` : ''}
      </Title>
    </>
  );
  if (item.me.voted || (send.isSuccess && !send.data.queued))
    return (
      <Stack gap="xs" role="group" aria-labelledby={headingId}>
        {header}
        <Alert color="green" variant="light" role="status">
          {t('voting.voted')}
        </Alert>
      </Stack>
    );
  if (queued || send.data?.queued)
    return (
      <Stack gap="xs" role="group" aria-labelledby={headingId}>
        {header}
        <Alert color="yellow" variant="light" role="status">
          {t('voting.queued')}
        </Alert>
      </Stack>
    );
  if (!item.me.canVote)
    return (
      <Stack gap="xs" role="group" aria-labelledby={headingId}>
        {header}
        <Text>{item.me.why}</Text>
      </Stack>
    );
  const ballot = (): Ballot | null => {
    if (item.kind === 'election') return { type: 'election', keep };
    if (item.kind === 'confidence')
      return Object.keys(levels).length === item.candidates.length
        ? { type: 'confidence', levels: levels as Record<string, (typeof LEVELS)[number]> }
        : null;
    return yes ? { type: 'yes_no', choice: yes as (typeof YES_NO)[number] } : null;
  };
  const b = ballot();
  return (
    <Stack gap="sm" role="group" aria-labelledby={headingId}>
      {header}
      <Text fz="sm">{item.ruleText}</Text>
      {item.method === 'secret' && <Text fz="sm">{t('voting.secretNote')}</Text>}
      {item.kind === 'election' ? (
        <Checkbox.Group label={t('voting.keepUpTo', { n: item.seats })} value={keep} onChange={setKeep}>
          <Stack gap="xs" mt="xs">
            {item.candidates.map((c) => (
              <Checkbox
                key={c.id}
                value={c.id}
                label={c.name}
                size="lg"
                disabled={!keep.includes(c.id) && keep.length >= item.seats}
              />
            ))}
          </Stack>
        </Checkbox.Group>
      ) : item.kind === 'confidence' ? (
        item.candidates.map((c) => (
          <Radio.Group
            key={c.id}
            label={c.name}
            value={levels[c.id] ?? ''}
            onChange={(v) => setLevels((l) => ({ ...l, [c.id]: v }))}
          >
            <Stack gap="xs" mt="xs">
              {LEVELS.map((l) => (
                <Radio key={l} value={l} label={t(`voting.level.${l}`)} size="lg" />
              ))}
            </Stack>
          </Radio.Group>
        ))
      ) : (
        <Radio.Group label={t('voting.f.kind')} value={yes} onChange={setYes}>
          <Stack gap="xs" mt="xs">
            {YES_NO.map((c) => (
              <Radio key={c} value={c} label={t(`voting.yes.${c}`)} size="lg" />
            ))}
          </Stack>
        </Radio.Group>
      )}
      <ErrorText error={send.error} />
      <Button size="lg" disabled={!b} loading={send.isPending} onClick={() => b && send.mutate(b)}>
        {t('voting.send')}
      </Button>
    </Stack>
  );
}
