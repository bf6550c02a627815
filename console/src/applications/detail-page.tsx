import { Alert, Anchor, Badge, Button, Code, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconBuildingCommunity, IconShieldCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../api/client.ts';
import { CopyId } from '../components/copy-id.tsx';
import { messageOf } from '../components/form-error.tsx';
import { notifySuccess } from '../components/notify.ts';
import { PageHeader } from '../components/page-header.tsx';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';
import { RoleTags } from '../components/tags.tsx';
import { useLoad } from '../components/use-load.ts';
import { TYPE_LABELS } from './list-page.tsx';
import { AccessControlPanel } from './access-control.tsx';
import { ConsentScopes } from './consent-scopes.tsx';
import { OrganizationConsents } from './organization-consents.tsx';

/** The built-in global role that grants machine-to-machine apps the whole Management API. */
const MANAGEMENT_M2M_ROLE_ID = 'management-api-m2m';
/** The Console's own application: the API refuses access-control rules on it. */
const CONSOLE_APPLICATION_ID = 'guildhall-console';

export function ApplicationDetailPage() {
  const { id = '' } = useParams();
  const app = useLoad(() => call(api.GET('/api/applications/{applicationId}', { params: { path: { applicationId: id } } })), [id]);
  const back = { to: '/applications', label: 'Applications' };
  if (app.error) {
    return (
      <>
        <PageHeader title="Application" back={back} />
        <ErrorState error={app.error} onRetry={app.reload} />
      </>
    );
  }
  if (!app.data) return <LoadingState />;
  const a = app.data;
  const m2m = a.type === 'MachineToMachine';
  return (
    <>
      <PageHeader
        back={back}
        title={
          <Group gap="sm">
            {a.name}
            <Badge variant="light" color={m2m ? 'grape' : 'indigo'} tt="none">
              {TYPE_LABELS[a.type]}
            </Badge>
            {a.isThirdParty && (
              <Badge variant="light" color="orange" tt="none">
                Third-party
              </Badge>
            )}
          </Group>
        }
        description={a.description ?? undefined}
        meta={<CopyId label="Client ID" value={a.id} />}
      />
      <Stack>
        {!m2m && a.oidcClientMetadata.redirectUris.length > 0 && (
          <Paper withBorder radius="md" p="lg">
            <Title order={5} mb="xs">
              Redirect URIs
            </Title>
            <Stack gap={4}>
              {a.oidcClientMetadata.redirectUris.map((uri) => (
                <Code key={uri}>{uri}</Code>
              ))}
            </Stack>
          </Paper>
        )}
        {!m2m && a.id !== CONSOLE_APPLICATION_ID && <AccessControlPanel applicationId={a.id} applicationName={a.name} />}
        {a.isThirdParty && <ConsentScopes applicationId={a.id} />}
        {a.isThirdParty && <OrganizationConsents applicationId={a.id} applicationName={a.name} />}
        {m2m && <ManagementAccess applicationId={a.id} />}
        {m2m && <ApplicationOrganizations applicationId={a.id} />}
      </Stack>
    </>
  );
}

function ManagementAccess({ applicationId }: { applicationId: string }) {
  const roles = useLoad(() => call(api.GET('/api/applications/{applicationId}/roles', { params: { path: { applicationId } } })), [applicationId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const granted = roles.data?.some((role) => role.id === MANAGEMENT_M2M_ROLE_ID);
  const grant = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await call(api.POST('/api/applications/{applicationId}/roles', { params: { path: { applicationId } }, body: { roleIds: [MANAGEMENT_M2M_ROLE_ID] } }));
      notifySuccess('Management API access granted.');
      roles.reload();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder radius="md" p="lg">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4} maw={620}>
          <Title order={5}>Management API access</Title>
          <Text size="sm" c="dimmed">
            With this, the app may request a client-credentials token for the Management API (scope <Code>all</Code>)
            and manage everything you can manage here. Grant it only to services you trust with that.
          </Text>
        </Stack>
        {roles.error ? null : !roles.data ? (
          <LoadingState />
        ) : granted ? (
          <Badge color="teal" variant="light" size="lg" leftSection={<IconShieldCheck size={14} />} tt="none">
            Granted
          </Badge>
        ) : (
          <Button onClick={() => void grant()} loading={busy} color="orange" variant="light">
            Grant Management API access
          </Button>
        )}
      </Group>
      {roles.error && (
        <Alert color="red" variant="light" mt="sm">
          {roles.error.message}
        </Alert>
      )}
      {error && (
        <Alert color="red" variant="light" mt="sm" role="alert">
          {error}
        </Alert>
      )}
    </Paper>
  );
}

function ApplicationOrganizations({ applicationId }: { applicationId: string }) {
  const organizations = useLoad(() => call(api.GET('/api/applications/{applicationId}/organizations', { params: { path: { applicationId } } })), [applicationId]);
  return (
    <Paper withBorder radius="md" p="lg">
      <Title order={5} mb="sm">
        Organizations
      </Title>
      {organizations.error ? (
        <ErrorState error={organizations.error} onRetry={organizations.reload} />
      ) : !organizations.data ? (
        <LoadingState />
      ) : organizations.data.length === 0 ? (
        <EmptyState icon={<IconBuildingCommunity size={24} />} title="Not in any organization">
          Add this app from an organization's Machine-to-machine apps tab.
        </EmptyState>
      ) : (
        <Table aria-label="Organizations of the application">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Organization</Table.Th>
              <Table.Th>Roles there</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {organizations.data.map((organization) => (
              <Table.Tr key={organization.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/organizations/${organization.id}/apps`} size="sm" fw={500}>
                    {organization.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <RoleTags roles={organization.organizationRoles} empty="No roles" />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
