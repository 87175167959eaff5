import { useState } from 'react';
import { Anchor, Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, withQuery, client } from '../api/client.ts';
import type { ActivationCode, MemberRow, Page } from '../api/types.ts';
import { formatDate } from '../i18n/index.ts';
import { useMe } from '../auth/useMe.ts';
import { unitKeys } from '../org/keys.ts';
import { useUnitDetail } from '../org/useUnitDetail.ts';
import { ErrorText, PageLoader, QueryError } from '../ui/feedback.tsx';
import { Pager } from '../ui/Pager.tsx';
import { ActivationCodeModal } from './ActivationCodeModal.tsx';
import { downloadPost } from './api.ts';
import { CorrectionsInbox } from './RecordPages.tsx';

const LIMIT = 30;
const ACCOUNT_COLORS = { none: 'gray', pending: 'yellow', active: 'green', disabled: 'red' } as const;

/** Without ?unitId: one unit in scope opens directly, several are offered as a choice. */
function ChooseUnit() {
  const { t } = useTranslation();
  const roots = useQuery({ queryKey: unitKeys.roots(), queryFn: () => client.get('/api/units/roots') });
  if (roots.isPending) return <PageLoader />;
  if (roots.isError) return <QueryError error={roots.error} onRetry={() => void roots.refetch()} />;
  const [only, ...rest] = roots.data.items;
  if (only && rest.length === 0) return <Navigate to={`/dang-vien?unitId=${encodeURIComponent(only.id)}`} replace />;
  return (
    <Stack>
      <Title order={1}>{t('members.title')}</Title>
      <Title order={2} size="h3">
        {t('members.chooseUnit')}
      </Title>
      <ul className="plain-list">
        {roots.data.items.map((u) => (
          <li key={u.id}>
            <Anchor component={Link} to={`/dang-vien?unitId=${encodeURIComponent(u.id)}`} className="tap-row">
              {u.name}
            </Anchor>
          </li>
        ))}
      </ul>
    </Stack>
  );
}

function MemberList({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const unit = useUnitDetail(unitId);
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const [offset, setOffset] = useState(0);
  const [issued, setIssued] = useState<{ name: string; code: ActivationCode } | null>(null);
  const [issueFor, setIssueFor] = useState<string | null>(null);

  const members = useQuery({
    queryKey: ['members', unitId, debounced, offset],
    queryFn: () => api.get<Page<MemberRow>>(withQuery('/api/members', { unitId, q: debounced, limit: LIMIT, offset })),
    placeholderData: keepPreviousData,
  });

  const issue = useMutation({
    mutationFn: (m: MemberRow) => api.post<ActivationCode>(`/api/members/${encodeURIComponent(m.id)}/activation-code`),
    onMutate: (m) => setIssueFor(m.id),
    onSuccess: (code, m) => {
      setIssued({ name: m.fullName, code });
      void members.refetch();
    },
  });

  const canIssue = unit.data?.abilities.manageAccounts ?? me?.abilities.manageAccounts ?? false;
  const sheet = useMutation({
    mutationFn: () => downloadPost('/api/members/activation-sheet', { unitId }, 'phieu-kich-hoat.pdf'),
    onSuccess: () => void members.refetch(),
  });

  return (
    <Stack>
      <Title order={1}>{t('members.title')}</Title>
      {unit.data && <Text fz="lg">{t('members.unit', { name: unit.data.unit.name })}</Text>}
      <Group gap="xs">
        <Button component={Link} to={`/dang-vien/chuan-hoa?unitId=${encodeURIComponent(unitId)}`} variant="light" size="md">
          {t('memberRecords.standardization')}
        </Button>
        <Button component={Link} to={`/dang-vien/nhap?unitId=${encodeURIComponent(unitId)}`} variant="light" size="md">
          {t('memberRecords.importExport')}
        </Button>
        <Button
          component={Link}
          to={`/dang-vien/chuyen-sinh-hoat?unitId=${encodeURIComponent(unitId)}`}
          variant="light"
          size="md"
        >
          {t('memberRecords.transfers')}
        </Button>
        {canIssue && (
          <Button variant="light" size="md" loading={sheet.isPending} onClick={() => sheet.mutate()}>
            {t('memberRecords.printSheet')}
          </Button>
        )}
      </Group>
      <ErrorText error={sheet.error} />
      <CorrectionsInbox unitId={unitId} />
      <TextInput
        label={t('members.search')}
        type="search"
        value={q}
        autoComplete="off"
        onChange={(e) => {
          setQ(e.currentTarget.value);
          setOffset(0);
        }}
      />
      {members.isPending && <PageLoader />}
      {members.isError && <QueryError error={members.error} onRetry={() => void members.refetch()} />}
      {members.data && (
        <>
          <Text c="dimmed">{t('common.total', { count: members.data.total })}</Text>
          {members.data.items.length === 0 && <Text>{t('members.empty')}</Text>}
          <ul className="plain-list">
            {members.data.items.map((m) => (
              <li key={m.id}>
                <Paper withBorder p="sm">
                  <Stack gap={4}>
                    <Title order={2} size="h4">
                      <Anchor component={Link} to={`/dang-vien/ho-so/${encodeURIComponent(m.id)}`}>
                        {m.fullName}
                      </Anchor>
                    </Title>
                    <Group gap="xs">
                      <Badge variant="light" color="gray" size="lg">
                        {t(`members.status.${m.status}`, { defaultValue: m.status })}
                      </Badge>
                      <Badge variant="light" color={ACCOUNT_COLORS[m.accountStatus]} size="lg">
                        {t(`members.account.${m.accountStatus}`)}
                      </Badge>
                    </Group>
                    {m.dateOfBirth && <Text>{t('members.born', { date: formatDate(m.dateOfBirth) })}</Text>}
                    {m.cellName && (
                      <Text>
                        {t('members.cell')}: {m.cellName}
                      </Text>
                    )}
                    {m.phoneMasked && (
                      <Text>
                        {t('members.phone')}: {m.phoneMasked}
                      </Text>
                    )}
                    {m.cccdMasked && (
                      <Text>
                        {t('members.cccd')}: {m.cccdMasked}
                      </Text>
                    )}
                    {issue.isError && issueFor === m.id && <ErrorText error={issue.error} />}
                    {canIssue && m.accountStatus !== 'disabled' && (
                      <Button
                        variant="default"
                        mt="xs"
                        loading={issue.isPending && issueFor === m.id}
                        onClick={() => issue.mutate(m)}
                      >
                        {t('members.issue')}
                      </Button>
                    )}
                  </Stack>
                </Paper>
              </li>
            ))}
          </ul>
          <Pager offset={offset} limit={LIMIT} total={members.data.total} onChange={setOffset} />
        </>
      )}
      <ActivationCodeModal memberName={issued?.name ?? ''} code={issued?.code ?? null} onClose={() => setIssued(null)} />
    </Stack>
  );
}

export default function MembersPage() {
  const [params] = useSearchParams();
  const unitId = params.get('unitId');
  return unitId ? <MemberList key={unitId} unitId={unitId} /> : <ChooseUnit />;
}
