import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface Props {
  offset: number;
  limit: number;
  total: number;
  onChange: (offset: number) => void;
}

/** Previous / next with a page count: two big buttons beat a row of small page numbers on a phone. */
export function Pager({ offset, limit, total, onChange }: Props) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / limit));
  const page = Math.floor(offset / limit) + 1;
  if (pages <= 1) return null;
  return (
    <Group justify="space-between" wrap="nowrap">
      <Button variant="default" disabled={page <= 1} onClick={() => onChange(Math.max(0, offset - limit))}>
        {t('common.previous')}
      </Button>
      <Text aria-live="polite">{t('common.pageOf', { page, pages })}</Text>
      <Button variant="default" disabled={page >= pages} onClick={() => onChange(offset + limit)}>
        {t('common.next')}
      </Button>
    </Group>
  );
}
