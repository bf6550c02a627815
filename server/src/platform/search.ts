/**
 * A case-insensitive substring pattern for ILIKE. `%` and `_` in the keyword match themselves
 * (Logto leaves them as wildcards); the `%…%` wrapping that Logto's Console adds is accepted and
 * removed first, so existing clients keep working.
 */
export function containsPattern(keyword: string): string {
  const bare = keyword.replace(/^%+/, '').replace(/%+$/, '');
  return `%${bare.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
