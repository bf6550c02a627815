import { Badge, Button, Checkbox, Group, Modal, ScrollArea, Stack, Tabs, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api, call } from '../api/client.ts';
import { FormError, messageOf } from '../components/form-error.tsx';
import { notifySuccess } from '../components/notify.ts';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { useLoad } from '../components/use-load.ts';
import { loadApiPermissionGroups } from '../resources/resources-source.ts';

/**
 * Adds permissions to an organization role: organization permissions and API permissions
 * (grouped by API resource), each in its own tab. Already assigned ones are not offered.
 */
export function AssignPermissionsModal({
  opened,
  onClose,
  role,
  assigned,
  onAssigned,
}: {
  opened: boolean;
  onClose: () => void;
  role: { id: string; name: string };
  assigned: { organizationScopeIds: string[]; resourceScopeIds: string[] };
  onAssigned: () => void;
}) {
  const [scopeIds, setScopeIds] = useState<string[]>([]);
  const [resourceScopeIds, setResourceScopeIds] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const scopes = useLoad(() => (opened ? call(api.GET('/api/organization-scopes', {})) : Promise.resolve(undefined)), [opened]);
  const groups = useLoad(() => (opened ? loadApiPermissionGroups() : Promise.resolve(undefined)), [opened]);
  useEffect(() => {
    if (opened) {
      setScopeIds([]);
      setResourceScopeIds([]);
      setError(undefined);
    }
  }, [opened]);

  const availableScopes = (scopes.data ?? []).filter((scope) => !assigned.organizationScopeIds.includes(scope.id));
  const availableGroups = (groups.data ?? [])
    .map((group) => ({ ...group, scopes: group.scopes.filter((scope) => !assigned.resourceScopeIds.includes(scope.id)) }))
    .filter((group) => group.scopes.length > 0);
  const toggle = (list: string[], set: (next: string[]) => void, id: string) => set(list.includes(id) ? list.filter((other) => other !== id) : [...list, id]);

  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      if (scopeIds.length > 0) {
        await call(api.POST('/api/organization-roles/{id}/scopes', { params: { path: { id: role.id } }, body: { organizationScopeIds: scopeIds } }));
      }
      if (resourceScopeIds.length > 0) {
        await call(api.POST('/api/organization-roles/{id}/resource-scopes', { params: { path: { id: role.id } }, body: { scopeIds: resourceScopeIds } }));
      }
      const count = scopeIds.length + resourceScopeIds.length;
      notifySuccess(`${count} permission${count === 1 ? '' : 's'} assigned to ${role.name}.`);
      onAssigned();
      onClose();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  const total = scopeIds.length + resourceScopeIds.length;
  return (
    <Modal opened={opened} onClose={onClose} size="lg" centered title={<Text fw={600}>Assign permissions to {role.name}</Text>}>
      <Stack>
        <Text size="sm" c="dimmed">
          Members holding this role get these permissions in their organization tokens. Pick organization permissions,
          API permissions, or both.
        </Text>
        <Tabs defaultValue="organization">
          <Tabs.List>
            <Tabs.Tab value="organization" rightSection={<Badge size="xs" variant="light">{scopeIds.length}</Badge>}>
              Organization permissions
            </Tabs.Tab>
            <Tabs.Tab value="api" rightSection={<Badge size="xs" variant="light">{resourceScopeIds.length}</Badge>}>
              API permissions
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="organization" pt="sm">
            <ScrollArea h={300} type="auto">
              {scopes.error ? (
                <ErrorState error={scopes.error} onRetry={scopes.reload} />
              ) : !scopes.data ? (
                <LoadingState />
              ) : availableScopes.length === 0 ? (
                <Text size="sm" c="dimmed" p="sm">
                  {scopes.data.length === 0
                    ? 'The template has no organization permissions yet. Create them on the Organization permissions tab.'
                    : 'This role already has every organization permission.'}
                </Text>
              ) : (
                <Stack gap="xs" p={4}>
                  {availableScopes.map((scope) => (
                    <Checkbox
                      key={scope.id}
                      label={scope.name}
                      description={scope.description ?? undefined}
                      checked={scopeIds.includes(scope.id)}
                      onChange={() => toggle(scopeIds, setScopeIds, scope.id)}
                    />
                  ))}
                </Stack>
              )}
            </ScrollArea>
          </Tabs.Panel>
          <Tabs.Panel value="api" pt="sm">
            <ScrollArea h={300} type="auto">
              {groups.error ? (
                <ErrorState error={groups.error} onRetry={groups.reload} />
              ) : !groups.data ? (
                <LoadingState />
              ) : availableGroups.length === 0 ? (
                <Text size="sm" c="dimmed" p="sm">
                  {groups.data.length === 0
                    ? 'No API resource has permissions yet. Add them under API resources.'
                    : 'This role already has every API permission.'}
                </Text>
              ) : (
                <Stack gap="md" p={4}>
                  {availableGroups.map((group) => (
                    <Stack gap="xs" key={group.resource.id}>
                      <Title order={6}>
                        {group.resource.name}{' '}
                        <Text span size="xs" c="dimmed">
                          {group.resource.indicator}
                        </Text>
                      </Title>
                      {group.scopes.map((scope) => (
                        <Checkbox
                          key={scope.id}
                          label={scope.name}
                          description={scope.description ?? undefined}
                          checked={resourceScopeIds.includes(scope.id)}
                          onChange={() => toggle(resourceScopeIds, setResourceScopeIds, scope.id)}
                        />
                      ))}
                    </Stack>
                  ))}
                </Stack>
              )}
            </ScrollArea>
          </Tabs.Panel>
        </Tabs>
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Skip for now
          </Button>
          <Button onClick={() => void save()} loading={busy} disabled={total === 0}>
            {total > 0 ? `Assign ${total} permission${total === 1 ? '' : 's'}` : 'Assign permissions'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
