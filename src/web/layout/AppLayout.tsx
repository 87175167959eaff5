import { Suspense } from 'react';
import { Container, Group, Text, UnstyledButton } from '@mantine/core';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSelect } from './LanguageSelect.tsx';
import { useMe, useSignOut } from '../auth/useMe.ts';
import { PageLoader } from '../ui/feedback.tsx';

function MainNav() {
  const { t } = useTranslation();
  const me = useMe().data;
  const signOut = useSignOut();
  const navigate = useNavigate();
  if (!me) return null;
  const a = me.abilities;
  const links = [
    { to: '/', label: t('nav.home'), show: true },
    { to: '/thu-vien', label: t('nav.library'), show: true },
    {
      to: '/bien-tap',
      label: t('nav.editorial'),
      show: me.roles.some((r) => ['editor', 'approver', 'system_admin'].includes(r.role)),
    },
    { to: '/to-chuc', label: t('nav.org'), show: a.manageOrg || a.readMembers || a.readAudit },
    { to: '/dang-vien', label: t('nav.members'), show: a.readMembers || a.manageAccounts },
    { to: '/ho-so-cua-toi', label: t('nav.myRecord'), show: !!me.memberId },
    { to: '/nhat-ky', label: t('nav.audit'), show: a.readAudit },
    { to: '/thong-ke', label: t('nav.stats'), show: a.readMembers },
    { to: '/sinh-hoat', label: t('nav.meetings'), show: true },
    { to: '/thong-bao', label: t('nav.notifications'), show: true },
    { to: '/tai-khoan', label: t('nav.account'), show: true },
  ];
  return (
    <nav aria-label={t('nav.label')} className="main-nav">
      {links
        .filter((l) => l.show)
        .map((l) => (
          <NavLink key={l.to} to={l.to} end={l.to === '/'} className="nav-item">
            {l.label}
          </NavLink>
        ))}
      <UnstyledButton
        className="nav-item"
        onClick={() => signOut.mutate(undefined, { onSettled: () => void navigate('/dang-nhap', { replace: true }) })}
        disabled={signOut.isPending}
      >
        {t('nav.signOut')}
      </UnstyledButton>
    </nav>
  );
}

export function AppLayout() {
  const { t } = useTranslation();
  return (
    <>
      <header className="app-header">
        <Container size="md" px="sm">
          <Group justify="space-between" wrap="nowrap" py={6}>
            <Text component="p" fw={700} fz={19} c="white" style={{ whiteSpace: 'nowrap' }}>
              {t('app.title')}
            </Text>
            <LanguageSelect />
          </Group>
          <MainNav />
        </Container>
      </header>
      <Container component="main" size="md" px="sm" py="md">
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </Container>
    </>
  );
}
