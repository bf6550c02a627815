import { MultiSelect } from '@mantine/core';
import type { RoleType } from '../api/types.ts';
import { useLoad } from '../components/use-load.ts';
import { loadAllOrganizationRoles } from '../organization-template/roles-source.ts';

/** Picks organization roles of one type (User roles for people, machine-to-machine roles for apps). */
export function RoleSelect({
  type,
  value,
  onChange,
  label,
  description,
}: {
  type: RoleType;
  value: string[];
  onChange: (ids: string[]) => void;
  label: string;
  description?: string;
}) {
  const roles = useLoad(() => loadAllOrganizationRoles(type), [type]);
  const kind = type === 'User' ? 'user' : 'machine-to-machine';
  return (
    <MultiSelect
      label={label}
      description={description}
      placeholder={roles.loading ? 'Loading roles…' : value.length ? undefined : 'No roles'}
      data={(roles.data ?? []).map((role) => ({ value: role.id, label: role.name }))}
      value={value}
      onChange={onChange}
      searchable
      clearable
      nothingFoundMessage={roles.data?.length === 0 ? `The template has no ${kind} roles yet` : 'No role matches'}
      error={roles.error?.message}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
