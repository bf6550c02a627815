import { CloseButton, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';

/** A search box that applies on Enter (or after a short pause), and clears with Escape. */
export function SearchInput({
  value,
  onChange,
  placeholder,
  label,
}: {
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  label?: string;
}) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return;
    const timer = setTimeout(() => onChange(draft.trim()), 400);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft]);
  return (
    <TextInput
      aria-label={label ?? placeholder}
      placeholder={placeholder}
      leftSection={<IconSearch size={16} />}
      value={draft}
      onChange={(event) => setDraft(event.currentTarget.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onChange(draft.trim());
        if (event.key === 'Escape') {
          setDraft('');
          onChange('');
        }
      }}
      rightSection={draft ? <CloseButton aria-label="Clear search" size="sm" onClick={() => (setDraft(''), onChange(''))} /> : null}
      w={{ base: '100%', sm: 360 }}
    />
  );
}
