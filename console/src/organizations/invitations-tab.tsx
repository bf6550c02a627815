import { Alert, Badge, Button, Group, MultiSelect, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconMailPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import type { Organization } from '../api/types.ts';
import { CopyId } from '../components/copy-id.tsx';
import { formatDateTime } from '../components/format.ts';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';
import { RoleTags } from '../components/tags.tsx';
import { useAction } from '../components/use-action.ts';
import { useLoad } from '../components/use-load.ts';
import { loadAllOrganizationRoles } from '../organization-template/roles-source.ts';

const DAY = 86_400_000;
const VALIDITY = [
  { value: '1', label: '1 day' },
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
];
const STATUS_COLORS = { Pending: 'blue', Accepted: 'teal', Expired: 'gray', Revoked: 'orange' } as const;

/**
 * Invitations to the organization: an email address with the roles it brings. Guildhall sends no
 * email; the product shares the invitation and accepts it for the person who signs up with that
 * address (`PUT /api/organization-invitations/:id/status`), who then joins with those roles.
 */
export function InvitationsTab({ organization }: { organization: Organization }) {
  const invitations = useLoad(
    () => call(api.GET('/api/organization-invitations', { params: { query: { organizationId: organization.id } } })),
    [organization.id],
  );
  const roles = useLoad(() => loadAllOrganizationRoles('User'), []);
  const [invitee, setInvitee] = useState('');
  const [roleIds, setRoleIds] = useState<string[]>([]);
  const [days, setDays] = useState('7');
  const { busy, error, run: act } = useAction(invitations.reload);

  const invite = () =>
    act(
      () =>
        call(
          api.POST('/api/organization-invitations', {
            body: { organizationId: organization.id, invitee: invitee.trim(), expiresAt: Date.now() + Number(days) * DAY, organizationRoleIds: roleIds },
          }),
        ),
      `${invitee.trim()} is invited to ${organization.name}.`,
    ).then((done) => {
      if (done) {
        setInvitee('');
        setRoleIds([]);
      }
    });

  return (
    <Stack>
      <Paper withBorder radius="md" p="lg" component="form" aria-label="Invite by email" onSubmit={(event) => (event.preventDefault(), void invite())}>
        <Stack gap={4} mb="sm" maw={640}>
          <Title order={5}>Invite by email</Title>
          <Text size="sm" c="dimmed">
            Guildhall sends no email: your product shares the invitation, and accepts it for the person who signs in with this
            address. They join {organization.name} with the roles chosen here.
          </Text>
        </Stack>
        <Group align="flex-end" gap="sm">
          <TextInput label="Email address" type="email" required value={invitee} onChange={(event) => setInvitee(event.currentTarget.value)} miw={260} />
          <MultiSelect
            label="Roles"
            placeholder="Choose roles"
            data={(roles.data ?? []).map((role) => ({ value: role.id, label: role.name }))}
            value={roleIds}
            onChange={setRoleIds}
            miw={220}
          />
          <Select label="Valid for" data={VALIDITY} value={days} onChange={(value) => value && setDays(value)} allowDeselect={false} w={120} />
          <Button type="submit" leftSection={<IconMailPlus size={16} />} loading={busy} disabled={!invitee.trim()}>
            Invite
          </Button>
        </Group>
        {error && (
          <Alert color="red" variant="light" mt="sm" role="alert">
            {error}
          </Alert>
        )}
      </Paper>
      <Paper withBorder radius="md" p="lg">
        {invitations.error ? (
          <ErrorState error={invitations.error} onRetry={invitations.reload} />
        ) : !invitations.data ? (
          <LoadingState />
        ) : invitations.data.length === 0 ? (
          <EmptyState icon={<IconMailPlus size={28} />} title="No invitations">
            Invite someone above; they join {organization.name} when their invitation is accepted.
          </EmptyState>
        ) : (
          <Table aria-label="Invitations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Email address</Table.Th>
                <Table.Th>Roles</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>Invitation ID</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {invitations.data.map((invitation) => (
                <Table.Tr key={invitation.id}>
                  <Table.Td>{invitation.invitee}</Table.Td>
                  <Table.Td>
                    <RoleTags roles={invitation.organizationRoles} empty="No roles" />
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLORS[invitation.status]} variant="light" tt="none">
                      {invitation.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatDateTime(invitation.expiresAt)}</Table.Td>
                  <Table.Td>
                    <CopyId value={invitation.id} />
                  </Table.Td>
                  <Table.Td>
                    {invitation.status === 'Pending' ? (
                      <RowAction
                        verb="Revoke"
                        color="red"
                        invitee={invitation.invitee}
                        disabled={busy}
                        onClick={() =>
                          void act(
                            () => call(api.PUT('/api/organization-invitations/{id}/status', { params: { path: { id: invitation.id } }, body: { status: 'Revoked' } })),
                            `The invitation of ${invitation.invitee} is revoked.`,
                          )
                        }
                      />
                    ) : (
                      <RowAction
                        verb="Delete"
                        color="gray"
                        invitee={invitation.invitee}
                        disabled={busy}
                        onClick={() =>
                          void act(
                            () => call(api.DELETE('/api/organization-invitations/{id}', { params: { path: { id: invitation.id } } })),
                            `The invitation of ${invitation.invitee} is deleted.`,
                          )
                        }
                      />
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}

function RowAction({ verb, color, invitee, disabled, onClick }: { verb: string; color: string; invitee: string; disabled: boolean; onClick: () => void }) {
  return (
    <Button size="xs" variant="subtle" color={color} disabled={disabled} aria-label={`${verb} the invitation of ${invitee}`} onClick={onClick}>
      {verb}
    </Button>
  );
}
