import { useState } from 'react';
import { Anchor, Badge, Breadcrumbs, Button, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.ts';
import type { Unit } from '../api/types.ts';
import { ErrorText, PageLoader, QueryError, SuccessText } from '../ui/feedback.tsx';
import { unitKeys } from './keys.ts';
import { useUnitSearch } from './UnitPicker.tsx';
import { UnitDialog, type DialogKind } from './UnitDialogs.tsx';
import { UnitHistory } from './UnitHistory.tsx';

function UnitList({ units, emptyText }: { units: Unit[]; emptyText: string }) {
  const { t } = useTranslation();
  if (units.length === 0) return <Text>{emptyText}</Text>;
  return (
    <ul className="plain-list">
      {units.map((u) => (
        <li key={u.id}>
          <Link to={`/to-chuc/${encodeURIComponent(u.id)}`} className="tap-row">
            <Text fw={700} fz="lg" component="span" display="block">
              {u.name}
            </Text>
            <Text component="span" display="block" fz="sm" c="dimmed">
              {t(`unitType.${u.type}`)} · {t('org.counts', { members: u.memberCount, children: u.childCount })}
              {u.status !== 'active' && ` · ${t(`unitStatus.${u.status}`)}`}
            </Text>
          </Link>
        </li>
      ))}
    </ul>
  );
}

function UnitSearch() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const search = useUnitSearch(q);
  return (
    <Stack gap="xs" role="search">
      <TextInput
        label={t('org.search')}
        description={t('org.searchHint')}
        type="search"
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        autoComplete="off"
      />
      <ErrorText error={search.error} />
      {search.active && search.data && (
        <section aria-label={t('org.searchResults')}>
          {search.data.items.length === 0 ? (
            <Text>{t('org.noResults')}</Text>
          ) : (
            <ul className="plain-list">
              {search.data.items.map((u) => (
                <li key={u.id}>
                  <Link to={`/to-chuc/${encodeURIComponent(u.id)}`} className="tap-row">
                    <Text fw={700} component="span" display="block">
                      {u.name}
                    </Text>
                    <Text component="span" display="block" fz="sm" c="dimmed">
                      {[t(`unitType.${u.type}`), ...u.pathNames].join(' · ')}
                    </Text>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </Stack>
  );
}

function Roots() {
  const { t } = useTranslation();
  const roots = useQuery({ queryKey: unitKeys.roots(), queryFn: () => client.get('/api/units/roots') });
  return (
    <Stack>
      <Title order={1}>{t('org.title')}</Title>
      <UnitSearch />
      <Title order={2} size="h3">
        {t('org.topUnits')}
      </Title>
      {roots.isPending && <PageLoader />}
      {roots.isError && <QueryError error={roots.error} onRetry={() => void roots.refetch()} />}
      {roots.data && <UnitList units={roots.data.items} emptyText={t('common.none')} />}
    </Stack>
  );
}

function UnitView({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const detail = useQuery({
    queryKey: unitKeys.detail(unitId),
    queryFn: () => client.get('/api/units/:id', { params: { id: unitId } }),
  });
  const children = useQuery({
    queryKey: unitKeys.children(unitId),
    queryFn: () => client.get('/api/units/:id/children', { params: { id: unitId } }),
  });

  if (detail.isPending) return <PageLoader />;
  if (detail.isError) return <QueryError error={detail.error} onRetry={() => void detail.refetch()} />;
  const { unit, ancestors, abilities } = detail.data;
  const canManage = abilities.manage && unit.status === 'active';
  const actions: { kind: DialogKind; label: string }[] = [
    { kind: 'add', label: t('org.add') },
    { kind: 'rename', label: t('org.rename') },
    { kind: 'move', label: t('org.move') },
    { kind: 'merge', label: t('org.merge') },
    { kind: 'dissolve', label: t('org.dissolve') },
  ];
  // The top of the tree cannot be moved or merged.
  const available = actions.filter((a) => unit.parentId !== null || a.kind === 'add' || a.kind === 'rename');

  return (
    <Stack gap="lg">
      <UnitSearch />
      {ancestors.length > 0 && (
        <nav aria-label={t('org.breadcrumb')}>
          <Breadcrumbs separator="›" style={{ flexWrap: 'wrap' }}>
            {ancestors.map((a) => (
              <Anchor key={a.id} component={Link} to={`/to-chuc/${encodeURIComponent(a.id)}`} py={12} display="inline-block">
                {a.name}
              </Anchor>
            ))}
          </Breadcrumbs>
        </nav>
      )}
      <Stack gap={4}>
        <Title order={1}>{unit.name}</Title>
        <Group gap="xs">
          <Text>{t(`unitType.${unit.type}`)}</Text>
          <Badge color={unit.status === 'active' ? 'green' : 'gray'} variant="light" size="lg">
            {t(`unitStatus.${unit.status}`)}
          </Badge>
        </Group>
        <Text c="dimmed">
          {t('org.code')}: {unit.code}
          {unit.shortName ? ` · ${unit.shortName}` : ''}
        </Text>
        <Text>{t('org.counts', { members: unit.memberCount, children: unit.childCount })}</Text>
      </Stack>

      <Group gap="md">
        <Anchor component={Link} to={`/dang-vien?unitId=${encodeURIComponent(unit.id)}`} py={12}>
          {t('org.membersLink')}
        </Anchor>
        <Anchor component={Link} to={`/nhat-ky?unitId=${encodeURIComponent(unit.id)}`} py={12}>
          {t('org.auditLink')}
        </Anchor>
      </Group>

      {notice && <SuccessText>{notice}</SuccessText>}

      {canManage && (
        <section aria-labelledby="unit-actions">
          <Title order={2} size="h3" id="unit-actions" mb="xs">
            {t('org.actions')}
          </Title>
          <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs">
            {available.map((a) => (
              <Button
                key={a.kind}
                px={8}
                h="auto"
                mih={50}
                py={6}
                styles={{ label: { whiteSpace: 'normal', lineHeight: 1.2 } }}
                variant={a.kind === 'add' ? 'filled' : 'default'}
                onClick={() => {
                  setNotice(null);
                  setDialog(a.kind);
                }}
              >
                {a.label}
              </Button>
            ))}
          </SimpleGrid>
        </section>
      )}

      <section aria-labelledby="unit-children">
        <Title order={2} size="h3" id="unit-children" mb="xs">
          {t('org.children')}
        </Title>
        {children.isPending && <PageLoader />}
        <ErrorText error={children.error} />
        {children.data && <UnitList units={children.data.items} emptyText={t('org.noChildren')} />}
      </section>

      <UnitHistory unitId={unit.id} />

      <UnitDialog
        kind={dialog}
        unit={unit}
        onClose={() => setDialog(null)}
        onDone={(message) => {
          setDialog(null);
          if (message) setNotice(message);
        }}
      />
    </Stack>
  );
}

export default function OrgPage() {
  const { unitId } = useParams();
  return unitId ? <UnitView key={unitId} unitId={unitId} /> : <Roots />;
}
