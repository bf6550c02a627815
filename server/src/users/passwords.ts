import { hash, verify } from '@node-rs/argon2';

/** argon2id at OWASP's recommended minimum (19 MiB, 2 iterations, 1 lane); ~14 ms here. */
// `algorithm: 2` is Argon2id (the package's const enum cannot be imported under verbatimModuleSyntax).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(digest: string, password: string): Promise<boolean> {
  try {
    return await verify(digest, password);
  } catch {
    return false;
  }
}

/**
 * A digest of a random password, compared against when the account does not exist, so that
 * "no such user" and "wrong password" take the same time.
 */
let dummyDigest: Promise<string> | undefined;
export function dummyPasswordDigest(): Promise<string> {
  dummyDigest ??= hashPassword(crypto.randomUUID());
  return dummyDigest;
}
