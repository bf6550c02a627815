import { AppShell, Avatar, Burger, Group, Menu, NavLink, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconApps,
  IconBuildingCommunity,
  IconChevronDown,
  IconHistory,
  IconLogout,
  IconServer,
  IconTemplate,
  IconUsers,
  IconWebhook,
} from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { initials } from '../components/format.ts';
import { loadSession, onSessionChange, signOut } from '../auth/session.ts';
import { Logo } from './logo.tsx';

const sections = [
  {
    label: 'Organizations',
    items: [
      { to: '/organizations', label: 'Organizations', icon: IconBuildingCommunity },
      { to: '/organization-template', label: 'Organization template', icon: IconTemplate },
    ],
  },
  {
    label: 'Access',
    items: [
      { to: '/api-resources', label: 'API resources', icon: IconServer },
      { to: '/users', label: 'Users', icon: IconUsers },
      { to: '/applications', label: 'Applications', icon: IconApps },
      { to: '/webhooks', label: 'Webhooks', icon: IconWebhook },
      { to: '/audit-log', label: 'Audit log', icon: IconHistory },
    ],
  },
];

export function Shell() {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const [session, setSession] = useState(loadSession);
  useEffect(() => onSessionChange(setSession), []);
  useEffect(close, [location.pathname, close]);
  const who = session?.user.name ?? session?.user.username ?? session?.user.email ?? 'Administrator';

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 248, breakpoint: 'md', collapsed: { mobile: !opened } }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="md" size="sm" aria-label="Toggle navigation" />
            <Link to="/organizations" style={{ textDecoration: 'none', color: 'inherit' }} aria-label="Guildhall Console home">
              <Logo />
            </Link>
          </Group>
          <Menu position="bottom-end" withArrow>
            <Menu.Target>
              <UnstyledButton aria-label="Account menu">
                <Group gap={8} wrap="nowrap">
                  <Avatar size={30} radius="xl" color="indigo" src={session?.user.picture ?? null}>
                    {initials(who)}
                  </Avatar>
                  <Text size="sm" fw={500} visibleFrom="sm">
                    {who}
                  </Text>
                  <IconChevronDown size={14} />
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>Signed in as {who}</Menu.Label>
              <Menu.Item leftSection={<IconLogout size={16} />} onClick={signOut}>
                Sign out
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap="md">
            {sections.map((section) => (
              <Stack gap={2} key={section.label}>
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4}>
                  {section.label}
                </Text>
                {section.items.map((item) => (
                  <NavLink
                    key={item.to}
                    component={Link}
                    to={item.to}
                    label={item.label}
                    leftSection={<item.icon size={18} stroke={1.6} />}
                    active={location.pathname === item.to || location.pathname.startsWith(`${item.to}/`)}
                    style={{ borderRadius: 'var(--mantine-radius-md)' }}
                  />
                ))}
              </Stack>
            ))}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="sm">
            Guildhall · self-hosted identity
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main bg="var(--mantine-color-gray-0)">
        <div style={{ maxWidth: 1200, margin: '0 auto' }}>
          <Outlet />
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
