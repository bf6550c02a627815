import { Anchor, Badge, Button, Group, Paper, Table, Text, Tooltip } from '@mantine/core';
import { IconPlus, IconSearchOff, IconUserShield } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, callPage, PAGE_SIZE } from '../api/client.ts';
import { Pager } from '../components/pager.tsx';
import { SearchInput } from '../components/search-input.tsx';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';
import { RoleTypeBadge } from '../components/tags.tsx';
import { useListParams } from '../components/use-list-params.ts';
import { useLoad } from '../components/use-load.ts';
import { AssignPermissionsModal } from './assign-permissions-modal.tsx';
import { CreateRoleModal } from './create-role-modal.tsx';

const SHOWN_PERMISSIONS = 6;

export function RolesTab() {
  const navigate = useNavigate();
  const { q, page, setQ, setPage } = useListParams();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ id: string; name: string }>();
  const roles = useLoad(
    () => callPage(api.GET('/api/organization-roles', { params: { query: { q: q || undefined, page, page_size: PAGE_SIZE } } })),
    [q, page],
  );

  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="md" wrap="wrap">
        <SearchInput value={q} onChange={setQ} placeholder="Search by role name" />
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          Create organization role
        </Button>
      </Group>
      {roles.error ? (
        <ErrorState error={roles.error} onRetry={roles.reload} />
      ) : !roles.data ? (
        <LoadingState label="Loading roles…" />
      ) : roles.data.total === 0 && !q ? (
        <EmptyState icon={<IconUserShield size={28} />} title="No organization roles yet" action={<Button onClick={() => setCreating(true)}>Create organization role</Button>}>
          A role such as “admin” or “viewer” bundles permissions. You assign roles to members inside each organization.
        </EmptyState>
      ) : roles.data.rows.length === 0 ? (
        <EmptyState icon={<IconSearchOff size={28} />} title="Nothing matches">
          No role matches “{q}”.
        </EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={640}>
            <Table aria-label="Organization roles">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Organization role</Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th>Permissions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {roles.data.rows.map((role) => {
                  const names = [...role.scopes.map((scope) => scope.name), ...role.resourceScopes.map((scope) => scope.name)];
                  return (
                    <Table.Tr key={role.id} style={{ cursor: 'pointer' }} onClick={() => navigate(`/organization-template/roles/${role.id}`)}>
                      <Table.Td>
                        <Anchor component={Link} to={`/organization-template/roles/${role.id}`} fw={500} size="sm" onClick={(event) => event.stopPropagation()}>
                          {role.name}
                        </Anchor>
                        {role.description && (
                          <Text size="xs" c="dimmed" lineClamp={1}>
                            {role.description}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <RoleTypeBadge type={role.type} />
                      </Table.Td>
                      <Table.Td>
                        {names.length === 0 ? (
                          <Text size="sm" c="dimmed">
                            No permissions
                          </Text>
                        ) : (
                          <Group gap={4}>
                            {names.slice(0, SHOWN_PERMISSIONS).map((name, index) => (
                              <Badge key={`${name}-${index}`} variant="light" color={index < role.scopes.length ? 'teal' : 'orange'} radius="sm" tt="none">
                                {name}
                              </Badge>
                            ))}
                            {names.length > SHOWN_PERMISSIONS && (
                              <Tooltip label={names.slice(SHOWN_PERMISSIONS).join(', ')} multiline maw={320}>
                                <Badge variant="default" radius="sm" tt="none">
                                  +{names.length - SHOWN_PERMISSIONS}
                                </Badge>
                              </Tooltip>
                            )}
                          </Group>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager page={page} total={roles.data.total} onChange={setPage} />
        </>
      )}
      <CreateRoleModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(role) => {
          setCreating(false);
          setCreated(role);
        }}
      />
      {created && (
        <AssignPermissionsModal
          opened
          role={created}
          assigned={{ organizationScopeIds: [], resourceScopeIds: [] }}
          onAssigned={() => undefined}
          onClose={() => {
            const id = created.id;
            setCreated(undefined);
            navigate(`/organization-template/roles/${id}`);
          }}
        />
      )}
    </Paper>
  );
}
