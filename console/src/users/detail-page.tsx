import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Table, Tabs, Text } from '@mantine/core';
import { IconBuildingCommunity, IconId } from '@tabler/icons-react';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { api, call } from '../api/client.ts';
import { CopyId } from '../components/copy-id.tsx';
import { formatDate, formatDateTime, userLabel } from '../components/format.ts';
import { PageHeader } from '../components/page-header.tsx';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';
import { RoleTags, StatusBadge } from '../components/tags.tsx';
import { useLoad } from '../components/use-load.ts';
import { UserAvatar } from '../components/user-cell.tsx';
import { AdministratorAccess } from './administrator-access.tsx';

export function UserDetailPage() {
  const { id = '', tab } = useParams();
  const navigate = useNavigate();
  const user = useLoad(() => call(api.GET('/api/users/{userId}', { params: { path: { userId: id } } })), [id]);
  const back = { to: '/users', label: 'Users' };
  if (tab !== 'profile' && tab !== 'organizations') return <Navigate to={`/users/${id}/profile`} replace />;
  if (user.error) {
    return (
      <>
        <PageHeader title="User" back={back} />
        <ErrorState error={user.error} onRetry={user.reload} />
      </>
    );
  }
  if (!user.data) return <LoadingState />;
  const u = user.data;
  return (
    <>
      <PageHeader
        back={back}
        icon={<UserAvatar user={u} size={48} />}
        title={
          <Group gap="sm">
            {userLabel(u)}
            {u.isSuspended && (
              <Badge color="orange" variant="light">
                Suspended
              </Badge>
            )}
          </Group>
        }
        meta={<CopyId label="User ID" value={u.id} />}
      />
      <Tabs value={tab} onChange={(next) => next && navigate(`/users/${id}/${next}`)} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="profile" leftSection={<IconId size={16} />}>
            Profile
          </Tabs.Tab>
          <Tabs.Tab value="organizations" leftSection={<IconBuildingCommunity size={16} />}>
            Organizations
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="profile">
          <Stack>
            <Paper withBorder radius="md" p="lg">
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
                <Field label="Username" value={u.username} />
                <Field label="Email" value={u.primaryEmail} />
                <Field label="Name" value={u.name} />
                <Field label="Phone" value={u.primaryPhone} />
                <Field label="Password" value={u.hasPassword ? 'Set' : 'Not set'} />
                <Field label="Last sign-in" value={u.lastSignInAt ? formatDateTime(u.lastSignInAt) : 'Never'} />
                <Field label="Created" value={formatDate(u.createdAt)} />
              </SimpleGrid>
            </Paper>
            <AdministratorAccess userId={u.id} name={userLabel(u)} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="organizations">
          <UserOrganizations userId={id} name={userLabel(u)} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

function Field({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="sm">{value || '—'}</Text>
    </Stack>
  );
}

function UserOrganizations({ userId, name }: { userId: string; name: string }) {
  const organizations = useLoad(() => call(api.GET('/api/users/{userId}/organizations', { params: { path: { userId } } })), [userId]);
  return (
    <Paper withBorder radius="md" p="md">
      {organizations.error ? (
        <ErrorState error={organizations.error} onRetry={organizations.reload} />
      ) : !organizations.data ? (
        <LoadingState />
      ) : organizations.data.length === 0 ? (
        <EmptyState icon={<IconBuildingCommunity size={28} />} title="Not in any organization">
          Add {name} to an organization from the organization's Members tab.
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table aria-label="Organizations of the user">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Organization</Table.Th>
                <Table.Th>Roles there</Table.Th>
                <Table.Th>Membership</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {organizations.data.map((organization) => (
                <Table.Tr key={organization.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/organizations/${organization.id}/members`} fw={500} size="sm">
                      {organization.name}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {organization.id}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <RoleTags roles={organization.organizationRoles} empty="No roles" />
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs">
                      <StatusBadge status={organization.membership.status} />
                      <Text size="xs" c="dimmed">
                        since {formatDate(organization.membership.joinedAt)}
                      </Text>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
