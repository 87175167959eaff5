/**
 * The secretary's votes in the meeting's "During" step: who counts right now (and why the others
 * do not), the vote items with their state, adding one, opening and closing it, and the counting
 * committee's count for paper ballots or raised cards.
 */
import { useState } from 'react';
import { Badge, Button, Card, Group, NativeSelect, NumberInput, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, request } from '../api/client.ts';
import { ErrorText, PageLoader, QueryError, SuccessText } from '../ui/feedback.tsx';
import type { Tally } from '../../common/voting/tally.ts';
import { fetchVotes, votingKeys, type CreateVoteItemBody, type RollView, type VoteItemView } from './api.ts';
import { VoteResultLines } from './VoteResult.tsx';

const KINDS = ['resolution', 'election', 'confidence', 'admission', 'official_recognition', 'removal'] as const;
const SECRET_ONLY = new Set(['election', 'confidence']);
const WITH_SUBJECT = new Set(['admission', 'official_recognition', 'removal']);
const OFFICES = ['secretary', 'deputy_secretary', 'committee', 'delegates', 'other'] as const;

export function SecretaryVoting({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: votingKeys.list(meetingId),
    queryFn: () => fetchVotes(meetingId),
    refetchInterval: (query) => (query.state.data?.items.some((i) => i.status === 'open') ? 3000 : false),
  });
  if (q.isPending) return <PageLoader />;
  // A failed background refresh (offline in the room) keeps what is on the screen.
  if (!q.data) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const { items, roll, abilities } = q.data;
  return (
    <section aria-labelledby="votes-title">
      <Stack gap="md">
        <Title order={2} size="h3" id="votes-title">
          {t('voting.title')}
        </Title>
        {roll && <RollSummary roll={roll} />}
        {items.map((item) => (
          <ItemCard key={item.id} item={item} meetingId={meetingId} manage={abilities.manage} />
        ))}
        {abilities.manage && <AddItem meetingId={meetingId} />}
      </Stack>
    </section>
  );
}

function RollSummary({ roll }: { roll: RollView }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text fw={600}>
        {t('voting.counted', {
          counted: roll.quorum.counted,
          present: roll.quorum.present,
          rule: roll.quorum.rule,
          needed: roll.quorum.needed,
        })}
      </Text>
      {!roll.quorum.met && (
        <Text c="red.8" fw={600}>
          {t('voting.quorumMissing')}
        </Text>
      )}
      {roll.excluded.length > 0 && (
        <details>
          <summary className="tap-row">{t('voting.excluded', { n: roll.excluded.length })}</summary>
          <ul>
            {roll.excluded.map((e) => (
              <li key={e.memberId}>
                {e.fullName}: {e.reasonText}
              </li>
            ))}
          </ul>
        </details>
      )}
    </Stack>
  );
}

