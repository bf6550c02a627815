import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { api, call, callPage } from '../api/client.ts';
import type { Organization } from '../api/types.ts';
import { FormError, messageOf } from '../components/form-error.tsx';
import { userLabel } from '../components/format.ts';
import { notifySuccess } from '../components/notify.ts';
import { UserCell } from '../components/user-cell.tsx';
import { AppCell } from './app-cell.tsx';
import { Picker, type PickerItem } from './picker.tsx';
import { RoleSelect } from './role-select.tsx';

interface Kind {
  /** Singular and plural nouns: "member"/"members", "app"/"apps". */
  noun: [string, string];
  intro: string;
  placeholder: string;
  roleType: 'User' | 'MachineToMachine';
  roleDescription: string;
  search: (organizationId: string, query: string, page: number) => Promise<{ total: number; items: PickerItem[] }>;
  /** Adds the chosen ids, then gives every one of them every role (when any). */
  add: (organizationId: string, ids: string[], roleIds: string[]) => Promise<void>;
}

const kinds: Record<'users' | 'applications', Kind> = {
  users: {
    noun: ['member', 'members'],
    intro: 'Search by name, username, email, phone or user ID. People who already belong to this organization are not listed.',
    placeholder: 'Search users',
    roleType: 'User',
    roleDescription: "Optional. You can change each member's roles later.",
    async search(organizationId, query, page) {
      const { rows, total } = await callPage(
        api.GET('/api/users', { params: { query: { excludeOrganizationId: organizationId, search: query || undefined, page, page_size: 20 } } }),
      );
      return { total, items: rows.map((user) => ({ id: user.id, label: userLabel(user), render: <UserCell user={user} /> })) };
    },
    async add(organizationId, userIds, organizationRoleIds) {
      const path = { id: organizationId };
      await call(api.POST('/api/organizations/{id}/users', { params: { path }, body: { userIds } }));
      if (organizationRoleIds.length > 0) {
        await call(api.POST('/api/organizations/{id}/users/roles', { params: { path }, body: { userIds, organizationRoleIds } }));
      }
    },
  },
  applications: {
    noun: ['app', 'apps'],
    intro: 'Only machine-to-machine apps can join an organization. Apps already in it are not listed.',
    placeholder: 'Search apps',
    roleType: 'MachineToMachine',
    roleDescription: 'Optional.',
    async search(organizationId, query, page) {
      const { rows, total } = await callPage(
        api.GET('/api/applications', {
          params: { query: { excludeOrganizationId: organizationId, types: ['MachineToMachine'], search: query || undefined, page, page_size: 20 } },
        }),
      );
      return { total, items: rows.map((app) => ({ id: app.id, label: app.name, render: <AppCell app={app} /> })) };
    },
    async add(organizationId, applicationIds, organizationRoleIds) {
      const path = { id: organizationId };
      await call(api.POST('/api/organizations/{id}/applications', { params: { path }, body: { applicationIds } }));
      if (organizationRoleIds.length > 0) {
        await call(api.POST('/api/organizations/{id}/applications/roles', { params: { path }, body: { applicationIds, organizationRoleIds } }));
      }
    },
  },
};

/** Adds several users (or machine-to-machine apps) to an organization at once, with optional roles. */
export function AddToOrganizationModal({
  kind: kindName,
  organization,
  opened,
  onClose,
  onAdded,
}: {
  kind: keyof typeof kinds;
  organization: Organization;
  opened: boolean;
  onClose: () => void;
  onAdded: () => void;
}): ReactNode {
  const kind = kinds[kindName];
  const [one, many] = kind.noun;
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

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await kind.add(organization.id, selected.map((item) => item.id), roleIds);
      notifySuccess(`${selected.length === 1 ? selected[0]!.label : `${selected.length} ${many}`} added to ${organization.name}.`);
      onAdded();
      onClose();
    } catch (caught) {
      setError(messageOf(caught));
      // The first step may have succeeded: show what is there now.
      onAdded();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} size="xl" centered title={<Text fw={600}>Add {many} to {organization.name}</Text>}>
      <Stack>
        <Text size="sm" c="dimmed">
          {kind.intro}
        </Text>
        <Picker
          search={(query, page) => kind.search(organization.id, query, page)}
          selected={selected}
          onChange={setSelected}
          placeholder={kind.placeholder}
          noun={kindName === 'users' ? 'user' : 'app'}
        />
        <RoleSelect type={kind.roleType} label="Give them these organization roles" description={kind.roleDescription} value={roleIds} onChange={setRoleIds} />
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void submit()} loading={busy} disabled={selected.length === 0}>
            {selected.length > 1 ? `Add ${selected.length} ${many}` : `Add ${one}`}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
