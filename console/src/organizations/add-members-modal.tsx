import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api, call, callPage } from '../api/client.ts';
import type { Organization } from '../api/types.ts';
import { FormError, messageOf } from '../components/form-error.tsx';
import { userLabel } from '../components/format.ts';
import { notifySuccess } from '../components/notify.ts';
import { UserCell } from '../components/user-cell.tsx';
import { Picker, type PickerItem } from './picker.tsx';
import { RoleSelect } from './role-select.tsx';

export function AddMembersModal({ organization, opened, onClose, onAdded }: { organization: Organization; opened: boolean; onClose: () => void; onAdded: () => void }) {
  const [selected, setSelected] = useState<PickerItem[]>([]);
  const [roleIds, setRoleIds] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (opened) {
      setSelected([]);
      setRoleIds([]);
      setError(undefined);
    }
  }, [opened]);

  const search = async (query: string, page: number) => {
    const { rows, total } = await callPage(
      api.GET('/api/users', { params: { query: { excludeOrganizationId: organization.id, search: query || undefined, page, page_size: 20 } } }),
    );
    return { total, items: rows.map((user) => ({ id: user.id, label: userLabel(user), render: <UserCell user={user} /> })) };
  };

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    const userIds = selected.map((item) => item.id);
    try {
      await call(api.POST('/api/organizations/{id}/users', { params: { path: { id: organization.id } }, body: { userIds } }));
      if (roleIds.length > 0) {
        await call(
          api.POST('/api/organizations/{id}/users/roles', { params: { path: { id: organization.id } }, body: { userIds, organizationRoleIds: roleIds } }),
        );
      }
      notifySuccess(userIds.length === 1 ? `${selected[0]!.label} added to ${organization.name}.` : `${userIds.length} members added to ${organization.name}.`);
      onAdded();
      onClose();
    } catch (caught) {
      setError(messageOf(caught));
      onAdded();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} size="xl" centered title={<Text fw={600}>Add members to {organization.name}</Text>}>
      <Stack>
        <Text size="sm" c="dimmed">
          Search by name, username, email, phone or user ID. People who already belong to this organization are not listed.
        </Text>
        <Picker search={search} selected={selected} onChange={setSelected} placeholder="Search users" noun="user" />
        <RoleSelect
          type="User"
          label="Give them these organization roles"
          description="Optional. You can change each member's roles later."
          value={roleIds}
          onChange={setRoleIds}
        />
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void submit()} loading={busy} disabled={selected.length === 0}>
            {selected.length > 1 ? `Add ${selected.length} members` : 'Add member'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
