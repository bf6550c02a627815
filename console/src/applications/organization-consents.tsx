import { Alert, Anchor, Badge, Group, Paper, Stack, Switch, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { IconBuildingCommunity, IconUserSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call, callPage } from '../api/client.ts';
import { messageOf } from '../components/form-error.tsx';
import { notifySuccess } from '../components/notify.ts';
import { SearchInput } from '../components/search-input.tsx';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';
import { useLoad } from '../components/use-load.ts';

interface Person {
  id: string;
  label: string;
}

/**
 * Which of a person's organizations a third-party app may access (organization tokens and
 * claims). People choose on the consent page when they sign in to the app; an administrator can
 * look a person up here and grant or withdraw an organization.
 */
export function OrganizationConsents({ applicationId, applicationName }: { applicationId: string; applicationName: string }) {
  const [query, setQuery] = useState('');
  const [person, setPerson] = useState<Person>();
  const people = useLoad(
    () => (query ? callPage(api.GET('/api/users', { params: { query: { search: query, page: 1, page_size: 5 } } })) : Promise.resolve(undefined)),
    [query],
  );
  return (
    <Paper withBorder radius="md" p="lg">
      <Stack gap={4} mb="sm" maw={620}>
        <Title order={5}>Organization access</Title>
        <Text size="sm" c="dimmed">
          A third-party app gets organization tokens and organization claims only for the organizations a person granted it
          on the consent page. Look a person up to see or change what they granted.
        </Text>
      </Stack>
      <SearchInput value={query} onChange={setQuery} placeholder="Find a person by name, username or email" />
      {people.error ? (
        <ErrorState error={people.error} onRetry={people.reload} />
      ) : people.data && people.data.rows.length === 0 ? (
        <Text size="sm" c="dimmed" mt="sm">
          Nobody matches “{query}”.
        </Text>
      ) : people.data ? (
        <Group gap="xs" mt="sm" aria-label="People found" role="list">
          {people.data.rows.map((user) => {
            const label = user.name ?? user.username ?? user.primaryEmail ?? user.id;
            const selected = person?.id === user.id;
            return (
              <UnstyledButton key={user.id} role="listitem" onClick={() => setPerson({ id: user.id, label })} aria-pressed={selected}>
                <Badge variant={selected ? 'filled' : 'light'} size="lg" tt="none" style={{ cursor: 'pointer' }}>
                  {label}
                </Badge>
              </UnstyledButton>
            );
          })}
        </Group>
      ) : null}
      {person ? (
        <PersonConsents key={person.id} applicationId={applicationId} applicationName={applicationName} person={person} />
      ) : (
        <EmptyState icon={<IconUserSearch size={24} />} title="No person chosen">
          Search above, then choose a person.
        </EmptyState>
      )}
    </Paper>
  );
}

function PersonConsents({ applicationId, applicationName, person }: { applicationId: string; applicationName: string; person: Person }) {
  const path = { params: { path: { id: applicationId, userId: person.id } } };
  const memberships = useLoad(() => call(api.GET('/api/users/{userId}/organizations', { params: { path: { userId: person.id } } })), [person.id]);
  const consents = useLoad(() => call(api.GET('/api/applications/{id}/users/{userId}/consent-organizations', path)), [applicationId, person.id]);
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const granted = new Set(consents.data?.organizations.map((organization) => organization.id));

  const toggle = async (organizationId: string, name: string, grant: boolean) => {
    setBusy(organizationId);
    setError(undefined);
    try {
      if (grant) await call(api.POST('/api/applications/{id}/users/{userId}/consent-organizations', { ...path, body: { organizationIds: [organizationId] } }));
      else {
        await call(
          api.DELETE('/api/applications/{id}/users/{userId}/consent-organizations/{organizationId}', {
            params: { path: { id: applicationId, userId: person.id, organizationId } },
          }),
        );
      }
      notifySuccess(grant ? `${applicationName} may now access ${name} for ${person.label}.` : `${applicationName} no longer has access to ${name} for ${person.label}.`);
      consents.reload();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(undefined);
    }
  };

  const failed = memberships.error ?? consents.error;
  if (failed) return <ErrorState error={failed} onRetry={() => (memberships.reload(), consents.reload())} />;
  if (!memberships.data || !consents.data) return <LoadingState />;
  const active = memberships.data.filter((organization) => organization.membership.status === 'Active');
  return (
    <Stack gap="xs" mt="md">
      {error && (
        <Alert color="red" variant="light" role="alert">
          {error}
        </Alert>
      )}
      {active.length === 0 ? (
        <EmptyState icon={<IconBuildingCommunity size={24} />} title={`${person.label} is in no organization`}>
          Only active memberships can be granted.
        </EmptyState>
      ) : (
        <Table aria-label={`Organizations ${person.label} granted to ${applicationName}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Organization</Table.Th>
              <Table.Th>Access</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {active.map((organization) => (
              <Table.Tr key={organization.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/organizations/${organization.id}/members`} size="sm" fw={500}>
                    {organization.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={`Access to ${organization.name}`}
                    label={granted.has(organization.id) ? 'Granted' : 'Not granted'}
                    checked={granted.has(organization.id)}
                    disabled={busy !== undefined}
                    onChange={(event) => void toggle(organization.id, organization.name, event.currentTarget.checked)}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
