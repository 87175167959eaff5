import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={1}>{t('errors.notFound')}</Title>
      <Text>
        <Anchor component={Link} to="/">
          {t('errors.backHome')}
        </Anchor>
      </Text>
    </Stack>
  );
}
