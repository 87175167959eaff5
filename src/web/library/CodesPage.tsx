/**
 * Document type codes (NQ, CT, HD …) and issuer codes (TW, TU, BTCTW …): data, not code. System
 * admins add the codes their province uses; the symbol parser and search pick them up at once.
 */
import { useState } from 'react';
import { Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, fieldError } from '../api/client.ts';
import { ErrorText, PageLoader, QueryError, SuccessText } from '../ui/feedback.tsx';
import { useAbilities, useCodes, type Codes } from './api.ts';

type Which = 'types' | 'issuers';

function CodeList({ which, items, canAdd }: { which: Which; items: Codes[Which]; canAdd: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const add = useMutation({
    mutationFn: () => api.post<{ code: string; name: string }>(`/api/library/codes/${which}`, { code, name }),
    onSuccess: () => {
      setCode('');
      setName('');
      void qc.invalidateQueries({ queryKey: ['library', 'codes'] });
    },
  });
  const title = t(`library.codes.${which}`);
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-label={title}>
      <Stack gap="sm">
        <Title order={2} size="h3">
          {title}
        </Title>
        <Table striped fz="md" verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" w={110}>
                {t('library.codes.code')}
              </Table.Th>
              <Table.Th scope="col">{t('library.codes.name')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((c) => (
              <Table.Tr key={c.code}>
                <Table.Td fw={600}>{c.code}</Table.Td>
                <Table.Td>{c.name}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {canAdd && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              add.mutate();
            }}
          >
            <Stack gap="xs">
              <Group grow wrap="wrap" align="flex-start">
                <TextInput
                  label={t('library.codes.code')}
                  description={t(`library.codes.${which}CodeHint`)}
                  value={code}
                  onChange={(e) => setCode(e.currentTarget.value)}
                  required
                  maxLength={12}
                  size="md"
                  error={fieldError(add.error, 'code')}
                />
                <TextInput
                  label={t('library.codes.name')}
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                  required
                  size="md"
                  error={fieldError(add.error, 'name')}
                />
              </Group>
              <ErrorText error={add.error} />
              {add.isSuccess && <SuccessText>{t('library.codes.added', { code: add.data.code })}</SuccessText>}
              <Button type="submit" size="md" loading={add.isPending}>
                {t(`library.codes.add_${which}`)}
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}

export default function CodesPage() {
  const { t } = useTranslation();
  const abilities = useAbilities();
  const codes = useCodes();
  if (abilities.isPending || codes.isPending) return <PageLoader />;
  if (codes.isError) return <QueryError error={codes.error} onRetry={() => void codes.refetch()} />;
  const canAdd = !!abilities.data?.manageCodes;
  return (
    <Stack>
      <Title order={1}>{t('library.codes.title')}</Title>
      <Text>{canAdd ? t('library.codes.intro') : t('library.codes.readOnly')}</Text>
      <CodeList which="types" items={codes.data.types} canAdd={canAdd} />
      <CodeList which="issuers" items={codes.data.issuers} canAdd={canAdd} />
    </Stack>
  );
}
