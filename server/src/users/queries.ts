import { sql } from 'kysely';
import type { Executor } from '../platform/database.ts';
import type { NewUser, UserUpdate } from '../platform/schema.ts';
import { keysetCursorGone, withTotal, type Page } from '../platform/pagination.ts';
import { containsPattern } from '../platform/search.ts';

/** The columns of `UserSchema`, for any query over `users as u`; the password digest never. */
export const USER_PUBLIC_COLUMNS = [
  'u.id',
  'u.username',
  'u.primaryEmail',
  'u.primaryPhone',
  'u.name',
  'u.avatar',
  'u.customData',
  'u.identities',
  'u.profile',
  'u.isSuspended',
  'u.lastSignInAt',
  'u.createdAt',
  'u.updatedAt',
  sql<boolean>`u.password_digest is not null`.as('hasPassword'),
  sql<null>`null`.as('applicationId'),
] as const;

function selectUsers(db: Executor) {
  return db.selectFrom('users as u').select(USER_PUBLIC_COLUMNS);
}

export type UserRow = Awaited<ReturnType<typeof findUserById>> & {};

export function findUserById(db: Executor, id: string) {
  return selectUsers(db).where('u.id', '=', id).executeTakeFirst();
}

export interface UserFilter {
  search?: string | undefined;
  excludeOrganizationId?: string | undefined;
  /** Keyset paging: only users after this one in the list order; no total is counted. */
  before?: string | undefined;
}

function filtered(db: Executor, filter: UserFilter) {
  let query = db.selectFrom('users');
  if (filter.search) {
    const pattern = containsPattern(filter.search);
    query = query.where((eb) =>
      eb.or([
        eb('id', 'ilike', pattern),
        eb('username', 'ilike', pattern),
        eb('primaryEmail', 'ilike', pattern),
        eb('primaryPhone', 'ilike', pattern),
        eb('name', 'ilike', pattern),
      ]),
    );
  }
  if (filter.excludeOrganizationId) {
    const organizationId = filter.excludeOrganizationId;
    query = query.where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('organizationUserRelations as m')
            .select('m.userId')
            .whereRef('m.userId', '=', 'users.id')
            .where('m.organizationId', '=', organizationId),
        ),
      ),
    );
  }
  return query;
}

/** A page of users, newest first, with the total in the same statement (not with `before`). */
export async function listUsers(db: Executor, filter: UserFilter, page: Page): Promise<{ rows: UserRow[]; total: number | undefined }> {
  // Unfiltered, the total is the trigger-kept count (migration 0006), not a count(*) of every row.
  const count = () =>
    filter.search || filter.excludeOrganizationId
      ? filtered(db, filter).select((eb) => eb.fn.countAll<number>().as('count'))
      : db.selectFrom('entityCounts').select('count').where('name', '=', 'users');
  const { before } = filter;
  const rows = await selectUsers(db)
    .$if(before === undefined, (query) => query.select(count().as('total')))
    .$if(before !== undefined, (query) =>
      // The index users__created_at serves the row comparison; an unknown id matches nothing.
      query.where(sql<boolean>`(u.created_at, u.id) < (select b.created_at, b.id from users b where b.id = ${before})`),
    )
    .where('u.id', 'in', filtered(db, filter).select('id'))
    .orderBy('u.createdAt', 'desc')
    .orderBy('u.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  if (before === undefined) {
    return withTotal(rows as Array<(typeof rows)[number] & { total: number }>, page, async () =>
      Number((await count().executeTakeFirstOrThrow()).count),
    );
  }
  if (rows.length === 0 && !(await findUserById(db, before))) throw keysetCursorGone('user', before);
  return { rows, total: undefined };
}

export async function insertUser(db: Executor, user: NewUser) {
  await db.insertInto('users').values(user).execute();
}

export async function updateUser(db: Executor, id: string, update: UserUpdate): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ ...update, updatedAt: sql<string>`now()` })
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteUser(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
