import type { Executor } from '../platform/database.ts';
import { ApiError } from '../platform/errors.ts';
import { nanoid } from '../platform/ids.ts';
import type { Page } from '../platform/pagination.ts';
import { hashPassword } from './passwords.ts';
import * as queries from './queries.ts';
import type { CreateUserBody, UpdateUserBody } from './schemas.ts';

export async function getUser(db: Executor, id: string) {
  const user = await queries.findUserById(db, id);
  if (!user) throw new ApiError('entity.not_exists_with_id', { name: 'user', id });
  return user;
}

export async function createUser(db: Executor, input: CreateUserBody) {
  const id = nanoid(12);
  await queries.insertUser(db, {
    id,
    username: input.username ?? null,
    primaryEmail: input.primaryEmail ?? null,
    primaryPhone: input.primaryPhone ?? null,
    name: input.name ?? null,
    avatar: input.avatar ?? null,
    passwordDigest: input.password ? await hashPassword(input.password) : null,
    customData: JSON.stringify(input.customData ?? {}),
    profile: JSON.stringify(input.profile ?? {}),
    identities: JSON.stringify({}),
  });
  return getUser(db, id);
}

export async function updateUser(db: Executor, id: string, input: UpdateUserBody) {
  const { customData, profile, ...columns } = input;
  const changed = await queries.updateUser(db, id, {
    ...columns,
    ...(customData === undefined ? {} : { customData: JSON.stringify(customData) }),
    ...(profile === undefined ? {} : { profile: JSON.stringify(profile) }),
  });
  if (!changed) throw new ApiError('entity.not_exists_with_id', { name: 'user', id });
  return getUser(db, id);
}

export async function setPassword(db: Executor, id: string, password: string) {
  const changed = await queries.updateUser(db, id, { passwordDigest: await hashPassword(password) });
  if (!changed) throw new ApiError('entity.not_exists_with_id', { name: 'user', id });
  return getUser(db, id);
}

export async function setSuspended(db: Executor, id: string, isSuspended: boolean) {
  const changed = await queries.updateUser(db, id, { isSuspended });
  if (!changed) throw new ApiError('entity.not_exists_with_id', { name: 'user', id });
  return getUser(db, id);
}

export async function deleteUser(db: Executor, id: string) {
  if (!(await queries.deleteUser(db, id))) throw new ApiError('entity.not_exists_with_id', { name: 'user', id });
}

export function listUsers(db: Executor, filter: queries.UserFilter, page: Page) {
  return queries.listUsers(db, filter, page);
}
