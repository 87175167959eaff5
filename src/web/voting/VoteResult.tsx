import { List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { VoteItemView } from './api.ts';

/** A closed vote's result in the minutes' words (the same lines the minutes carry). */
export function VoteResultLines({ item }: { item: VoteItemView }) {
  const { t } = useTranslation();
  if (!item.minutes.length) return null;
  const [head, ...rest] = item.minutes;
  return (
    <section aria-label={t('voting.results')}>
      <Text fw={600}>{head}</Text>
      <List spacing={4}>
        {rest.map((line, i) => (
          <List.Item key={i}>{line}</List.Item>
        ))}
      </List>
    </section>
  );
}
