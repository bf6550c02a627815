import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * IDs as Logto makes them: lowercase letters and digits (organization IDs are 12 characters,
 * the rest 21). Rejection sampling keeps every character equally likely.
 */
export function nanoid(size = 21): string {
  let id = '';
  while (id.length < size) {
    for (const byte of randomBytes(size * 2)) {
      if (byte < 252) id += ALPHABET[byte % 36];
      if (id.length === size) break;
    }
  }
  return id;
}

/** A client secret: 32 random bytes, base64url. */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Ids in their first-seen order without repeats (request bodies may name an id twice). */
export const uniqueIds = (ids: readonly string[] | undefined): string[] => [...new Set(ids ?? [])];
