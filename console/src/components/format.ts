const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export const formatDateTime = (ms: number | null | undefined) => (ms ? dateTime.format(new Date(ms)) : '—');
export const formatDate = (ms: number | null | undefined) => (ms ? date.format(new Date(ms)) : '—');

export function plural(count: number, one: string, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

/** The best human label of a user: name, then username, email, phone, id. */
export function userLabel(user: {
  id: string;
  name?: string | null;
  username?: string | null;
  primaryEmail?: string | null;
  primaryPhone?: string | null;
}) {
  return user.name || user.username || user.primaryEmail || user.primaryPhone || user.id;
}

export function initials(text: string) {
  const words = text.replace(/[^\p{L}\p{N} ]/gu, ' ').trim().split(/\s+/);
  return ((words[0]?.[0] ?? '?') + (words[1]?.[0] ?? '')).toUpperCase();
}
