import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { RoleType } from '../api/types.ts';
import { FormError, messageOf } from '../components/form-error.tsx';
import { RoleSelect } from './role-select.tsx';

/** Edits the roles one member (user or app) holds in one organization. */
export function EditRolesModal({
  opened,
  onClose,
  who,
  organizationName,
  type,
  current,
  save,
}: {
  opened: boolean;
  onClose: () => void;
  who: string;
  organizationName: string;
  type: RoleType;
  current: string[];
  save: (roleIds: string[]) => Promise<void>;
}) {
  const [roleIds, setRoleIds] = useState(current);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (opened) {
      setRoleIds(current);
      setError(undefined);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened]);
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await save(roleIds);
      onClose();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} centered title={<Text fw={600}>Roles of {who}</Text>}>
      <Stack>
        <Text size="sm" c="dimmed">
          What {who} may do in {organizationName}. The roles replace the current ones when you save.
        </Text>
        <RoleSelect type={type} label="Organization roles" value={roleIds} onChange={setRoleIds} />
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void submit()} loading={busy}>
            Save roles
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
