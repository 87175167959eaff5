/**
 * "Tôi": the fifth tab. The member's own things (record, card, questions, saved documents,
 * account), how the app looks (text size, contrast, language), the staff's management work with
 * what waits in it, and signing out. Everything the bottom bar has no room for is here (nav.ts).
 */
import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe, useSignOut } from '../auth/useMe.ts';
import { DisplayToggles } from '../settings/DisplayToggles.tsx';
import { LanguageSelect } from '../layout/LanguageSelect.tsx';
import { destinationsFor } from '../layout/nav.ts';
import { DestinationList } from '../layout/counts.tsx';

export default function MePage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const signOut = useSignOut();
  const navigate = useNavigate();
  if (!me) return null;
  const mine = destinationsFor(me, 'me');
  const staff = destinationsFor(me, 'staff');
  const units = [...new Set(me.roles.map((r) => r.unitName))];
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{me.displayName}</Title>
        {units.length > 0 && <Text c="dimmed">{units.join(' · ')}</Text>}
        <Text c="dimmed">{[...new Set(me.roles.map((r) => t(`role.${r.role}`)))].join(', ')}</Text>
      </div>

      <section aria-labelledby="me-mine">
        <Title order={2} size="h3" id="me-mine" mb="xs">
          {t('me.mine')}
        </Title>
        <DestinationList items={mine} labelledBy="me-mine" />
      </section>

      <section aria-labelledby="me-display">
        <Title order={2} size="h3" id="me-display" mb="xs">
          {t('me.display')}
        </Title>
        <Paper withBorder p="sm">
          <Stack gap="sm">
            <DisplayToggles />
            <LanguageSelect />
          </Stack>
        </Paper>
      </section>

      {staff.length > 0 && (
        <section aria-labelledby="me-staff">
          <Title order={2} size="h3" id="me-staff" mb="xs">
            {t('nav.staff')}
          </Title>
          <DestinationList items={staff} labelledBy="me-staff" />
        </section>
      )}

      <Button
        variant="outline"
        onClick={() => signOut.mutate(undefined, { onSettled: () => void navigate('/dang-nhap', { replace: true }) })}
        loading={signOut.isPending}
      >
        {t('nav.signOut')}
      </Button>
    </Stack>
  );
}
