import { Anchor, Avatar, Button, Group, Paper, Table, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBook2, IconBuildingCommunity, IconPlus, IconSearchOff } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { api, callPage, PAGE_SIZE } from '../api/client.ts';
import { CopyId } from '../components/copy-id.tsx';
import { formatDate, initials } from '../components/format.ts';
import { PageHeader } from '../components/page-header.tsx';
import { Pager } from '../components/pager.tsx';
import { SearchInput } from '../components/search-input.tsx';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';
import { useListParams } from '../components/use-list-params.ts';
import { useLoad } from '../components/use-load.ts';
import { CreateOrganizationModal } from './create-modal.tsx';
import { GuideDrawer } from './guide-drawer.tsx';

export function OrganizationsPage() {
  const navigate = useNavigate();
  const { q, page, setQ, setPage } = useListParams();
  const [creating, create] = useDisclosure();
  const [guide, guideControls] = useDisclosure();
  const list = useLoad(
    () => callPage(api.GET('/api/organizations', { params: { query: { q: q || undefined, page, page_size: PAGE_SIZE, showFeatured: '1' } } })),
    [q, page],
  );

  return (
    <>
      <PageHeader
        title="Organizations"
        description="An organization is one of your customers — a company, a team, a workspace. Its members and machine-to-machine apps get roles from the organization template, and tokens carry what those roles allow."
        actions={
          <>
            <Button variant="default" leftSection={<IconBook2 size={16} />} onClick={guideControls.open}>
              How organizations work
            </Button>
            <Button leftSection={<IconPlus size={16} />} onClick={create.open}>
              Create organization
            </Button>
          </>
        }
      />
      <Paper withBorder radius="md" p="md">
        <Group mb="md">
          <SearchInput value={q} onChange={setQ} placeholder="Search by organization name or ID" />
        </Group>
        {list.error ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : !list.data ? (
          <LoadingState label="Loading organizations…" />
        ) : list.data.total === 0 && !q ? (
          <EmptyState
            icon={<IconBuildingCommunity size={28} />}
            title="No organizations yet"
            action={
              <Button leftSection={<IconPlus size={16} />} onClick={create.open}>
                Create your first organization
              </Button>
            }
          >
            Create one organization per customer. You then add its people and apps, and give them roles from the template.
          </EmptyState>
        ) : list.data.rows.length === 0 ? (
          <EmptyState icon={<IconSearchOff size={28} />} title="Nothing matches">
            No organization has “{q}” in its name or ID.
          </EmptyState>
        ) : (
          <>
            <Table.ScrollContainer minWidth={640}>
              <Table aria-label="Organizations">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Organization ID</Table.Th>
                    <Table.Th>Members</Table.Th>
                    <Table.Th>Created</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody style={{ opacity: list.loading ? 0.6 : 1 }}>
                  {list.data.rows.map((organization) => (
                    <Table.Tr key={organization.id} style={{ cursor: 'pointer' }} onClick={() => navigate(`/organizations/${organization.id}`)}>
                      <Table.Td>
                        <Group gap="sm" wrap="nowrap">
                          <ThemeIcon variant="light" radius="md" size={34}>
                            <IconBuildingCommunity size={18} />
                          </ThemeIcon>
                          <div style={{ minWidth: 0 }}>
                            <Anchor component={Link} to={`/organizations/${organization.id}`} fw={500} size="sm" onClick={(event) => event.stopPropagation()}>
                              {organization.name}
                            </Anchor>
                            {organization.description && (
                              <Text size="xs" c="dimmed" lineClamp={1}>
                                {organization.description}
                              </Text>
                            )}
                          </div>
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <CopyId value={organization.id} />
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          {(organization.featuredUsers?.length ?? 0) > 0 && (
                            <Avatar.Group spacing="sm">
                              {organization.featuredUsers?.map((user) => (
                                <Tooltip key={user.id} label={user.name ?? user.id} withArrow>
                                  <Avatar src={user.avatar} size={26} radius="xl" color="initials" name={user.name ?? user.id}>
                                    {initials(user.name ?? user.id)}
                                  </Avatar>
                                </Tooltip>
                              ))}
                            </Avatar.Group>
                          )}
                          <Text size="sm" c={organization.usersCount ? undefined : 'dimmed'}>
                            {organization.usersCount ?? 0}
                          </Text>
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          {formatDate(organization.createdAt)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager page={page} total={list.data.total} onChange={setPage} />
          </>
        )}
      </Paper>
      <CreateOrganizationModal opened={creating} onClose={create.close} />
      <GuideDrawer opened={guide} onClose={guideControls.close} />
    </>
  );
}
