import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/useMe.ts';

interface Task {
  to: string;
  title: string;
  desc: string;
}

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe().data;
  if (!me) return null;
  const a = me.abilities;
  const tasks: Task[] = [];
  if (a.manageOrg || a.readMembers || a.readAudit) {
    tasks.push({ to: '/to-chuc', title: t('home.orgCard'), desc: a.manageOrg ? t('home.orgDesc') : t('home.orgReadDesc') });
  }
  if (a.readMembers || a.manageAccounts) tasks.push({ to: '/dang-vien', title: t('home.membersCard'), desc: t('home.membersDesc') });
  if (a.readAudit) tasks.push({ to: '/nhat-ky', title: t('home.auditCard'), desc: t('home.auditDesc') });
  tasks.push({ to: '/tai-khoan', title: t('home.accountCard'), desc: t('home.accountDesc') });

  // Distinct units, in the order the roles came.
  const units = [...new Map(me.roles.map((r) => [r.unitId, r.unitName])).values()];

  return (
    <Stack gap="lg">
      <Title order={1}>{t('home.greeting', { name: me.displayName })}</Title>

      <section aria-labelledby="home-unit">
        <Title order={2} size="h3" id="home-unit" mb="xs">
          {t('home.myUnit')}
        </Title>
        {units.length === 0 ? (
          <Text>{t('home.noRoles')}</Text>
        ) : (
          <ul className="plain-list">
            {units.map((name) => (
              <li key={name}>
                <Text fz="lg" fw={600}>
                  {name}
                </Text>
              </li>
            ))}
          </ul>
        )}
        {me.roles.length > 0 && (
          <Text c="dimmed" mt="xs">
            {me.roles.map((r) => t('home.roleAt', { role: t(`role.${r.role}`), unit: r.unitName })).join('; ')}
          </Text>
        )}
      </section>

      <section aria-labelledby="home-tasks">
        <Title order={2} size="h3" id="home-tasks" mb="xs">
          {t('home.tasks')}
        </Title>
        <ul className="plain-list">
          {tasks.map((task) => (
            <li key={task.to}>
              <Paper withBorder p="sm">
                {/* The link holds only the title, so its accessible name stays short and unique. */}
                <Anchor component={Link} to={task.to} fz="xl" fw={700} display="block" py={8}>
                  {task.title}
                </Anchor>
                <Text>{task.desc}</Text>
              </Paper>
            </li>
          ))}
        </ul>
      </section>
    </Stack>
  );
}
