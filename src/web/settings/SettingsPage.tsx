import { Anchor, Paper, Stack, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DisplayToggles } from './DisplayToggles.tsx';

export default function SettingsPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <Title order={1}>{t('settings.title')}</Title>
      <Paper withBorder p="md">
        <DisplayToggles withHelp />
      </Paper>
      <Anchor component={Link} to="/thong-bao#loai-thong-bao" fz="lg" fw={600} className="tap-row">
        {t('settings.notifications')}
      </Anchor>
      <Anchor component={Link} to="/cai-dat-ung-dung" fz="lg" fw={600} className="tap-row">
        {t('settings.install')}
      </Anchor>
    </Stack>
  );
}
