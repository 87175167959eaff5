import { useState } from 'react';
import { Button, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.ts';
import type { UnitSearchHit } from '../api/types.ts';
import { unitKeys } from './keys.ts';
import { ErrorText } from '../ui/feedback.tsx';

export function useUnitSearch(q: string, limit = 20) {
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const query = useQuery({
    queryKey: unitKeys.search(debounced),
    queryFn: () => client.get('/api/units/search', { query: { q: debounced, limit } }),
    enabled: debounced.length >= 2,
  });
  return { ...query, active: debounced.length >= 2 };
}

interface Props {
  label: string;
  value: UnitSearchHit | null;
  onChange: (unit: UnitSearchHit | null) => void;
  /** Units that may not be picked (the unit itself, say). */
  excludeIds: string[];
  error?: string;
}

/** Search-and-pick for a target unit; results are buttons, so it works by touch, keyboard and tests alike. */
export function UnitPicker({ label, value, onChange, excludeIds, error }: Props) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const search = useUnitSearch(q, 10);
  const hits = (search.data?.items ?? []).filter((u) => !excludeIds.includes(u.id) && u.status === 'active');
  return (
    <Stack gap="xs">
      <TextInput
        label={label}
        description={t('org.pickerHint')}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        error={error}
        autoComplete="off"
      />
      <ErrorText error={search.error} />
      {search.active && search.isSuccess && hits.length === 0 && <Text>{t('org.noResults')}</Text>}
      {hits.length > 0 && (
        <ul className="plain-list">
          {hits.map((u) => (
            <li key={u.id}>
              <Button
                variant={value?.id === u.id ? 'filled' : 'default'}
                aria-pressed={value?.id === u.id}
                fullWidth
                justify="flex-start"
                h="auto"
                py={8}
                styles={{ label: { whiteSpace: 'normal', textAlign: 'left', display: 'block' } }}
                onClick={() => onChange(u)}
              >
                {u.name}
                {u.pathNames.length > 0 && (
                  <Text component="span" display="block" fz="sm" c={value?.id === u.id ? undefined : 'dimmed'}>
                    {u.pathNames.join(' › ')}
                  </Text>
                )}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {value && (
        <Text fw={700} role="status">
          {t('org.picked', { name: value.name })}
        </Text>
      )}
    </Stack>
  );
}
