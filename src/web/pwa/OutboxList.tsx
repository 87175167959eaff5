import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { discard } from './outbox.ts';
import { useOutbox } from './useOutbox.ts';

/** "Đang chờ gửi": what the member did offline and what became of it. Nothing when empty. */
export function OutboxList() {
  const { t } = useTranslation();
  const items = useOutbox();
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="outbox-title">
      <Paper withBorder p="sm" bg="yellow.0">
        <Title order={2} size="h3" id="outbox-title">
          {t('memberHome.waitingTitle')}
        </Title>
        <Text size="sm">{t('memberHome.waitingHelp')}</Text>
        <Stack component="ul" gap={6} mt="xs" className="plain-list">
          {items.map((i) => (
            <li key={i.clientId}>
              <Group justify="space-between" wrap="nowrap">
                <Text fw={600}>{i.label}</Text>
                {i.error && (
                  <Button variant="subtle" size="md" onClick={() => void discard(i.clientId)}>
                    {t('memberHome.discard')}
                  </Button>
                )}
              </Group>
              {i.error && <Text c="red.9">{t('memberHome.refused', { reason: i.error })}</Text>}
            </li>
          ))}
        </Stack>
      </Paper>
    </section>
  );
}
