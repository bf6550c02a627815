import { Button, Group, Modal, Radio, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { api, call } from '../api/client.ts';
import type { RoleType } from '../api/types.ts';
import { FormError, messageOf } from '../components/form-error.tsx';
import { notifySuccess } from '../components/notify.ts';

export function CreateRoleModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (role: { id: string; name: string }) => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [type, setType] = useState<RoleType>('User');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (opened) {
      setName('');
      setDescription('');
      setType('User');
      setTouched(false);
      setError(undefined);
    }
  }, [opened]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!name.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      const role = await call(
        api.POST('/api/organization-roles', { body: { name: name.trim(), type, ...(description.trim() ? { description: description.trim() } : {}) } }),
      );
      notifySuccess(`Role “${role.name}” created.`);
      onCreated(role);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} centered title={<Text fw={600}>Create organization role</Text>}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Role name" required placeholder="admin" value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={128} error={touched && !name.trim() ? 'Give the role a name.' : undefined} description="Unique across the template. It appears in tokens' roles claim." data-autofocus />
          <Textarea label="Description" placeholder="Can manage members and billing" value={description} onChange={(e) => setDescription(e.currentTarget.value)} maxLength={256} autosize minRows={2} />
          <Radio.Group label="Who can hold it" value={type} onChange={(value) => setType(value as RoleType)}>
            <Stack gap="xs" mt={6}>
              <Radio value="User" label="Users" description="People who are members of an organization." />
              <Radio value="MachineToMachine" label="Machine-to-machine apps" description="Services that act for an organization without a person." />
            </Stack>
          </Radio.Group>
          <FormError error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Create role
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
