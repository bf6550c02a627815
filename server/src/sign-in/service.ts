import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';
import { ApiError, fromDatabaseError } from '../platform/errors.ts';
import { createUser } from '../users/service.ts';
import { dummyPasswordDigest, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from '../users/passwords.ts';

export type SignInResult = { ok: true; userId: string } | { ok: false; reason: 'invalid_credentials' | 'suspended' };

export interface SignInAccount {
  id: string;
  passwordDigest: string | null;
  isSuspended: boolean;
}

/** The account a username or email names (case-insensitively; usernames cannot contain `@`), if any. */
export async function findSignInAccount(db: Db, identifier: string): Promise<SignInAccount | undefined> {
  const normalized = identifier.trim().toLowerCase();
  if (!normalized) return undefined;
  return db
    .selectFrom('users')
    .select(['id', 'passwordDigest', 'isSuspended'])
    .where((eb) => eb.or([eb(sql`lower(username)`, '=', normalized), eb(sql`lower(primary_email)`, '=', normalized)]))
    .executeTakeFirst();
}

/**
 * Checks the password of the account {@link findSignInAccount} found. No account is compared
 * against a dummy digest so that it takes as long as a wrong password; suspension is revealed
 * only to someone who knows the password.
 */
export async function checkSignIn(db: Db, account: SignInAccount | undefined, password: string): Promise<SignInResult> {
  const digest = account?.passwordDigest ?? (await dummyPasswordDigest());
  const matches = (await verifyPassword(digest, password.slice(0, MAX_PASSWORD_LENGTH))) && Boolean(account?.passwordDigest);
  if (!account || !matches) return { ok: false, reason: 'invalid_credentials' };
  if (account.isSuspended) return { ok: false, reason: 'suspended' };
  await db.updateTable('users').set({ lastSignInAt: sql<string>`now()` }).where('id', '=', account.id).execute();
  return { ok: true, userId: account.id };
}

export interface Registration {
  username: string;
  email: string;
  password: string;
}

const USERNAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Validates the registration form; returns a message for the person filling it in, or undefined. */
export function registrationProblem({ username, email, password }: Registration): string | undefined {
  if (!USERNAME.test(username)) {
    return 'Choose a username of letters, digits, "_", "." or "-", starting with a letter or "_".';
  }
  if (email && (email.length > 128 || !EMAIL.test(email))) return 'Enter a valid email address, or leave it empty.';
  if (password.length < MIN_PASSWORD_LENGTH) return `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Choose a password of at most ${MAX_PASSWORD_LENGTH} characters.`;
  return undefined;
}

/** Creates the account; a taken username or email is reported as a message. */
export async function register(db: Db, input: Registration): Promise<{ userId: string } | { problem: string }> {
  const problem = registrationProblem(input);
  if (problem) return { problem };
  try {
    const user = await createUser(db, {
      username: input.username,
      ...(input.email ? { primaryEmail: input.email } : {}),
      password: input.password,
    });
    await db.updateTable('users').set({ lastSignInAt: sql<string>`now()` }).where('id', '=', user.id).execute();
    return { userId: user.id };
  } catch (error) {
    const apiError = error instanceof ApiError ? error : fromDatabaseError(error);
    if (apiError?.code === 'user.username_already_in_use') return { problem: 'This username is already taken.' };
    if (apiError?.code === 'user.email_already_in_use') return { problem: 'This email is already used by another account.' };
    throw error;
  }
}