function ItemCard({ item, meetingId, manage }: { item: VoteItemView; meetingId: string; manage: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const refresh = () => void qc.invalidateQueries({ queryKey: votingKeys.list(meetingId) });
  const act = useMutation({
    mutationFn: (what: 'open' | 'close' | 'delete') =>
      what === 'delete' ? api.del(`/api/votes/${item.id}`) : api.post(`/api/votes/${item.id}/${what}`),
    onSuccess: refresh,
  });
  const headingId = `vi-${item.id}`;
  return (
    <Card withBorder padding="md" component="article" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group gap="xs">
          <Badge variant="outline" color={item.status === 'open' ? 'party' : 'dark'}>
            {t(`voting.status.${item.status}`)}
          </Badge>
          <Text fz="sm">
            {t(`voting.kind.${item.kind}`)} · {t(`voting.method.${item.method}`)} · {t(`voting.mode.${item.mode}`)}
          </Text>
        </Group>
        <Title order={3} size="h4" id={headingId}>
          {item.title}
          {item.subjectName ? ` — ${item.subjectName}` : ''}
        </Title>
        {item.candidates.length > 0 && <Text fz="sm">{item.candidates.map((c) => c.name).join(', ')}</Text>}
        {item.status !== 'closed' && <Text fz="sm">{item.ruleText}</Text>}
        {item.status === 'open' && item.mode === 'phones' && (
          <Text fw={600} role="status">
            {t('voting.votedCount', { n: item.voted })}
          </Text>
        )}
        {item.status === 'open' && item.mode === 'paper' && manage && <TallyForm item={item} onSaved={refresh} />}
        {item.status === 'closed' && <VoteResultLines item={item} />}
        <ErrorText error={act.error} />
        {manage && item.status !== 'closed' && (
          <Group gap="xs">
            {item.status === 'draft' && (
              <>
                <Button size="md" onClick={() => act.mutate('open')} loading={act.isPending && act.variables === 'open'}>
                  {t('voting.open')}
                </Button>
                <Button size="md" variant="default" onClick={() => act.mutate('delete')}>
                  {t('voting.remove')}
                </Button>
              </>
            )}
            {item.status === 'open' && (
              <Button size="md" onClick={() => act.mutate('close')} loading={act.isPending && act.variables === 'close'}>
                {t('voting.close')}
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Card>
  );
}

function TallyForm({ item, onSaved }: { item: VoteItemView; onSaved: () => void }) {
  const { t } = useTranslation();
  const [cast, setCast] = useState<number>(0);
  const [invalid, setInvalid] = useState<number>(0);
  const [yes, setYes] = useState({ for: 0, against: 0, abstain: 0 });
  const [votes, setVotes] = useState<Record<string, number>>({});
  const [levels, setLevels] = useState<Record<string, { high: number; trust: number; low: number }>>({});
  const tally = (): Tally => {
    if (item.kind === 'election')
      return { type: 'election', cast, invalid, votes: Object.fromEntries(item.candidates.map((c) => [c.id, votes[c.id] ?? 0])) };
    if (item.kind === 'confidence')
      return {
        type: 'confidence',
        cast,
        invalid,
        levels: Object.fromEntries(item.candidates.map((c) => [c.id, levels[c.id] ?? { high: 0, trust: 0, low: 0 }])),
      };
    return { type: 'yes_no', cast, invalid, ...yes };
  };
  const save = useMutation({
    mutationFn: () => request('PUT', `/api/votes/${item.id}/tally`, { tally: tally() }),
    onSuccess: onSaved,
  });
  const num = (label: string, value: number, set: (n: number) => void) => (
    <NumberInput
      key={label}
      label={label}
      value={value}
      min={0}
      allowDecimal={false}
      onChange={(v) => set(Number(v) || 0)}
      size="md"
    />
  );
  return (
    <Stack gap="xs">
      <Text fw={600}>{t('voting.tally.title')}</Text>
      {num(t('voting.tally.cast'), cast, setCast)}
      {num(t('voting.tally.invalid'), invalid, setInvalid)}
      {item.kind === 'election'
        ? item.candidates.map((c) =>
            num(t('voting.tally.votes', { name: c.name }), votes[c.id] ?? 0, (n) => setVotes((v) => ({ ...v, [c.id]: n }))),
          )
        : item.kind === 'confidence'
          ? item.candidates.flatMap((c) =>
              (['high', 'trust', 'low'] as const).map((l) =>
                num(`${c.name}: ${t(`voting.level.${l}`)}`, levels[c.id]?.[l] ?? 0, (n) =>
                  setLevels((x) => ({ ...x, [c.id]: { ...(x[c.id] ?? { high: 0, trust: 0, low: 0 }), [l]: n } })),
                ),
              ),
            )
          : (['for', 'against', 'abstain'] as const).map((k) =>
              num(t(`voting.yes.${k}`), yes[k], (n) => setYes((y) => ({ ...y, [k]: n }))),
            )}
      <ErrorText error={save.error} />
      {save.isSuccess && <SuccessText>{t('voting.tally.saved')}</SuccessText>}
      <Button size="md" variant="default" onClick={() => save.mutate()} loading={save.isPending}>
        {t('voting.tally.save')}
      </Button>
    </Stack>
  );
}

function AddItem({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [kind, setKind] = useState<(typeof KINDS)[number]>('resolution');
  const [title, setTitle] = useState('');
  const [method, setMethod] = useState<'show_of_hands' | 'secret'>('show_of_hands');
  const [mode, setMode] = useState<'phones' | 'paper'>('phones');
  const [subjectName, setSubjectName] = useState('');
  const [office, setOffice] = useState<(typeof OFFICES)[number]>('secretary');
  const [seats, setSeats] = useState(1);
  const [people, setPeople] = useState('');
  const secretOnly = SECRET_ONLY.has(kind);
  const create = useMutation({
    mutationFn: () => {
      const names = people
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean);
      const body: CreateVoteItemBody = {
        kind,
        title,
        method: secretOnly ? 'secret' : method,
        mode,
        ...(WITH_SUBJECT.has(kind) && { subjectName }),
        ...(kind === 'election' && { office, seats }),
        ...((kind === 'election' || kind === 'confidence') && { candidates: names.map((name) => ({ name })) }),
      };
      return api.post(`/api/meetings/${meetingId}/votes`, body);
    },
    onSuccess: () => {
      setTitle('');
      setPeople('');
      setSubjectName('');
      void qc.invalidateQueries({ queryKey: votingKeys.list(meetingId) });
    },
  });
  const option = (prefix: string) => (v: string) => ({ value: v, label: t(`${prefix}.${v}`) });
  return (
    <Card withBorder padding="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h4">
            {t('voting.add')}
          </Title>
          <NativeSelect
            label={t('voting.f.kind')}
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as (typeof KINDS)[number])}
            data={KINDS.map(option('voting.kind'))}
            size="md"
          />
          <TextInput
            label={t('voting.f.title')}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            required
            size="md"
          />
          {!secretOnly && (
            <NativeSelect
              label={t('voting.f.method')}
              value={method}
              onChange={(e) => setMethod(e.currentTarget.value as 'show_of_hands' | 'secret')}
              data={(['show_of_hands', 'secret'] as const).map(option('voting.method'))}
              size="md"
            />
          )}
          <NativeSelect
            label={t('voting.f.mode')}
            value={mode}
            onChange={(e) => setMode(e.currentTarget.value as 'phones' | 'paper')}
            data={(['phones', 'paper'] as const).map(option('voting.mode'))}
            size="md"
          />
          {WITH_SUBJECT.has(kind) && (
            <TextInput
              label={t('voting.f.subject')}
              value={subjectName}
              onChange={(e) => setSubjectName(e.currentTarget.value)}
              size="md"
            />
          )}
          {kind === 'election' && (
            <>
              <NativeSelect
                label={t('voting.f.office')}
                value={office}
                onChange={(e) => setOffice(e.currentTarget.value as (typeof OFFICES)[number])}
                data={OFFICES.map(option('voting.office'))}
                size="md"
              />
              <NumberInput
                label={t('voting.f.seats')}
                value={seats}
                min={1}
                allowDecimal={false}
                onChange={(v) => setSeats(Number(v) || 1)}
                size="md"
              />
            </>
          )}
          {(kind === 'election' || kind === 'confidence') && (
            <Textarea
              label={t(kind === 'election' ? 'voting.f.candidates' : 'voting.f.subjects')}
              value={people}
              onChange={(e) => setPeople(e.currentTarget.value)}
              autosize
              minRows={3}
              size="md"
            />
          )}
          <ErrorText error={create.error} />
          <Button type="submit" size="md" loading={create.isPending}>
            {t('voting.create')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
