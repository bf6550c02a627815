import { Anchor, Badge, Button, Group, Modal, Paper, PasswordInput, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconSearchOff, IconShieldCheck, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, call, callPage, PAGE_SIZE } from '../api/client.ts';
import { FormError, messageOf } from '../components/form-error.tsx';
import { formatDate } from '../components/format.ts';
import { notifySuccess } from '../components/notify.ts';
import { PageHeader } from '../components/page-header.tsx';
import { Pager } from '../components/pager.tsx';
import { SearchInput } from '../components/search-input.tsx';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';
import { useListParams } from '../components/use-list-params.ts';
import { useLoad } from '../components/use-load.ts';
import { LastSignIn, UserCell } from '../components/user-cell.tsx';
import { ADMIN_ROLE_ID } from './administrator-access.tsx';

export function UsersPage() {
  const navigate = useNavigate();
  const { q, page, setQ, setPage } = useListParams();
  const [params, setParams] = useSearchParams();
  const show = params.get('show') === 'administrators' ? 'administrators' : 'all';
  const setShow = (value: string) => setParams(value === 'administrators' ? { show: value } : {}, { replace: true });
  const [creating, setCreating] = useState(false);
  const users = useLoad(
    () =>
      show === 'administrators'
        ? callPage(api.GET('/api/roles/{id}/users', { params: { path: { id: ADMIN_ROLE_ID }, query: { page, page_size: PAGE_SIZE } } }))
        : callPage(api.GET('/api/users', { params: { query: { search: q || undefined, page, page_size: PAGE_SIZE } } })),
    [q, page, show],
  );
  // Up to 100 administrators are marked in the list; there are rarely more.
  const administrators = useLoad(
    () => callPage(api.GET('/api/roles/{id}/users', { params: { path: { id: ADMIN_ROLE_ID }, query: { page_size: 100 } } })),
    [],
  );
  const isAdministrator = (id: string) => administrators.data?.rows.some((user) => user.id === id) ?? false;
  return (
    <>
      <PageHeader
        title="Users"
        description="Everyone who can sign in. A user can belong to any number of organizations."
        actions={
          <Button leftSection={<IconUserPlus size={16} />} onClick={() => setCreating(true)}>
            Create user
          </Button>
        }
      />
      <Paper withBorder radius="md" p="md">
        <Group mb="md" justify="space-between" wrap="wrap">
          {show === 'all' ? (
            <SearchInput value={q} onChange={setQ} placeholder="Search by name, email or ID" label="Search users by name, username, email, phone or ID" />
          ) : (
            <Text size="sm" c="dimmed">
              Users who can sign in to this Console and use the Management API.
            </Text>
          )}
          <SegmentedControl
            aria-label="Which users to show"
            value={show}
            onChange={setShow}
            data={[
              { value: 'all', label: 'All users' },
              { value: 'administrators', label: 'Administrators' },
            ]}
          />
        </Group>
        {users.error ? (
          <ErrorState error={users.error} onRetry={users.reload} />
        ) : !users.data ? (
          <LoadingState label="Loading users…" />
        ) : users.data.total === 0 && !q ? (
          <EmptyState icon={<IconUsers size={28} />} title="No users yet" action={<Button onClick={() => setCreating(true)}>Create user</Button>} />
        ) : users.data.rows.length === 0 ? (
          <EmptyState icon={<IconSearchOff size={28} />} title="Nothing matches">
            No user matches “{q}”.
          </EmptyState>
        ) : (
          <>
            <Table.ScrollContainer minWidth={600}>
              <Table aria-label="Users">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>User</Table.Th>
                    <Table.Th>Last sign-in</Table.Th>
                    <Table.Th>Created</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {users.data.rows.map((user) => (
                    <Table.Tr key={user.id} style={{ cursor: 'pointer' }} onClick={() => navigate(`/users/${user.id}`)}>
                      <Table.Td>
                        <Anchor component={Link} to={`/users/${user.id}`} underline="never" c="inherit" onClick={(event) => event.stopPropagation()}>
                          <Group gap="xs" wrap="nowrap">
                            <UserCell user={user} />
                            {isAdministrator(user.id) && (
                              <Badge color="teal" variant="light" size="sm" tt="none" leftSection={<IconShieldCheck size={12} />}>
                                Administrator
                              </Badge>
                            )}
                          </Group>
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <LastSignIn at={user.lastSignInAt} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          {formatDate(user.createdAt)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager page={page} total={users.data.total} onChange={setPage} />
          </>
        )}
      </Paper>
      <CreateUserModal opened={creating} onClose={() => setCreating(false)} onCreated={(id) => navigate(`/users/${id}`)} />
    </>
  );
}

function CreateUserModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const [username, setUsername] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (opened) (setUsername(''), setName(''), setEmail(''), setPassword(''), setError(undefined));
  }, [opened]);
  const passwordError = password && password.length < 8 ? 'Use at least 8 characters, or leave it empty.' : undefined;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (passwordError || (!username && !email)) return;
    setBusy(true);
    setError(undefined);
    try {
      const user = await call(
        api.POST('/api/users', {
          body: {
            ...(username ? { username } : {}),
            ...(name ? { name } : {}),
            ...(email ? { primaryEmail: email } : {}),
            ...(password ? { password } : {}),
          },
        }),
      );
      notifySuccess('User created.');
      onClose();
      onCreated(user.id);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} centered title={<Text fw={600}>Create user</Text>}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Username" placeholder="ada" value={username} onChange={(e) => setUsername(e.currentTarget.value.trim())} description="A username, an email, or both." data-autofocus />
          <TextInput label="Email" type="email" placeholder="ada@example.com" value={email} onChange={(e) => setEmail(e.currentTarget.value.trim())} />
          <TextInput label="Full name" placeholder="Ada Lovelace" value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <PasswordInput label="Password" description="Optional. Without one, the user cannot sign in with a password." value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={passwordError} autoComplete="new-password" />
          <FormError error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={!username && !email}>
              Create user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
